"""`studybot compare`: one question, the same retrieved sections, several models side by side.

This is the lesson's "test and compare models on your own data" made concrete: every model
gets the identical prompt, and the table shows latency, tokens, cost and whether its
citations point at the sections it was given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TYPE_CHECKING, Any

from bot.core import guards
from bot.core.errors import UserFacing
from bot.core.models import Turn
from bot.llm.budget import Who

if TYPE_CHECKING:
    from bot.app import App


async def compare(app: App, question: str, names: list[str], who: Who) -> dict[str, Any]:
    """Answer `question` with each model in `names`, concurrently, from one retrieval."""
    # Planned as the asker (so their rate limit applies), with their role.
    planned = await app.service.plan(
        Turn(
            text=question,
            platform=who.platform,
            user_id=who.user_id,
            class_id=who.class_id,
            role=who.role,
        )
    )
    sections = app.service.answerer.sections(planned.result)
    base = {
        "question": planned.question,
        "in_scope": planned.result.in_scope,
        "sections": [
            {"n": i, "heading": h.heading, "source": h.source} for i, h in enumerate(sections, 1)
        ],
    }
    gateway = app.service.gateway
    if not planned.result.in_scope or gateway is None:
        reason = "out of scope" if not planned.result.in_scope else "no model configured"
        return {**base, "results": [], "skipped": reason}

    async def one(name: str) -> dict[str, Any]:
        completion, attempt = await gateway.call(name, planned.messages, who, "compare")
        row: dict[str, Any] = {
            "model": name,
            "tier": attempt.tier,
            "outcome": attempt.outcome,
            "detail": attempt.detail,
        }
        if completion is None:
            return row
        draft = app.service.answerer.validate(completion.text, planned.result)
        return {
            **row,
            "latency_ms": completion.latency_ms,
            "input_tokens": completion.input_tokens,
            "output_tokens": completion.output_tokens,
            "cost_usd": round(completion.cost_usd, 6),
            "citations": [c.n for c in draft.citations],
            "dropped_citations": draft.dropped_citations,
            # The same output guard as every answer: no keys, unknown links or pings.
            "answer": guards.review_output(draft.text, app.service.policy, planned.lang),
        }

    results = await asyncio.gather(*(one(n) for n in names))
    return {**base, "results": list(results)}


async def run_compare(app: App, args: argparse.Namespace) -> int:
    """The CLI command: a table, then each answer (or JSON with `--json`)."""
    names = [n.strip() for n in args.models.split(",") if n.strip()]
    if not names:
        print("studybot: --models needs at least one model name")
        return 2
    try:
        report = await compare(app, args.question, names, Who("cli", "direct", "teacher", "cli"))
    except UserFacing as exc:
        print(exc.message("en"))
        return 2
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    if report.get("skipped"):
        print(f"nothing to compare: {report['skipped']}")
        return 0
    print(
        f"{'model':<22} {'tier':<8} {'outcome':<12} {'ms':>7} {'in':>6} {'out':>6} {'USD':>9} cites"
    )
    for r in report["results"]:
        print(
            f"{r['model'][:22]:<22} {r['tier']:<8} {r['outcome']:<12} "
            f"{r.get('latency_ms', '-'):>7} "
            f"{r.get('input_tokens', '-'):>6} {r.get('output_tokens', '-'):>6} "
            f"{r.get('cost_usd', 0):>9.5f} {r.get('citations', '-')}"
        )
    for r in report["results"]:
        if "answer" in r:
            print(f"\n── {r['model']} ──\n{r['answer']}")
    return 0
