"""The `studybot` command. Output shapes here are relied on by tools and benchmarks."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Iterator
from typing import Any

from bot import __version__
from bot.kernel.errors import StudyBotError, UserFacing

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="studybot",
        description="StudyBot: cited answers and quizzes about the course, in Korean and English.",
    )
    p.add_argument("--version", action="version", version=f"studybot {__version__}")
    p.add_argument("--config", help="path to studybot.toml (default: ./studybot.toml)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("index", help="index knowledge/ into the course store (incremental)")
    s.add_argument(
        "--rebuild", action="store_true", help="drop the index and embed everything again"
    )
    s.add_argument("--json", action="store_true", help="print the report as JSON")

    s = sub.add_parser("search", help="search the course; '-' reads one query per stdin line")
    s.add_argument("query")
    s.add_argument("--k", type=int, default=None, help="number of sections (default: search_k)")
    s.add_argument("--json", action="store_true", help="print hits as a JSON array")
    s.add_argument("--mode", choices=["hybrid", "dense", "bm25", "bm25_ws"], default="hybrid")

    s = sub.add_parser("ask", help="answer a question; '-' reads one question per stdin line")
    s.add_argument("question")
    s.add_argument("--json", action="store_true", help="print the answer as JSON")

    s = sub.add_parser("route", help="show the cost policy's decision without calling a model")
    s.add_argument("question", help="the question; '-' reads one per stdin line (JSON Lines)")
    s.add_argument("--json", action="store_true", help="print {tier, model, reason, features}")
    s.add_argument("--role", choices=["student", "teacher", "admin"], default="student")

    s = sub.add_parser("costs", help="what model calls have cost, from the ledger")
    s.add_argument("--by", choices=["user", "class", "model", "day"], default=None)
    s.add_argument("--json", action="store_true", help="print the rows as JSON")

    s = sub.add_parser("compare", help="answer one question with several models side by side")
    s.add_argument("question")
    s.add_argument("--models", required=True, help="comma-separated catalog model names")
    s.add_argument("--json", action="store_true", help="print the results as JSON")

    s = sub.add_parser("quiz", help="play a quiz; `quiz validate` checks the banks")
    s.add_argument(
        "action", nargs="?", default="play", choices=["play", "validate", "generate", "approve"]
    )
    s.add_argument("--per-section", type=int, default=2, help="generate: cloze drafts per section")
    s.add_argument("--with-model", action="store_true", help="generate: also draft with the model")
    s.add_argument("--drafts", help="approve: the drafts file to take approved questions from")
    s.add_argument(
        "--section",
        action="append",
        help="play: only questions on this section (heading path; repeatable)",
    )

    s.add_argument("--lang", choices=["ko", "en"], default=None, help="language (default: en)")
    s.add_argument("--n", type=int, default=5, help="number of questions")
    s.add_argument("--user", default="local", help="whose quiz it is (default: local)")
    s.add_argument("--json", action="store_true", help="validate: print the report as JSON")

    s = sub.add_parser("leaderboard", help="a class's quiz leaderboard")
    s.add_argument("--class-id", default="direct", help="the class (Discord guild / Teams team)")
    s.add_argument("--period", choices=["week", "month", "all"], default="week")
    s.add_argument("--json", action="store_true", help="print JSON")

    for name, text in (("review", "play your due review cards"), ("stats", "your quiz results")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--lang", choices=["ko", "en"], default="en")
        s.add_argument("--n", type=int, default=5, help="number of questions")
        s.add_argument("--user", default="local", help="whose results (default: local)")

    s = sub.add_parser("schedule", help="scheduled group quizzes: add, list, remove, run")
    s.add_argument("action", choices=["add", "list", "remove", "run"])
    s.add_argument("id", nargs="?", help="schedule id (add, remove)")
    s.add_argument("--cron", help="crontab expression, e.g. '0 9 * * mon-fri'")
    s.add_argument("--every", type=float, help="interval in minutes (instead of --cron)")
    s.add_argument("--tz", default=None, help="timezone (default: the `timezone` setting)")
    s.add_argument("--platform", default="terminal", help="channel to post into")
    s.add_argument("--conversation", default="terminal", help="conversation id in that channel")
    s.add_argument("--class-id", default="direct", help="class the quiz scores count for")
    s.add_argument("--lang", choices=["ko", "en"], default="en")
    s.add_argument("--n", type=int, default=5, help="questions per quiz")
    s.add_argument("--time-limit", type=float, default=60, help="seconds per question")
    s.add_argument("--mode", choices=["first_correct", "everyone"], default="first_correct")
    s.add_argument("--json", action="store_true", help="list: print JSON")

    s = sub.add_parser("serve", help="run the bot server (Teams endpoint, health checks)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=3978)
    s.add_argument("--dev", action="store_true", help="no authentication; loopback only")

    s = sub.add_parser("teams-package", help="build the Teams app upload zip")
    s.add_argument("--app-id", help="the Azure Bot's Microsoft App ID (default: teams_app_id)")
    s.add_argument(
        "--domain", required=True, help="the bot's public host name, e.g. bot.school.edu"
    )
    s.add_argument("--out", default="dist/studybot-teams.zip")
    s.add_argument("--folder", default="deploy/teams", help="manifest and icons folder")

    sub.add_parser("chat", help="interactive chat in the terminal")

    s = sub.add_parser("eval", help="retrieval and scope metrics on the dev set, with baselines")
    s.add_argument("--questions", default=None, help="question set (JSON Lines)")
    s.add_argument(
        "--routing",
        action="store_true",
        help="evaluate the cost policy on eval/routing.jsonl instead of retrieval",
    )
    s.add_argument(
        "--answers",
        action="store_true",
        help="score answer content against the answer keys (tuned and held-out sets)",
    )
    s.add_argument("--live", action="store_true", help="with --routing: really call the models")
    s.add_argument("--json", action="store_true", help="print the metrics as JSON")
    s.add_argument("--write-baseline", metavar="PATH", help="also write the metrics to PATH")
    s.add_argument("--calibrate", action="store_true", help="search for the best scope thresholds")

    s = sub.add_parser("config", help="show the settings in effect (secrets hidden)")
    s.add_argument("--reference", action="store_true", help="print the settings reference table")
    s.add_argument("--markdown", action="store_true", help="with --reference: as a Markdown table")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `studybot` command."""
    args = _parser().parse_args(argv)
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
        return asyncio.run(_dispatch(args, settings))
    except StudyBotError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


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
        return 0

    if args.command == "costs":
        return await _costs(settings, args)
    if args.command == "serve":
        return await _serve(settings, args)
    if args.command == "teams-package":
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
    if args.command == "quiz" and args.action == "validate":
        return await _quiz_validate(settings, args)
    if args.command == "quiz" and args.action == "approve":
        return await _quiz_approve(settings, args)
    if args.command == "schedule":
        from bot.cli_schedule import run_schedule_command

        return await run_schedule_command(settings, args)

    from bot.app import App

    app = await asyncio.to_thread(App.build, settings, args.command in ("chat", "ask", "eval"))
    async with app:
        if args.command == "index":
            return await _index(app, args)
        await asyncio.to_thread(app.ensure_loaded)
        if app.store.count() == 0:
            print(
                "studybot: the course index is empty; run `studybot index` first", file=sys.stderr
            )
            return 2
        if args.command == "search":
            return await _search(app, args)
        if args.command == "route":
            return await _route(app, args)
        if args.command == "compare":
            from bot.evaluation.compare import run_compare

            return await run_compare(app, args)
        if args.command == "ask":
            return await _ask(app, args)
        if args.command == "chat":
            from bot.channels.terminal import run_chat

            settings.data_dir.mkdir(parents=True, exist_ok=True)
            return await run_chat(
                app.service, str(settings.data_dir / "chat_history"), quiz=app.core.quizzes
            )
        if args.command == "quiz" and args.action == "generate":
            return await _quiz_generate(app, args)
        if args.command in ("quiz", "review", "stats"):
            return await _quiz_play(app, args)
        if args.command == "leaderboard":
            rows = await asyncio.to_thread(
                lambda: app.quiz.progress.leaderboard(args.class_id, args.period)
            )
            if args.json:
                print(json.dumps([{"user": u, "points": p, "answers": n} for u, p, n in rows]))
            else:
                for rank, (user, points, answers) in enumerate(rows, start=1):
                    print(f"{rank:>2}. {user:<24} {points:>4} pts ({answers} answers)")
                if not rows:
                    print("no answers yet")
            return 0
        if args.command == "eval":
            if args.routing:
                return await _eval_routing(app, args)
            if args.answers:
                from bot.evaluation.answers import run_answer_eval

                return await asyncio.to_thread(run_answer_eval, app, args)
            from bot.evaluation.retrieval import run_eval

            args.questions = args.questions or "eval/questions.jsonl"
            return await asyncio.to_thread(run_eval, app, args)
    return 2


async def _index(app: Any, args: argparse.Namespace) -> int:
    report = await app.aindex(rebuild=args.rebuild)
    if args.json:
        print(
            json.dumps(
                {
                    "added": report.added,
                    "removed": report.removed,
                    "unchanged": report.unchanged,
                    "chunks": app.store.count(),
                    "units": report.units,
                    "units_embedded": report.units_added,
                    "problems": list(report.problems),
                },
                ensure_ascii=False,
            )
        )
    else:
        for problem in report.problems:
            print(f"warning: {problem}", file=sys.stderr)
        print(
            f"indexed {app.store.count()} chunks: {report.added} added, "
            f"{report.removed} removed, {report.unchanged} unchanged; "
            f"{report.units} answer units ({report.units_added} embedded)"
        )
    return 0


def _lines(arg: str) -> Iterator[str]:
    """The argument, or with `-` every line of standard input, blank ones included: each
    input line gets exactly one output line (an error line for a blank one)."""
    if arg != "-":
        yield arg
        return
    for line in sys.stdin:
        yield line.rstrip("\n")


async def _search(app: Any, args: argparse.Namespace) -> int:
    status = 0
    for query in _lines(args.query):
        if not query.strip():
            status = 2
            if args.query == "-":
                print(json.dumps({"error": "empty_query", "message": "empty query"}), flush=True)
            else:
                print("studybot: empty query", file=sys.stderr)
            continue
        result = await asyncio.to_thread(app.search.search, query, args.k, args.mode)
        if args.json or args.query == "-":
            print(json.dumps([h.as_json() for h in result.hits], ensure_ascii=False), flush=True)
        else:
            for n, hit in enumerate(result.hits, start=1):
                print(f"{n}. [{hit.lang}] {hit.heading}  ({hit.source}, score {hit.score:.4f})")
                print(f"   {hit.text[:160].replace(chr(10), ' ')}…")
            if not result.in_scope:
                print("(no confident match: the question looks out of the course's scope)")
    return status


async def _ask(app: Any, args: argparse.Namespace) -> int:
    from bot.core.service import StudyService
    from bot.kernel.models import Turn

    as_json = args.json or args.question == "-"
    status = 0
    for question in _lines(args.question):
        if not as_json:
            from bot.channels.terminal import answer_and_print

            if not await answer_and_print(app.service, question, sys.stdout, sys.stderr):
                status = 2
            continue
        turn = Turn(text=question, platform="cli")
        try:
            reply = await app.service.ask(turn)
        except UserFacing as exc:
            status = 2
            lang = StudyService.reply_lang(turn)
            print(json.dumps({"error": exc.code, "message": exc.message(lang)}, ensure_ascii=False))
            continue
        payload = {
            "answer": reply.text,
            "citations": [
                {"n": c.n, "source": c.source, "heading": c.heading, "lang": c.lang, "url": c.url}
                for c in reply.citations
            ],
            "in_scope": reply.in_scope,
            "model": reply.model,
            "latency_ms": reply.latency_ms,
        }
        print(json.dumps(payload, ensure_ascii=False), flush=True)
    return status


async def _route(app: Any, args: argparse.Namespace) -> int:
    from bot.kernel.errors import UserFacing
    from bot.kernel.models import Turn

    status = 0
    for question in _lines(args.question):
        turn = Turn(text=question, platform="cli", role=args.role)
        try:
            planned = await app.service.plan(turn)
        except UserFacing as exc:
            status = 2
            print(json.dumps({"error": exc.code, "message": exc.message("en")}))
            continue
        route = planned.route
        if args.json or args.question == "-":
            print(json.dumps(route.as_json(), ensure_ascii=False), flush=True)
        else:
            print(f"{route.tier} ({route.model}): {route.reason}")
    return status


async def _costs(settings: Any, args: argparse.Namespace) -> int:
    from bot.llm.budget import BudgetKeeper
    from bot.store.db import build_engine

    engine = await asyncio.to_thread(build_engine, settings.sqlalchemy_url, settings.data_dir)
    try:
        rows = await asyncio.to_thread(BudgetKeeper(engine, settings.budgets).report, args.by)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    key = args.by or "total"
    print(f"{key:<24} {'calls':>6} {'ok':>6} {'in tok':>9} {'out tok':>9} {'cost USD':>10}")
    for row in rows:
        label = str(row.get(args.by, "all")) if args.by else "all"
        print(
            f"{label[:24]:<24} {row['calls']:>6} {row['ok']:>6} {row['input_tokens']:>9} "
            f"{row['output_tokens']:>9} {row['cost_usd']:>10.4f}"
        )
    return 0


async def _eval_routing(app: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.evaluation.routing import evaluate_routing, format_report, load_routing_questions

    path = Path(args.questions or "eval/routing.jsonl")
    try:
        questions = await asyncio.to_thread(load_routing_questions, path)
    except (OSError, ValueError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    report = await evaluate_routing(app, questions, live=args.live)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    if args.write_baseline:
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        await asyncio.to_thread(Path(args.write_baseline).write_text, text, encoding="utf-8")
    return 0


async def _quiz_validate(settings: Any, args: argparse.Namespace) -> int:
    from bot.quiz.bank import load_banks

    banks = await asyncio.to_thread(load_banks, settings.quizzes_dir, settings.knowledge_dir)
    if args.json:
        report = {
            "banks": banks.banks,
            "questions": banks.counts(),
            "errors": [e.as_json() for e in banks.errors],
        }
        print(json.dumps(report, ensure_ascii=False))
    else:
        for error in banks.errors:
            print(f"error: {error}", file=sys.stderr)
        counts = ", ".join(f"{n} {lang}" for lang, n in sorted(banks.counts().items()))
        print(
            f"{len(banks.banks)} bank(s), {counts or 'no'} questions, {len(banks.errors)} error(s)"
        )
    return 1 if banks.errors else 0


async def _quiz_play(app: Any, args: argparse.Namespace) -> int:
    from bot.channels.terminal_quiz import play, render_stats, stdin_reader
    from bot.core.quizzes import Player

    quiz = app.core.quizzes
    player = Player(args.user, platform="terminal", conversation_id="cli")
    lang = args.lang or "en"
    if args.command == "stats":
        print(render_stats(await quiz.stats(player.user_id), lang))
        return 0
    read_line = stdin_reader(sys.stdin, sys.stdout)
    if sys.stdin.isatty() and sys.stdout.isatty():
        from bot.channels.terminal import _prompt_reader

        read_line = _prompt_reader(None)
    n = max(1, min(args.n, 50))
    sections = getattr(args, "section", None)
    await play(
        quiz,
        player,
        read_line,
        sys.stdout,
        lang,
        n,
        review=args.command == "review",
        sections=sections,
    )
    return 0


async def _quiz_generate(app: Any, args: argparse.Namespace) -> int:
    from bot.quiz.generate import generate_drafts

    langs = [args.lang] if args.lang else ["en", "ko"]
    report = await generate_drafts(
        app.settings, app.service.gateway, langs, max(1, args.per_section), args.with_model
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    for path in report["files"]:
        print(f"wrote {path}")
    for method, counts in report["by_method"].items():
        print(f"{method}: {counts['passed']} of {counts['drafts']} drafts pass their checks")
    print(
        "Review the drafts, set `approved: true` on the ones to keep, then run "
        "`studybot quiz approve --drafts FILE`."
    )
    return 0


async def _quiz_approve(settings: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.quiz.generate import approve

    if not args.drafts:
        print("studybot: quiz approve needs --drafts FILE", file=sys.stderr)
        return 2
    drafts = Path(args.drafts)
    if not await asyncio.to_thread(drafts.is_file):
        print(f"studybot: no drafts file {drafts}", file=sys.stderr)
        return 2
    name = drafts.name.replace(".yaml", "")
    bank = settings.quizzes_dir / f"generated.{name}.yaml"
    moved, left = await asyncio.to_thread(approve, drafts, bank)
    print(f"moved {moved} approved question(s) into {bank}; {left} draft(s) left for review")
    return 0


async def _serve(settings: Any, args: argparse.Namespace) -> int:
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
