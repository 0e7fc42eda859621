"""Compare: the same question, one retrieval, answered by several models side by side.

A teacher's use case (Discord `/compare`, Teams `compare`, `studybot compare`). Every
answer passes the same output guard as any reply, and the asker's rate limit applies.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.core import guards
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
    sections = service.answerer.sections(planned.result)
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
        draft = service.answerer.validate(completion.text, planned.result)
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
