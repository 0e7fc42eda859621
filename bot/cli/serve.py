"""`studybot serve`: the web endpoint (Teams, health) and the Discord client in one process."""

from __future__ import annotations

import argparse
import asyncio
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
    if args.dev:
        print("development mode: no authentication, listening on loopback only", file=sys.stderr)
    # Search, embedding and SQL run in worker threads; the default pool (cores + 4) queues
    # them under load, and most of their time is waiting, not computing.
    from concurrent.futures import ThreadPoolExecutor

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    app = await asyncio.to_thread(App.build, settings, True)
    await asyncio.to_thread(app.ensure_loaded)
    teams_enabled = bool(settings.teams_app_id) or args.dev
    runner = web.AppRunner(
        build_web_app(app.core, dev=args.dev, run_scheduler=True, teams_enabled=teams_enabled)
    )
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port)
    await site.start()
    print(f"StudyBot listening on http://{args.host}:{args.port}/api/messages", file=sys.stderr)
    discord_task = None
    if settings.discord_token is not None:
        from bot.channels.discord.client import run_discord

        discord_task = asyncio.create_task(
            run_discord(
                app.core, settings.discord_token.get_secret_value(), settings.discord_ask_cooldown_s
            )
        )
    try:
        await asyncio.Event().wait()
    finally:
        if discord_task is not None:
            discord_task.cancel()
        await runner.cleanup()
    return 0


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
