"""Compare: the same question, one retrieval, answered by several models side by side.

A teacher's use case (Discord `/compare`, Teams `compare`, `studybot compare`). Every
answer passes the same output guard as any reply, and the asker's rate limit applies.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.core import guards
from bot.core.classroom import BadCommand
from bot.core.service import StudyService
from bot.kernel.models import Turn
from bot.llm.budget import Who


async def compare(
    service: StudyService, question: str, names: list[str], who: Who
) -> dict[str, Any]:
    """Answer `question` with each model in `names`, concurrently, from one retrieval."""
    # Planned as the asker (so their rate limit applies), with their role.
    planned = await service.plan(
        Turn(
            text=question,
            platform=who.platform,
            user_id=who.user_id,
            class_id=who.class_id,
            role=who.role,
        )
    )
    sections = planned.sections
    base = {
        "question": planned.question,
        "in_scope": planned.result.in_scope,
        "sections": [
            {"n": i, "heading": h.heading, "source": h.source} for i, h in enumerate(sections, 1)
        ],
    }
    gateway = service.gateway
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
        draft = service.answerer.validate(completion.text, planned.sections)
        return {
            **row,
            "latency_ms": completion.latency_ms,
            "input_tokens": completion.input_tokens,
            "output_tokens": completion.output_tokens,
            "cost_usd": round(completion.cost_usd, 6),
            "citations": [c.n for c in draft.citations],
            "dropped_citations": draft.dropped_citations,
            # The same output guard as every answer: no keys, unknown links or pings.
            "answer": guards.review_output(draft.text, service.policy, planned.lang),
        }

    results = await asyncio.gather(*(one(n) for n in names))
    return {**base, "results": list(results)}


def compare_names(requested: str, catalog: list[str]) -> list[str]:
    """The models to compare: the requested comma-separated names, else the whole catalog."""
    names = [n.strip() for n in requested.replace(" ", ",").split(",") if n.strip()]
    if not catalog:
        raise BadCommand(
            en="No models are configured, so there is nothing to compare.",
            ko="설정된 모델이 없어 비교할 수 없습니다.",
        )
    if not names:
        return catalog[:4]
    unknown = [n for n in names if n not in catalog]
    if unknown:
        known = ", ".join(catalog)
        raise BadCommand(
            en=f"Unknown model(s): {', '.join(unknown)}. Available: {known}.",
            ko=f"알 수 없는 모델: {', '.join(unknown)}. 사용 가능: {known}.",
        )
    return names[:4]


def render_compare(report: dict[str, Any], lang: str, answer_chars: int = 600) -> str:
    """Models side by side: latency, tokens, cost, citations, then each answer (shortened)."""
    if report.get("skipped"):
        reason = report["skipped"]
        if lang == "ko":
            return f"비교할 수 없습니다: {'강의 범위 밖의 질문' if 'scope' in reason else reason}."
        return f"Nothing to compare: {reason}."
    head = (
        "| 모델 | 지연 | 토큰 (입력/출력) | 비용 | 인용 |"
        if lang == "ko"
        else "| model | latency | tokens (in/out) | cost | citations |"
    )
    lines = [head, "|---|---|---|---|---|"]
    for r in report["results"]:
        if "latency_ms" not in r:
            lines.append(f"| {r['model']} | — | — | — | {r['outcome']} |")
            continue
        cites = ",".join(str(c) for c in r["citations"]) or "-"
        lines.append(
            f"| {r['model']} | {r['latency_ms']} ms | {r['input_tokens']}/{r['output_tokens']} | "
            f"${r['cost_usd']:.4f} | {cites} |"
        )
    for r in report["results"]:
        if "answer" in r:
            text = r["answer"]
            if len(text) > answer_chars:
                text = text[: answer_chars - 1].rstrip() + "…"
            lines.append(f"\n**{r['model']}**\n{text}")
    return "\n".join(lines)
