"""Budgets, the ledger and failure handling, against a real local model server and real SQL."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from bot.kernel.catalog import Budgets
from bot.kernel.models import Turn
from bot.llm.budget import BudgetKeeper, CallRecord, Who
from bot.store.db import (
    MICROS,
    build_engine,
    ledger,
    reservations,
    spend,
    to_micros,
    user_scope_id,
)
from tests.conftest import ROOT
from tests.fakes.openai_server import FakeOpenAI, Step

COMPLEX = "Compare fine-tuning and RAG for a startup, and explain why."
SIMPLE = "What is zero-shot learning?"


async def _ledger_rows(stack: Any) -> list[dict[str, Any]]:
    await stack.service.settled()  # ledger rows are written after the reply
    with stack.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(ledger).order_by(ledger.c.id))]


async def test_every_call_is_in_the_ledger_with_its_reason(make_stack: Any) -> None:
    stack = make_stack()
    reply = await stack.service.ask(Turn(text=COMPLEX, user_id="u1", class_id="c1"))
    assert reply.tier == "premium" and reply.model == "fake-premium"
    (row,) = await _ledger_rows(stack)
    assert (row["user_id"], row["class_id"], row["model"], row["tier"]) == (
        "u1",
        "c1",
        "fake-premium",
        "premium",
    )
    assert row["outcome"] == "ok" and "compare" in row["reason"]
    assert row["input_tokens"] > 0 and row["output_tokens"] > 0
    expected = (row["input_tokens"] * 5.0 + row["output_tokens"] * 15.0) / 1e6
    assert row["cost_micros"] == pytest.approx(expected * MICROS, abs=1)
    assert reply.cost_usd == pytest.approx(expected, abs=1e-6)


async def test_parallel_requests_never_overspend(make_stack: Any, fake_llm: FakeOpenAI) -> None:
    limit = 0.004
    stack = make_stack(budgets=Budgets(student_daily_usd=limit))
    fake_llm.default = Step(text="Zero-shot means no examples in the prompt [1].", chunk_delay=0.01)
    try:
        replies = await asyncio.gather(
            *(
                stack.service.ask(Turn(text=SIMPLE, user_id="racer", class_id="c1"))
                for _ in range(40)
            )
        )
    finally:
        fake_llm.default = Step()
    answered = [r for r in replies if r.tier == "cheap"]
    offline = [r for r in replies if r.tier == "offline"]
    assert answered and offline, "the budget should run out part-way"
    assert all("budget" in r.notes[0] for r in offline)
    await stack.service.settled()
    (user,) = [a for a in stack.budget.allowances(Who("racer", "c1")) if a.scope == "user"]
    assert user.spent_usd <= limit and user.reserved_usd == 0
    # The ledger's total is exactly the server's reported usage at the catalog's prices.
    served = sum(
        (u["prompt_tokens"] * 0.5 + u["completion_tokens"] * 1.5) / 1e6 for _, u in fake_llm.usages
    )
    with stack.engine.connect() as conn:
        total = conn.execute(select(func.sum(ledger.c.cost_micros))).scalar_one()
    assert total / MICROS == pytest.approx(served, abs=1e-6 * len(fake_llm.usages))
    assert total / MICROS == pytest.approx(user.spent_usd)


def _race(keeper: BudgetKeeper | list[BudgetKeeper], who: Who, threads: int, rounds: int) -> int:
    """`threads` threads each read what is left (as routing does), then reserve-and-settle
    $0.0003, `rounds` times; how many got through. Several keepers stand for several
    processes, each with its own readings of what is left."""
    keepers = keeper if isinstance(keeper, list) else [keeper]
    won: list[int] = []
    barrier = threading.Barrier(threads)

    def racer(keeper: BudgetKeeper) -> None:
        barrier.wait()
        for _ in range(rounds):
            keeper.remaining_usd(who)  # may answer from a reading: routing only
            res = keeper.reserve(who, 0.0003)
            if res is not None:
                won.append(1)
                keeper.settle(res, who, CallRecord("m", "cheap", "t", 10, 10, 0.0003, 1, "ok"), "r")

    workers = [
        threading.Thread(target=racer, args=(keepers[i % len(keepers)],)) for i in range(threads)
    ]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return len(won)


def test_two_hundred_racing_reservations(tmp_path: Path) -> None:
    # Two keepers on two engines: two processes, each skipping reads while far from limits.
    engines = [build_engine(f"sqlite:///{tmp_path}/race.db", tmp_path) for _ in range(2)]
    keepers = [BudgetKeeper(e, Budgets(student_daily_usd=0.01)) for e in engines]
    who = Who("u", "c")
    assert _race(keepers, who, threads=50, rounds=4) == 33  # floor(0.01 / 0.0003): no more, no less
    user = keepers[0].allowances(who)[0]
    assert user.spent_usd <= 0.01 and user.reserved_usd == 0
    for engine in engines:
        engine.dispose()


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _count_spend_reads(engine: Any) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _on(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "spend" in statement:
            seen.append(statement)

    return seen


def test_routing_reads_are_skipped_only_far_from_the_limits(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path}/reads.db", tmp_path)
    clock = _Clock()
    keeper = BudgetKeeper(engine, Budgets(student_daily_usd=1.0), clock=clock)
    who = Who("u", "c")
    reads = _count_spend_reads(engine)
    assert keeper.remaining_usd(who) == pytest.approx(1.0)
    assert len(reads) == 1  # user, class and global scopes in one query
    assert keeper.remaining_usd(who) == pytest.approx(1.0)
    assert len(reads) == 1  # far from every limit, a fresh reading: no query
    # Another student of the class: only their own scope is read.
    assert keeper.remaining_usd(Who("v", "c")) == pytest.approx(1.0)
    assert len(reads) == 2 and "scope_id IN" not in reads[-1]
    assert reads[-1].count("?") == 3  # one (scope, id, period)
    # Our own reservation lowers the reading at once, without a read.
    res = keeper.reserve(who, 0.3)
    assert keeper.remaining_usd(who) == pytest.approx(0.7) and len(reads) == 2
    # Another process spends: seen once the reading is older than its TTL.
    other = BudgetKeeper(build_engine(f"sqlite:///{tmp_path}/reads.db", tmp_path), keeper.budgets)
    other_res = other.reserve(who, 0.2)
    assert keeper.remaining_usd(who) == pytest.approx(0.7)
    clock.now += BudgetKeeper.READING_TTL_S
    assert keeper.remaining_usd(who) == pytest.approx(0.5) and len(reads) == 3
    # Near a limit (under a quarter left) every question reads again.
    keeper.settle(res, who, CallRecord("m", "cheap", "t", 1, 1, 0.3, 1, "ok"), "r1")
    other.settle(other_res, who, CallRecord("m", "cheap", "t", 1, 1, 0.2, 1, "ok"), "r2")
    more = other.reserve(who, 0.35)
    other.settle(more, who, CallRecord("m", "cheap", "t", 1, 1, 0.35, 1, "ok"), "r3")
    clock.now += BudgetKeeper.READING_TTL_S
    assert keeper.remaining_usd(who) == pytest.approx(0.15) and len(reads) == 4
    assert keeper.remaining_usd(who) == pytest.approx(0.15) and len(reads) == 5
    # A teacher lowering the class's limit is seen at once by this process.
    keeper.set_class_limits("c", "teacher", student_daily_usd=0.5)
    assert keeper.remaining_usd(who) == pytest.approx(0.0)
    engine.dispose()


def test_restart_keeps_figures_and_releases_stale_reservations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/keep.db"
    keeper = BudgetKeeper(build_engine(url, tmp_path), Budgets(student_daily_usd=1.0))
    who = Who("u", "c")
    res = keeper.reserve(who, 0.2)
    assert res is not None
    keeper.settle(res, who, CallRecord("m", "cheap", "t", 1, 1, 0.15, 1, "ok"), "r1")
    crashed = keeper.reserve(who, 0.3)  # never settled: the process "dies" here
    assert crashed is not None
    with keeper.engine.begin() as conn:  # pretend it happened a while ago
        conn.execute(update(reservations).values(created_at=datetime.now(UTC) - timedelta(hours=1)))
    keeper.engine.dispose()

    again = BudgetKeeper(build_engine(url, tmp_path), Budgets(student_daily_usd=1.0))
    assert again.release_stale() == 1
    # The call may have happened (settling runs after the reply): its upper bound is charged,
    # and the ledger says so, so its total still equals what the budgets were charged.
    user = again.allowances(who)[0]
    assert user.spent_usd == pytest.approx(0.45) and user.reserved_usd == 0
    # Settling the charged reservation late must neither release its money nor charge again.
    again.settle(crashed, who, CallRecord("m", "cheap", "t", 1, 1, 0.2, 1, "ok"), "r2")
    assert again.allowances(who)[0].reserved_usd == 0
    assert again.allowances(who)[0].spent_usd == pytest.approx(0.45)
    with again.engine.connect() as conn:
        assert conn.execute(select(func.min(spend.c.reserved_micros))).scalar_one() == 0
        rows = conn.execute(select(ledger.c.outcome, ledger.c.cost_micros).order_by(ledger.c.id))
        assert [(o, c / MICROS) for o, c in rows] == [("ok", 0.15), ("unsettled", 0.3), ("ok", 0)]


async def test_rate_limit_retry_honours_retry_after(
    make_stack: Any, fake_llm: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    stack = make_stack(llm_retry_max_wait_s=2)
    fake_llm.script.append(Step(status=429, headers={"Retry-After": "0.4"}))
    with caplog.at_level(logging.INFO, logger="bot.llm.client"):
        reply = await stack.service.ask(Turn(text=SIMPLE))
    assert reply.tier == "cheap" and len(fake_llm.requests) == 2
    # The wait it scheduled (not a clock reading): the server's Retry-After, with ±10% jitter.
    (retry,) = [r for r in caplog.records if "retry" in r.getMessage()]
    assert 0.36 <= retry.args[-1] <= 0.44  # type: ignore[index]
    assert [r["outcome"] for r in (await _ledger_rows(stack))] == ["ok"]


async def test_bad_request_is_not_retried(make_stack: Any, fake_llm: FakeOpenAI) -> None:
    stack = make_stack()
    fake_llm.script.append(Step(status=400))
    reply = await stack.service.ask(Turn(text=SIMPLE))
    assert reply.tier == "offline" and len(fake_llm.requests) == 1
    assert [r["outcome"] for r in (await _ledger_rows(stack))] == ["error"]


async def test_premium_failure_falls_back_to_cheap(make_stack: Any, fake_llm: FakeOpenAI) -> None:
    stack = make_stack(llm_max_retries=0)
    fake_llm.script.extend([Step(status=503), Step(text="RAG adds chunks to the prompt [1].")])
    reply = await stack.service.ask(Turn(text=COMPLEX))
    assert reply.tier == "cheap" and reply.model == "fake-cheap"
    assert any("premium" in n or "기본 모델" in n for n in reply.notes)
    outcomes = [(r["model"], r["outcome"]) for r in (await _ledger_rows(stack))]
    assert outcomes == [("fake-premium", "error"), ("fake-cheap", "ok")]


async def test_hang_is_bounded(make_stack: Any, fake_llm: FakeOpenAI) -> None:
    stack = make_stack(llm_timeout_s=1.0, llm_idle_timeout_s=5, llm_max_retries=0)
    fake_llm.script.append(Step(text="slow " * 20, chunk_delay=0.3))
    reply = await stack.service.ask(Turn(text=SIMPLE))
    assert reply.tier == "offline" and "unavailable" in reply.notes[0]
    assert [r["outcome"] for r in (await _ledger_rows(stack))] == ["timeout"]


async def test_circuit_breaker_stops_calling_a_failing_model(
    make_stack: Any, fake_llm: FakeOpenAI
) -> None:
    stack = make_stack(llm_max_retries=0, llm_breaker_failures=2, llm_breaker_cooldown_s=60)
    fake_llm.script.extend([Step(status=500)] * 5)
    for _ in range(4):
        await stack.service.ask(Turn(text=SIMPLE))
    assert len(fake_llm.requests) == 2  # the last two asks never reached the server
    outcomes = [r["outcome"] for r in (await _ledger_rows(stack))]
    assert outcomes == ["error", "error"]


async def test_cascade_escalates_uncited_cheap_answer(
    make_stack: Any, fake_llm: FakeOpenAI
) -> None:
    from bot.kernel.catalog import RoutingPolicy

    stack = make_stack(routing=RoutingPolicy(mode="cascade"))
    fake_llm.script.extend(
        [Step(text="I am not sure, the sources do not say."), Step(text="Premium answer [1][2].")]
    )
    reply = await stack.service.ask(Turn(text=COMPLEX))
    assert reply.tier == "premium" and [c.n for c in reply.citations] == [1, 2]
    assert [r["model"] for r in (await _ledger_rows(stack))] == ["fake-cheap", "fake-premium"]


async def test_ledger_rows_keep_call_order_when_a_write_is_slow(
    make_stack: Any, fake_llm: FakeOpenAI
) -> None:
    """The cascade's cheap try is written before its premium answer even when the first
    write is the slow one (on a busy CI the two writes had raced, and the premium row got
    the lower id)."""
    from bot.kernel.catalog import RoutingPolicy

    stack = make_stack(routing=RoutingPolicy(mode="cascade"))
    fake_llm.script.extend(
        [Step(text="I am not sure, the sources do not say."), Step(text="Premium answer [1][2].")]
    )
    settle = stack.budget.settle
    second_started = threading.Event()
    calls: list[str] = []

    def slow_first(*args: Any) -> None:
        calls.append(args[2].model)
        if len(calls) == 1:
            # Give a racing second write its chance to start (and to be seen starting).
            second_started.wait(timeout=1.0)
        else:
            second_started.set()
        settle(*args)

    stack.gateway.budget.settle = slow_first
    await stack.service.ask(Turn(text=COMPLEX))
    assert [r["model"] for r in (await _ledger_rows(stack))] == ["fake-cheap", "fake-premium"]
    assert calls == ["fake-cheap", "fake-premium"]


def test_settling_in_a_later_event_loop_does_not_wait_on_an_earlier_ones_write(
    tmp_path: Path,
) -> None:
    """Settlements wait for the one before them; a finished one from an event loop that has
    since closed (a process that runs one loop per command) is not waited on, which would
    raise in the new loop and lose the second ledger row."""
    from bot.llm.gateway import Gateway

    engine = build_engine(f"sqlite:///{tmp_path}/loops.db", tmp_path)
    gateway = Gateway(None, BudgetKeeper(engine, Budgets()), 100)  # type: ignore[arg-type]
    call = CallRecord("m", "cheap", "test", 1, 1, 0.0, 1, "ok")

    async def settle_one(request_id: str) -> None:
        await gateway._settle(None, Who("u1"), call, request_id)
        await gateway.settled()

    asyncio.run(settle_one("first"))
    asyncio.run(settle_one("second"))
    with engine.connect() as conn:
        rows = conn.execute(select(ledger.c.request_id).order_by(ledger.c.id)).all()
    assert [r.request_id for r in rows] == ["first", "second"]
    engine.dispose()


def test_costs_cli(make_stack: Any, tmp_path: Path) -> None:
    stack = make_stack()
    keeper = stack.budget
    for user, model, cost in (("a", "m1", 0.01), ("a", "m2", 0.02), ("b", "m1", 0.03)):
        res = keeper.reserve(Who(user, "c"), cost)
        keeper.settle(
            res, Who(user, "c"), CallRecord(model, "cheap", "t", 10, 5, cost, 9, "ok"), "r"
        )
    env = dict(os.environ, STUDYBOT_DATA_DIR=str(stack.settings.data_dir))
    out = subprocess.run(
        [sys.executable, "-m", "bot", "costs", "--by", "user", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    rows = {r["user"]: r for r in json.loads(out.stdout)}
    assert rows["a"]["calls"] == 2 and rows["a"]["cost_usd"] == pytest.approx(0.03)
    assert rows["b"]["cost_usd"] == pytest.approx(0.03)


def test_postgres_race_when_available(tmp_path: Path) -> None:
    url = os.environ.get(
        "STUDYBOT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    try:
        engine = build_engine(url)
        with engine.connect():
            pass
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable: {type(exc).__name__}")
    # Names of this run's own: another checkout's suite may be racing on the same server
    # (the rows are removed at the end, never another run's).
    mine = f"pg-race-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    # Two keepers on two engines: two processes, each skipping reads while far from limits.
    second = build_engine(url)
    keepers = [BudgetKeeper(e, Budgets(student_daily_usd=0.01)) for e in (engine, second)]
    who = Who(mine, f"{mine}-class")
    month = datetime.now(UTC).strftime("%Y-%m")
    won = _race(keepers, who, threads=40, rounds=5)
    user = keepers[0].allowances(who)[0]
    assert won == 33 and user.spent_usd <= 0.01 and user.reserved_usd == 0
    with engine.begin() as conn:
        # What this run spent was also charged to the deployment's one global row, which
        # every run against this server shares: it is given back, so runs never add up.
        mine_rows = spend.c.scope_id.in_([user_scope_id(mine), f"{mine}-class"])
        spent = conn.execute(
            select(spend.c.spent_micros).where(spend.c.scope == "class", mine_rows)
        ).scalar_one()
        conn.execute(
            update(spend)
            .where(spend.c.scope == "global", spend.c.scope_id == "all")
            .where(spend.c.period == month)
            .values(spent_micros=spend.c.spent_micros - spent)
        )
        conn.execute(spend.delete().where(mine_rows))
    engine.dispose()
    second.dispose()


async def test_premium_out_of_budget_answers_cheap_and_says_so(
    make_stack: Any, fake_llm: FakeOpenAI
) -> None:
    # Enough for a cheap call (about $0.002 reserved) but not a premium one (about $0.02).
    stack = make_stack(budgets=Budgets(student_daily_usd=0.006))
    reply = await stack.service.ask(Turn(text=COMPLEX, user_id="thrifty"))
    assert reply.tier == "cheap" and "exceeds" in reply.route_reason
    assert any("budget" in n for n in reply.notes)
    ko = await stack.service.ask(
        Turn(text="RAG와 미세 조정의 장단점을 비교하고 이유를 설명해 줘", user_id="thrifty")
    )
    assert ko.tier == "cheap" and any("예산" in n for n in ko.notes)


def _call(cost_usd: float) -> CallRecord:
    return CallRecord("fake-cheap", "cheap", "test", 100, 5000, cost_usd, 10, "ok")


def test_over_reported_usage_is_charged_at_most_what_was_reserved(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path}/b.db")
    keeper = BudgetKeeper(engine, Budgets(student_daily_usd=0.005))
    who = Who("teams:aad-over", "teams:c")
    res = keeper.reserve(who, 0.002)
    assert res is not None
    # The server claims 5,000 output tokens: $0.02, four times the student's daily limit.
    keeper.settle(res, who, _call(0.02), "r-1")
    (user, *_rest) = keeper.allowances(who)
    assert user.spent_usd == pytest.approx(0.002) and user.spent_usd <= user.limit_usd
    with engine.connect() as conn:
        detail = conn.execute(select(ledger.c.detail, ledger.c.cost_micros)).one()
    assert "over the" in (detail[0] or "") and detail[1] == 2000  # logged, capped


def test_forgetting_a_student_does_not_reset_their_day(tmp_path: Path) -> None:
    from bot.store.privacy import export_user, forget_user

    engine = build_engine(f"sqlite:///{tmp_path}/b.db")
    keeper = BudgetKeeper(engine, Budgets(student_daily_usd=0.005))
    who = Who("teams:aad-forget", "teams:c")
    res = keeper.reserve(who, 0.004)
    keeper.settle(res, who, _call(0.004), "r-1")
    forget_user(engine, who.user_id)
    # The day's spending is still counted (by a digest that no longer names the student).
    assert keeper.allowances(who)[0].spent_usd == pytest.approx(0.004)
    assert keeper.reserve(who, 0.002) is None  # 0.004 + 0.002 > 0.005: refused
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(spend.c.scope_id)).all()]
    assert not any("aad-forget" in i for i in ids)
    assert export_user(engine, who.user_id)["spend"]  # still the student's own to see


def test_forgetting_one_student_leaves_anothers_reservation_alone(tmp_path: Path) -> None:
    from bot.store.privacy import forget_user

    engine = build_engine(f"sqlite:///{tmp_path}/b.db")
    keeper = BudgetKeeper(engine, Budgets(student_daily_usd=1.0))
    amy, amy2 = Who("teams:aad-1", "teams:c"), Who("teams:aad-12", "teams:c")  # a prefix
    held = keeper.reserve(amy2, 0.2)
    assert held is not None
    forget_user(engine, amy.user_id)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reservations)).scalar_one() == 1
    keeper.settle(held, amy2, _call(0.01), "r-2")  # the call in flight ends normally
    (user, klass, _all) = keeper.allowances(amy2)
    assert user.reserved_usd == 0 and klass.reserved_usd == 0  # nothing held for ever
    assert user.spent_usd == pytest.approx(0.01)


async def test_a_cut_stream_is_charged_for_what_it_sent(
    make_stack: Any, fake_llm: FakeOpenAI
) -> None:
    stack = make_stack(llm_max_retries=0)
    words = "Fine-tuning adapts a pre-trained model to a task with your own data. " * 20
    fake_llm.script.extend([Step(text=words, cut_after=40), Step(text=words, cut_after=40)])
    reply = await stack.service.ask(Turn(text="What is fine-tuning?", user_id="u-cut"))
    assert reply.model == "offline"  # both tiers cut: the course answers
    cut = [r for r in (await _ledger_rows(stack)) if r["outcome"] == "cut"]
    assert cut and all(r["cost_micros"] > 0 and r["output_tokens"] > 0 for r in cut)
    assert all("streamed tokens" in (r["detail"] or "") for r in cut)
    assert reply.cost_usd > 0  # what the failed attempts cost is on the reply too


async def test_one_deadline_bounds_the_whole_fallback_chain(
    make_stack: Any, fake_llm: FakeOpenAI
) -> None:
    # Premium hangs past the deadline: cheap is not tried with a fresh timeout of its own.
    stack = make_stack(llm_timeout_s=1.0, llm_max_retries=0, llm_idle_timeout_s=5)
    fake_llm.script.extend([Step(first_token_delay=3.0), Step(first_token_delay=3.0)])
    turn = Turn(text="What is fine-tuning? premium", user_id="u-deadline", role="teacher")
    planned = await stack.service.plan(turn)
    assert planned.route.tier == "premium"
    result = await stack.gateway.generate(planned.route, planned.messages, planned.who)
    assert [a.outcome for a in result.attempts] == ["timeout", "deadline"]
    assert result.completion is None


async def test_the_reply_does_not_wait_for_the_ledger_write(make_stack: Any) -> None:
    stack = make_stack()
    gate = threading.Event()
    real_settle = stack.budget.settle

    def slow_settle(*args: Any) -> None:
        gate.wait(timeout=30)  # the database is slow to write today
        real_settle(*args)

    stack.budget.settle = slow_settle
    who = Who("slow", "c1")
    reply = await stack.service.ask(Turn(text=SIMPLE, user_id="slow", class_id="c1"))
    # Answered while the write still waits: until it lands the reservation stays held, so
    # the budget only looks tighter meanwhile, never looser.
    assert reply.tier == "cheap"
    (user, *_rest) = stack.budget.allowances(who)
    assert user.reserved_usd > 0 and user.spent_usd == 0
    assert await _ledger_count(stack) == 0
    gate.set()
    await stack.service.settled()
    (user, *_rest) = stack.budget.allowances(who)
    # The ledger charges whole micro-dollars, rounded up (a charge never falls short).
    assert user.reserved_usd == 0
    assert user.spent_usd == pytest.approx(to_micros(reply.cost_usd) / MICROS)
    assert await _ledger_count(stack) == 1


async def _ledger_count(stack: Any) -> int:
    with stack.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(ledger)).scalar_one())
