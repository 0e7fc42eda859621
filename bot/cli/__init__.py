"""The `studybot` command. Output shapes here are relied on by tools and benchmarks."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from typing import Any

from bot.cli.course import ask, index, search
from bot.cli.models import costs, eval_routing, route
from bot.cli.parser import build_parser
from bot.cli.quiz import leaderboard, quiz_approve, quiz_generate, quiz_play, quiz_validate
from bot.cli.serve import serve, teams_package
from bot.kernel.errors import StudyBotError

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `studybot` command."""
    args = build_parser().parse_args(argv)
    if args.config:
        os.environ["STUDYBOT_CONFIG"] = args.config
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        from bot.config import load_settings

        settings = load_settings()
        logging.basicConfig(
            level=settings.log_level,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            stream=sys.stderr,
        )
        for noisy in ("chromadb", "httpx", "httpx2", "openai", "bm25s", "apscheduler", "alembic"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        code = asyncio.run(_dispatch(args, settings))
        sys.stdout.flush()  # a reader that went away shows here, not at interpreter exit
        return code
    except StudyBotError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`studybot ask - | head`): not an error. Point stdout at
        # /dev/null so Python's own flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


async def _dispatch(args: argparse.Namespace, settings: Any) -> int:
    from bot.config import settings_markdown, settings_reference

    if args.command == "config":
        if args.reference and args.markdown:
            print(settings_markdown())
        elif args.reference:
            for _name, env, default, meaning in settings_reference():
                print(f"{env}\t{default}\t{meaning}")
        else:
            print(settings.model_dump_json(indent=2))
            mode, why = settings.answer_mode()
            # On stderr: standard output stays the JSON that tools read.
            print(f"answer mode: {mode} — {why}", file=sys.stderr)
        return 0

    if args.command == "costs":
        return await costs(settings, args)
    if args.command == "serve":
        return await serve(settings, args)
    if args.command == "teams-package":
        return await teams_package(settings, args)
    if args.command == "quiz" and args.action == "validate":
        return await quiz_validate(settings, args)
    if args.command == "quiz" and args.action == "approve":
        return await quiz_approve(settings, args)
    if args.command == "schedule":
        from bot.cli.schedule import run_schedule_command

        return await run_schedule_command(settings, args)

    from bot.app import App

    # Kiwi (1.3 s) is warmed while a chat waits for its first question; for a one-shot
    # `ask` the warm-up would only compete for the CPU, and an English question needs no Kiwi.
    # `index` embeds only what changed (usually nothing): its encoder starts when needed.
    app = await asyncio.to_thread(
        App.build, settings, args.command in ("chat", "eval"), args.command != "index"
    )
    async with app:
        if args.command == "index":
            return await index(app, args)
        await asyncio.to_thread(app.ensure_loaded)
        if not app.search.chunks:  # (the store is empty: nothing was loaded from it)
            print(
                "studybot: the course index is empty; run `studybot index` first", file=sys.stderr
            )
            return 2
        if args.command == "chat":
            app.warm_answers()  # while the student types
        if args.command == "search":
            return await search(app, args)
        if args.command == "route":
            return await route(app, args)
        if args.command == "compare":
            from bot.evaluation.compare import run_compare

            return await run_compare(app, args)
        if args.command == "ask":
            return await ask(app, args)
        if args.command == "chat":
            from bot.channels.terminal import run_chat

            settings.data_dir.mkdir(parents=True, exist_ok=True)
            return await run_chat(
                app.service, str(settings.data_dir / "chat_history"), quiz=app.core.quizzes
            )
        if args.command == "quiz" and args.action == "generate":
            return await quiz_generate(app, args)
        if args.command in ("quiz", "review", "stats"):
            return await quiz_play(app, args)
        if args.command == "leaderboard":
            return await leaderboard(app, args)
        if args.command == "eval":
            if args.routing:
                return await eval_routing(app, args)
            if args.answers:
                from bot.evaluation.answers import run_answer_eval

                return await asyncio.to_thread(run_answer_eval, app, args)
            from bot.evaluation.retrieval import run_eval

            args.questions = args.questions or "eval/questions.jsonl"
            return await asyncio.to_thread(run_eval, app, args)
    return 2
