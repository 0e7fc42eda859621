"""The bot's HTTP server: `/api/messages` (Teams), `/healthz`, `/readyz`.

One aiohttp application over the core `Application`. Clients are closed in `on_cleanup`;
in-flight turns get a bounded time to finish on shutdown.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from aiohttp import web

from bot.channels import pages
from bot.channels.teams.edge import MAX_BODY, TeamsChannel
from bot.core.application import Application

log = logging.getLogger(__name__)

CORE_KEY = web.AppKey("studybot", Application)
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
    core: Application,
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
    teams = TeamsChannel(core, dev=dev)
    web_app[CORE_KEY] = core
    web_app[TEAMS_KEY] = teams
    if teams_enabled:
        # Without an app id (and not --dev), botbuilder would accept anonymous requests:
        # then there is no Teams endpoint at all.
        web_app.router.add_post("/api/messages", teams.handle)
    # The pages the Teams manifest links to (website, privacy, terms).
    web_app.router.add_get("/", pages.home)
    web_app.router.add_get("/privacy", pages.privacy)
    web_app.router.add_get("/terms", pages.terms)
    web_app.router.add_get("/healthz", _healthz)
    web_app.router.add_get("/readyz", _readyz)

    started: list[bool] = []

    async def on_startup(_: web.Application) -> None:
        if run_scheduler:
            await core.schedules.post_with("teams", teams)
            await core.schedules.start()
            started.append(True)
        if teams_enabled:
            teams.start_recovery()  # first: what a crash left acknowledged but unfinished
            await teams.resume_group_quizzes()

    async def on_shutdown(_: web.Application) -> None:
        if started:
            await core.schedules.shutdown()
        await teams.drain(drain_s)

    async def on_cleanup(_: web.Application) -> None:
        await core.aclose()

    web_app.on_startup.append(on_startup)
    web_app.on_shutdown.append(on_shutdown)
    web_app.on_cleanup.append(on_cleanup)
    return web_app


async def _healthz(request: web.Request) -> web.Response:
    # Which worker answered and whether it runs the scheduler: with `serve --workers N`
    # the port is shared, and an operator (or a test) can see both.
    core = request.app[CORE_KEY]
    scheduler = "running" if core.schedules.running_here else "standby"
    return web.json_response({"status": "ok", "worker": os.getpid(), "scheduler": scheduler})


async def _readyz(request: web.Request) -> web.Response:
    ready, checks = await request.app[CORE_KEY].health.check()
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
