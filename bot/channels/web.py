"""The bot's HTTP server: `/api/messages` (Teams), `/healthz`, `/readyz`.

One aiohttp application, built from the `App` (composition root). Clients are closed in
`on_cleanup`; in-flight turns get a bounded time to finish on shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web
from sqlalchemy import text

from bot.channels.teams import MAX_BODY, TeamsChannel

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

APP_KEY = web.AppKey("studybot", object)
TEAMS_KEY = web.AppKey("teams", TeamsChannel)


@web.middleware
async def errors_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """No traceback ever reaches a response; HTTP errors keep their status, as JSON."""
    try:
        response: web.StreamResponse = await handler(request)
        return response
    except web.HTTPException as exc:
        if exc.status >= 400:
            return web.json_response({"error": exc.reason}, status=exc.status)
        raise
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return web.json_response({"error": "internal error"}, status=500)


def build_web_app(
    app: App,
    dev: bool = False,
    drain_s: float = 10.0,
    run_scheduler: bool = False,
    teams_enabled: bool = True,
) -> web.Application:
    """The aiohttp application serving Teams and the health endpoints.

    With `run_scheduler`, scheduled quizzes run in this process too (if it wins the
    database lock), posting into Teams conversations through the channel.
    """
    web_app = web.Application(client_max_size=MAX_BODY, middlewares=[errors_middleware])
    teams = TeamsChannel(app, dev=dev)
    web_app[APP_KEY] = app
    web_app[TEAMS_KEY] = teams
    if teams_enabled:
        # Without an app id (and not --dev), botbuilder would accept anonymous requests:
        # then there is no Teams endpoint at all.
        web_app.router.add_post("/api/messages", teams.handle)
    web_app.router.add_get("/healthz", _healthz)
    web_app.router.add_get("/readyz", _readyz)

    schedules: list[Any] = []

    async def on_startup(_: web.Application) -> None:
        if run_scheduler:
            service = await asyncio.to_thread(lambda: app.schedules)
            service.posters["teams"] = teams
            await service.start()
            schedules.append(service)
        if teams_enabled:
            await teams.resume_group_quizzes()

    async def on_shutdown(_: web.Application) -> None:
        for service in schedules:
            await service.shutdown()
        await teams.drain(drain_s)

    async def on_cleanup(_: web.Application) -> None:
        await app.aclose()

    web_app.on_startup.append(on_startup)
    web_app.on_shutdown.append(on_shutdown)
    web_app.on_cleanup.append(on_cleanup)
    return web_app


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _readyz(request: web.Request) -> web.Response:
    app: App = request.app[APP_KEY]  # type: ignore[assignment]
    checks: dict[str, Any] = {}

    def store() -> int:
        return app.store.count()

    def database() -> None:
        with app.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    for name, fn in (("store", store), ("database", database)):
        start = time.perf_counter()
        try:
            result = await asyncio.wait_for(asyncio.to_thread(fn), timeout=5)
            checks[name] = {"ok": True, "ms": round((time.perf_counter() - start) * 1000, 1)}
            if name == "store":
                checks[name]["chunks"] = result
        except Exception as exc:
            checks[name] = {"ok": False, "error": type(exc).__name__}
    checks["models"] = {"ok": True, "configured": sorted(app.pool.models) or ["offline"]}
    ready = all(c["ok"] for c in checks.values()) and checks["store"].get("chunks", 0) > 0
    return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def check_serve_args(app_id: str | None, host: str, dev: bool, discord: bool = False) -> str | None:
    """Why the server must not start with these settings, or None when it may."""
    if not app_id and not dev and not discord:
        return (
            "STUDYBOT_TEAMS_APP_ID is not set: every request would be accepted without a token. "
            "Set the Azure Bot's app id and password, or run with --dev (loopback only) for the "
            "Bot Framework Emulator and local tests."
        )
    if dev and host not in LOOPBACK:
        return f"--dev serves without authentication, so it binds to loopback only (not {host})"
    return None
