"""Routing evaluation: how often each tier is chosen, what it costs, and (live) how well it answers.

On a labelled question set (`eval/routing.jsonl`: `simple` or `complex`), every question is
planned exactly as the service plans it (retrieval, prompt, route). Offline, the cost of each
answer is estimated from the prompt's size and an assumed answer length, at the catalog's
prices, for the router's choice and for always-cheap and always-premium. With `live`, each
question is really answered through the gateway, and the report uses the providers'
reported usage and latency, and scores the answers: valid citations, gold section cited,
refusal correct.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.kernel.catalog import ModelSpec
from bot.kernel.errors import UserFacing
from bot.kernel.jsonl import read_jsonl
from bot.kernel.models import Turn
from bot.kernel.progress import steps
from bot.llm.tokens import estimate_messages

if TYPE_CHECKING:
    from bot.app import App

ASSUMED_OUTPUT_TOKENS = 250
"""Answer length assumed for offline cost estimates (the prompt asks for about 150 words)."""


@dataclass(frozen=True, slots=True)
class RoutingQuestion:
    """One labelled question."""

    id: str
    text: str
    label: str
    gold: tuple[str, ...] = ()
    in_scope: bool = True


def load_routing_questions(path: Path) -> list[RoutingQuestion]:
    """Read the JSON Lines set; a malformed line is an error naming the line."""
    return [
        RoutingQuestion(
            r["id"], r["q"], r["label"], tuple(r.get("gold", [])), bool(r.get("in_scope", True))
        )
        for r in read_jsonl(path, ("id", "q", "label"))
    ]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


async def evaluate_routing(
    app: App, questions: list[RoutingQuestion], live: bool = False, show: bool = False
) -> dict[str, Any]:
    """Premium share per label, cost against always-cheap/always-premium, latency, quality."""
    service = app.service
    catalog = app.pool.catalog
    cheap, premium = catalog.first("cheap"), catalog.first("premium")
    rows: list[dict[str, Any]] = []
    for q in steps(questions, "routing", show):
        turn = Turn(text=q.text, platform="eval", user_id="eval", class_id="eval", role="teacher")
        started = time.perf_counter()
        try:
            planned = await service.plan(turn)
        except UserFacing:
            continue
        route_ms = (time.perf_counter() - started) * 1000
        prompt_tokens = estimate_messages(planned.messages)

        def est(spec: ModelSpec | None, prompt: int = prompt_tokens) -> float:
            return spec.cost(prompt, ASSUMED_OUTPUT_TOKENS) if spec else 0.0

        chosen = {"premium": premium, "cheap": cheap}.get(planned.route.tier)
        row: dict[str, Any] = {
            "id": q.id,
            "label": q.label,
            "tier": planned.route.tier,
            "in_scope": planned.result.in_scope,
            "plan_ms": route_ms,
            "cost_routed": est(chosen) if planned.result.in_scope else 0.0,
            "cost_cheap": est(cheap) if planned.result.in_scope else 0.0,
            "cost_premium": est(premium) if planned.result.in_scope else 0.0,
        }
        if live:
            reply = await service.ask(turn)
            row.update(
                cost_routed=reply.cost_usd,
                answer_ms=reply.latency_ms,
                answered_tier=reply.tier,
                citations_valid=bool(reply.citations) or not reply.in_scope,
                gold_cited=any(c.heading in q.gold for c in reply.citations) if q.gold else None,
                refusal_correct=reply.in_scope == q.in_scope,
            )
        rows.append(row)
    return summarise(rows, live)


def summarise(rows: list[dict[str, Any]], live: bool) -> dict[str, Any]:
    """The report from per-question rows."""
    report: dict[str, Any] = {"questions": len(rows), "live": live, "by_label": {}}
    for label in sorted({r["label"] for r in rows}):
        sel = [r for r in rows if r["label"] == label]
        report["by_label"][label] = {
            "questions": len(sel),
            "premium_share": round(sum(r["tier"] == "premium" for r in sel) / len(sel), 4),
        }
    total = {k: sum(r[k] for r in rows) for k in ("cost_routed", "cost_cheap", "cost_premium")}
    n = max(len(rows), 1)
    report["premium_share"] = round(sum(r["tier"] == "premium" for r in rows) / n, 4)
    report["cost_usd"] = {
        "routed": round(total["cost_routed"], 6),
        "always_cheap": round(total["cost_cheap"], 6),
        "always_premium": round(total["cost_premium"], 6),
        "routed_per_question": round(total["cost_routed"] / n, 6),
        "saved_vs_premium": round(1 - total["cost_routed"] / total["cost_premium"], 4)
        if total["cost_premium"]
        else 0.0,
        "basis": "provider usage" if live else f"estimated ({ASSUMED_OUTPUT_TOKENS} output tokens)",
    }
    plan_ms = [r["plan_ms"] for r in rows]
    report["plan_latency_ms"] = {
        "p50": round(statistics.median(plan_ms), 2) if plan_ms else 0.0,
        "p95": round(_percentile(plan_ms, 0.95), 2),
    }
    if live:
        answer_ms = [float(r["answer_ms"]) for r in rows]
        report["answer_latency_ms"] = {
            "p50": round(statistics.median(answer_ms), 1) if answer_ms else 0.0,
            "p95": round(_percentile(answer_ms, 0.95), 1),
        }
        gold = [r for r in rows if r["gold_cited"] is not None]
        report["quality"] = {
            "citations_valid": round(sum(r["citations_valid"] for r in rows) / n, 4),
            "gold_cited": round(sum(bool(r["gold_cited"]) for r in gold) / max(len(gold), 1), 4),
            "refusal_correct": round(sum(r["refusal_correct"] for r in rows) / n, 4),
        }
    return report


def format_report(report: dict[str, Any]) -> str:
    """The routing report as Markdown."""
    cost = report["cost_usd"]
    lines = [
        f"Routing on {report['questions']} questions "
        f"({'live' if report['live'] else 'planned only'}).",
        "",
        "| Label | questions | routed premium |",
        "|---|---|---|",
    ]
    for label, m in report["by_label"].items():
        lines.append(f"| {label} | {m['questions']} | {m['premium_share']:.1%} |")
    lines += [
        f"| all | {report['questions']} | {report['premium_share']:.1%} |",
        "",
        f"Cost ({cost['basis']}): routed ${cost['routed']:.4f} "
        f"(${cost['routed_per_question']:.5f}/question), always-cheap ${cost['always_cheap']:.4f}, "
        f"always-premium ${cost['always_premium']:.4f}; saved {cost['saved_vs_premium']:.1%} "
        "against always-premium.",
        f"Planning latency (retrieval + routing) p50 {report['plan_latency_ms']['p50']} ms, "
        f"p95 {report['plan_latency_ms']['p95']} ms.",
    ]
    if report["live"]:
        q = report["quality"]
        lines.append(
            f"Answer latency p50 {report['answer_latency_ms']['p50']} ms, "
            f"p95 {report['answer_latency_ms']['p95']} ms. Quality: citations valid "
            f"{q['citations_valid']:.1%}, gold section cited {q['gold_cited']:.1%}, "
            f"refusal correct {q['refusal_correct']:.1%}."
        )
    return "\n".join(lines)
