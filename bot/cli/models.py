"""Model commands: `route` (the cost policy's decision), `costs` (the ledger),
`eval --routing`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bot.cli.course import input_lines
from bot.kernel.progress import shown


def explain_mode(settings: Any) -> None:
    """Say on stderr, before any decision is printed, when the policy cannot reach a model:
    "offline" and $0 then mean "nothing configured", not "broken"."""
    mode, why = settings.answer_mode()
    if mode == "offline":
        print(
            f"studybot: answering offline — {why}. Each decision below still says which tier "
            "the question would get once models are configured.",
            file=sys.stderr,
        )
    elif "no premium model" in why:
        print(
            f"studybot: {why}. Set llm_premium_model (or a premium [[models]] entry).",
            file=sys.stderr,
        )


async def route(app: Any, args: argparse.Namespace) -> int:
    from bot.kernel.errors import UserFacing
    from bot.kernel.models import Turn

    explain_mode(app.settings)
    status = 0
    for question in input_lines(args.question):
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


async def costs(settings: Any, args: argparse.Namespace) -> int:
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


async def eval_routing(app: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.evaluation.routing import evaluate_routing, format_report, load_routing_questions

    path = Path(args.questions or "eval/routing.jsonl")
    try:
        questions = await asyncio.to_thread(load_routing_questions, path)
    except (OSError, ValueError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    explain_mode(app.settings)
    report = await evaluate_routing(app, questions, live=args.live, show=shown(args.json))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    if args.write_baseline:
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        await asyncio.to_thread(Path(args.write_baseline).write_text, text, encoding="utf-8")
    return 0
