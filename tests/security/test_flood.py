"""A flood from one account: limited before any search or model call, nobody else affected,
no budget overspent."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from bot.kernel.catalog import Budgets
from bot.kernel.errors import RateLimited
from bot.kernel.models import Turn
from bot.store.db import MICROS, spend
from tests.fakes.openai_server import FakeOpenAI


async def test_flooder_is_limited_and_others_are_answered(
    make_stack: Any, fake_llm: FakeOpenAI
) -> None:
    stack = make_stack(budgets=Budgets(student_daily_usd=0.002), rate_limit_per_minute=6)
    service = stack.service

    def turn(user: str, text: str = "What is a foundation model?") -> Turn:
        return Turn(text=text, platform="teams", user_id=user, class_id="teams:team-1")

    async def flood() -> list[Any]:
        return await asyncio.gather(
            *(service.ask(turn("teams:flooder")) for _ in range(1000)), return_exceptions=True
        )

    async def students() -> list[Any]:
        return await asyncio.gather(
            *(service.ask(turn(f"teams:student{i}")) for i in range(20) for _ in range(2)),
            return_exceptions=True,
        )

    flooded, others = await asyncio.gather(flood(), students())
    limited = [r for r in flooded if isinstance(r, RateLimited)]
    answered = [r for r in flooded if not isinstance(r, BaseException)]
    assert len(answered) == 6 and len(limited) == 994
    assert sum(r.notify for r in limited) == 1  # one notice, not 994 replies
    assert all(not isinstance(r, BaseException) for r in others)  # every student answered
    assert all(r.in_scope for r in others)
    # The flooder reached the model at most as often as the limit allows, and their money
    # (like everyone's) stayed within its limit.
    assert len(fake_llm.requests) <= 6 + 40
    with stack.engine.connect() as conn:
        rows = conn.execute(select(spend)).all()
    limits = {"user": 0.002, "class": 10.0, "global": 50.0}
    for row in rows:
        assert (row.spent_micros + row.reserved_micros) / MICROS <= limits[row.scope] + 1e-9
