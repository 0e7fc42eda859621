"""`studybot serve`: the web endpoint (Teams, health) and the Discord client in one process."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from typing import Any


async def serve(settings: Any, args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.app import App
    from bot.channels.web import build_web_app, check_serve_args

    problem = check_serve_args(
        settings.teams_app_id, args.host, args.dev, settings.discord_token is not None
    )
    if problem:
        print(f"studybot: {problem}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("studybot: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.workers > 1:
        from bot.cli.workers import supervise

        return await supervise(args)
    if args.dev and args.worker_index in (None, 0):
        print("development mode: no authentication, listening on loopback only", file=sys.stderr)
    # Search, embedding and SQL run in worker threads; the default pool (cores + 4) queues
    # them under load, and most of their time is waiting, not computing.
    from concurrent.futures import ThreadPoolExecutor

    from bot.store.db import WORKER_THREADS  # the SQL pool is sized to match

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=WORKER_THREADS))
    app = await asyncio.to_thread(App.build, settings, True)
    await asyncio.to_thread(app.ensure_loaded)
    app.warm_answers()
    teams_enabled = bool(settings.teams_app_id) or args.dev
    runner = web.AppRunner(
        build_web_app(app.core, dev=args.dev, run_scheduler=True, teams_enabled=teams_enabled)
    )
    await runner.setup()
    # A worker of `serve --workers N` shares the port with the others (SO_REUSEPORT).
    worker = args.worker_index is not None
    site = web.TCPSite(runner, args.host, args.port, reuse_port=worker or None)
    await site.start()
    if worker:
        print(f"worker {args.worker_index} (pid {os.getpid()}) ready", file=sys.stderr)
    else:
        print(f"StudyBot listening on http://{args.host}:{args.port}/api/messages", file=sys.stderr)
    # SIGTERM (docker stop, the workers' supervisor) stops as Ctrl-C does: turns in flight
    # are drained and the scheduler lock is handed over, instead of dying mid-reply.
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    orphan_watch = asyncio.create_task(_stop_when_orphaned(stop)) if worker else None
    refresher = (
        asyncio.create_task(_follow_the_index(app, settings.index_refresh_s))
        if settings.index_refresh_s > 0
        else None
    )
    discord_task = None
    # One Discord gateway session per token: with several workers, worker 0 holds it.
    if settings.discord_token is not None and args.worker_index in (None, 0):
        from bot.channels.discord.client import run_discord

        discord_task = asyncio.create_task(
            run_discord(app.core, settings.discord_token.get_secret_value())
        )
    try:
        await stop.wait()
    finally:
        for task in (orphan_watch, refresher):
            if task is not None:
                task.cancel()
        if discord_task is not None:
            discord_task.cancel()
        await runner.cleanup()
    return 0


async def _follow_the_index(app: Any, every_s: float) -> None:
    """Reload the in-memory search copies when another process re-indexed the store."""
    import logging

    log = logging.getLogger("bot.cli.serve")
    while True:
        await asyncio.sleep(every_s)
        try:
            if await asyncio.to_thread(app.search.refresh_if_changed):
                log.info("the course store changed: search reloaded")
        except Exception:
            # A store briefly unreachable is /readyz's business; try again next time.
            log.warning("could not check the course store for changes", exc_info=True)


async def _stop_when_orphaned(stop: asyncio.Event, every_s: float = 1.0) -> None:
    """A worker whose supervisor died (even by SIGKILL) stops too, instead of serving on
    unsupervised: it notices that its parent process changed."""
    parent = os.getppid()
    # Polling: "my parent died" has no event to wait on (short of Linux-only prctl).
    while os.getppid() == parent:  # noqa: ASYNC110
        await asyncio.sleep(every_s)
    stop.set()


async def teams_package(settings: Any, args: argparse.Namespace) -> int:
    """Build the Teams app package (manifest and icons) for upload."""
    from pathlib import Path

    from bot.channels.teams.package import PackageError, build_package

    app_id = args.app_id or settings.teams_app_id
    if not app_id:
        print("studybot: give --app-id or set STUDYBOT_TEAMS_APP_ID", file=sys.stderr)
        return 2
    try:
        out = await asyncio.to_thread(
            build_package, Path(args.folder), app_id, args.domain, Path(args.out)
        )
    except (PackageError, OSError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out}: upload it in Teams (Apps > Manage your apps > Upload an app)")
    return 0
