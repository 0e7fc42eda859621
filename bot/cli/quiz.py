"""Quiz commands: `quiz validate|generate|approve`, and playing quizzes, reviews and stats
in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any


async def quiz_validate(settings: Any, args: argparse.Namespace) -> int:
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


async def quiz_play(app: Any, args: argparse.Namespace) -> int:
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


async def quiz_generate(app: Any, args: argparse.Namespace) -> int:
    from bot.quiz.generate import generate_drafts

    langs = [args.lang] if args.lang else ["en", "ko"]
    from bot.kernel.progress import shown

    report = await generate_drafts(
        app.settings,
        app.service.gateway,
        langs,
        max(1, args.per_section),
        args.with_model,
        show=shown(args.json),
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


async def quiz_approve(settings: Any, args: argparse.Namespace) -> int:
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


async def leaderboard(app: Any, args: argparse.Namespace) -> int:
    """A class's ranking over a week, a month or all time."""
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
