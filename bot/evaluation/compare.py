"""`studybot compare`: the compare use case as a table (or JSON) in the terminal."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from bot.core.compare import compare
from bot.kernel.errors import UserFacing
from bot.llm.budget import Who

if TYPE_CHECKING:
    from bot.app import App


async def run_compare(app: App, args: argparse.Namespace) -> int:
    """The CLI command: a table, then each answer (or JSON with `--json`)."""
    names = [n.strip() for n in args.models.split(",") if n.strip()]
    if not names:
        print("studybot: --models needs at least one model name")
        return 2
    try:
        report = await compare(
            app.service, args.question, names, Who("cli", "direct", "teacher", "cli")
        )
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
