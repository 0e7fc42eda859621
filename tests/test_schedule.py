"""Scheduled group quizzes with a real APScheduler on short intervals and real SQLite."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.base import STATE_PAUSED
from sqlalchemy import select

from bot.quiz.bank import BankSet, load_banks
from bot.quiz.engine import QuizEngine, QuizState
from bot.quiz.schedule import Schedule, ScheduleService, _fire, validate_schedule
from bot.store.db import build_engine, quiz_attempts, schedule_runs
from tests.conftest import KNOWLEDGE, ROOT

EVERY_SECOND = 1 / 60  # minutes


class Recorder:
    """A channel that records what it was asked to post."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, QuizState]] = []

    async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
        self.posts.append((schedule.id, schedule.conversation_id, state))


@pytest.fixture(scope="module")
def banks() -> BankSet:
    return load_banks(ROOT / "quizzes", KNOWLEDGE)


def _service(tmp_path: Path, banks: BankSet, poster: Recorder, **kw: Any) -> ScheduleService:
    url = f"sqlite:///{tmp_path}/sched.db"
    engine = build_engine(url, tmp_path)
    return ScheduleService(engine, url, QuizEngine(engine, banks), {"test": poster}, **kw)


def _runs(service: ScheduleService) -> list[tuple[str, datetime]]:
    with service.engine.connect() as conn:
        return [
            (r[0], r[1])
            for r in conn.execute(select(schedule_runs.c.schedule_id, schedule_runs.c.due_at))
        ]


async def _until(check: Any, what: str, seconds: float = 60) -> None:
    """Poll until `check()` holds. A generous deadline against a hang, never a measure of
    speed: on a busy machine the scheduler may fire late, and that is not a failure."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        assert loop.time() < deadline, f"never saw {what}"
        await asyncio.sleep(0.1)


def test_schedule_validation() -> None:
    ok = Schedule("s", "test", "room", cron="0 9 * * mon-fri", timezone="Asia/Seoul")
    validate_schedule(ok)
    for bad, message in (
        (Schedule("s", "test", "room"), "exactly one"),
        (Schedule("s", "test", "room", cron="0 9 * * *", every_minutes=5), "exactly one"),
        (Schedule("s", "test", "room", cron="99 * * * *"), "bad schedule"),
        (Schedule("s", "test", "room", every_minutes=5, timezone="Mars/Base"), "unknown timezone"),
        (Schedule("s", "test", "room", every_minutes=5, questions=0), "1 to 20"),
    ):
        with pytest.raises(ValueError, match=message):
            validate_schedule(bad)


def test_cron_in_its_own_timezone(tmp_path: Path, banks: BankSet) -> None:
    service = _service(tmp_path, banks, Recorder())
    service.add(Schedule("kr", "test", "room", cron="0 9 * * *", timezone="Asia/Seoul"))
    service.add(
        Schedule("kr", "test", "room2", cron="30 8 * * *", timezone="Asia/Seoul")
    )  # replace
    ((spec, nxt),) = service.list()
    assert spec.conversation_id == "room2" and nxt is not None
    local = nxt.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Seoul"))
    assert (local.hour, local.minute) == (8, 30)
    assert service.remove("kr") and service.list() == [] and not service.remove("kr")


async def test_fires_once_per_due_time_across_three_restarts(
    tmp_path: Path, banks: BankSet
) -> None:
    poster = Recorder()
    first = _service(tmp_path, banks, poster)
    first.add(Schedule("tick", "test", "room", lang="ko", questions=2, every_minutes=EVERY_SECOND))
    for restart in range(3):
        service = _service(tmp_path, banks, poster)
        assert await service.start()
        # Each restarted scheduler fires slots of its own (whenever the machine lets it).
        await _until(lambda n=restart: len(poster.posts) >= n + 2, "a slot fired after start")
        await service.shutdown()
        service.engine.dispose()
    runs = _runs(first)
    assert len(runs) >= 4  # 2 under the first scheduler, then at least 1 under each restart
    assert max(Counter(runs).values()) == 1  # never twice for one due time
    assert len(poster.posts) == len(runs)  # every fired slot was posted, once
    schedule_id, conversation, state = poster.posts[0]
    assert (schedule_id, conversation, state.mode, state.lang, state.total) == (
        "tick",
        "room",
        "group",
        "ko",
        2,
    )
    with first.engine.connect() as conn:
        groups = conn.execute(
            select(quiz_attempts.c.id).where(quiz_attempts.c.mode == "group")
        ).all()
    assert len(groups) == len(runs)


async def test_two_schedulers_on_one_database_fire_once(tmp_path: Path, banks: BankSet) -> None:
    poster_a, poster_b = Recorder(), Recorder()
    a = _service(tmp_path, banks, poster_a, lock_ttl_s=3)
    b = _service(tmp_path, banks, poster_b, lock_ttl_s=3)
    a.add(Schedule("dup", "test", "room", every_minutes=EVERY_SECOND))
    held = [await a.start(), await b.start()]
    assert held == [True, False]  # one lock holder
    await _until(lambda: len(poster_a.posts) >= 2, "the holder firing")
    assert poster_b.posts == []  # the standby fires nothing while the holder lives
    # The holder stops; the other takes over (after the lock's TTL), with no double firing.
    await a.shutdown()
    await _until(lambda: len(poster_b.posts) >= 2, "the standby taking over")
    await b.shutdown()
    runs = _runs(a)
    assert max(Counter(runs).values()) == 1
    assert poster_a.posts and poster_b.posts  # both fired, never the same slot
    assert len(poster_a.posts) + len(poster_b.posts) == len(runs)


async def test_missed_slot_inside_grace_fires_once_on_start(tmp_path: Path, banks: BankSet) -> None:
    poster = Recorder()
    service = _service(tmp_path, banks, poster)
    service.add(Schedule("daily", "test", "room", cron="0 9 * * *", timezone="UTC"))
    due = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    if due > datetime.now(UTC):
        due -= timedelta(days=1)
    # The bot was down at 09:00 and comes back two minutes later: one firing for that slot.
    late = due + timedelta(minutes=2)
    assert await service.fire("daily", late) is True
    assert await service.fire("daily", late + timedelta(seconds=5)) is False
    assert _runs(service) == [("daily", due.replace(tzinfo=None))] or _runs(service) == [
        ("daily", due)
    ]
    assert len(poster.posts) == 1


def test_every_path_that_stores_a_job_stores_the_grace_and_coalescing(
    tmp_path: Path, banks: BankSet
) -> None:
    """The CLI, or a replica without the lock, adds jobs through a paused scheduler: the
    job must carry the configured grace (it used to get APScheduler's 1 s default)."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    service = _service(tmp_path, banks, Recorder(), misfire_grace_s=420)
    assert not service.running  # the CLI's situation
    service.add(Schedule("cron1", "test", "room", cron="*/5 * * * *"))
    service.add(Schedule("every1", "test", "room", every_minutes=5))
    reader = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=service.engine)}, timezone=UTC
    )
    reader.start(paused=True)
    try:
        jobs = {job.id: job for job in reader.get_jobs()}
    finally:
        reader.shutdown(wait=False)
    for job_id in ("cron1", "every1"):
        assert jobs[job_id].misfire_grace_time == 420
        assert jobs[job_id].coalesce is True and jobs[job_id].max_instances == 1


def test_an_interval_slot_is_keyed_by_its_due_time_not_when_it_fired(
    tmp_path: Path, banks: BankSet
) -> None:
    """Two replicas firing the same due slot seconds apart must claim the same key."""
    a = _service(tmp_path, banks, Recorder())
    stored = a.add(Schedule("every", "test", "room", every_minutes=10))
    assert stored.anchor is not None
    anchor = datetime.fromisoformat(stored.anchor)
    b = _service(tmp_path, banks, Recorder())
    spec = b.get("every")
    assert spec is not None and spec.anchor == stored.anchor  # stored with the schedule
    due = anchor + timedelta(minutes=30)
    first = a.due_slot(spec, due + timedelta(seconds=1))
    second = b.due_slot(spec, due + timedelta(seconds=4))  # the other replica, 3 s later
    assert first == second == due
    assert a.claim("every", first) and not b.claim("every", second)
    # A schedule stored before anchors existed still has fixed slots (counted from an epoch).
    legacy = Schedule("old", "test", "room", every_minutes=10)
    now = datetime(2026, 12, 2, 9, 3, 7, tzinfo=UTC)
    assert a.due_slot(legacy, now) == b.due_slot(legacy, now + timedelta(seconds=3))
    assert a.due_slot(legacy, now) == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


async def test_a_slot_claimed_by_a_process_that_died_is_posted_once_by_the_next_holder(
    tmp_path: Path, banks: BankSet
) -> None:
    """Claimed, then killed before posting: the next lock holder posts that slot's quiz once
    the claim's lease has run out, and the first process, if it was only frozen, does not."""
    poster_a, poster_b = Recorder(), Recorder()
    a = _service(tmp_path, banks, poster_a, post_lease_s=60)
    b = _service(tmp_path, banks, poster_b, post_lease_s=60)
    stored = a.add(Schedule("every", "test", "room", every_minutes=10))
    assert stored.anchor is not None
    due = datetime.fromisoformat(stored.anchor) + timedelta(minutes=10)
    assert a.claim("every", due, now=due + timedelta(seconds=1))  # ... and A dies here
    gone = a.add(Schedule("gone", "test", "room", every_minutes=10))
    assert a.claim("gone", due, now=due) and a.remove(gone.id)  # removed since its claim
    assert await b.sweep(now=due + timedelta(seconds=30)) == 0  # A may still be posting
    assert await b.sweep(now=due + timedelta(seconds=62)) == 1
    assert await b.sweep(now=due + timedelta(seconds=90)) == 0
    assert await a._post("every", due) is False  # A wakes up: the slot is no longer its
    assert [p[0] for p in poster_b.posts] == ["every"] and poster_a.posts == []
    with a.engine.connect() as conn:
        row = conn.execute(
            select(
                schedule_runs.c.owner, schedule_runs.c.attempt_id, schedule_runs.c.posted_at
            ).where(schedule_runs.c.schedule_id == "every")
        ).one()
    assert row.owner == b.owner and row.posted_at is not None
    assert row.attempt_id == poster_b.posts[0][2].attempt_id


async def test_a_started_quiz_is_posted_as_it_was_after_a_take_over(
    tmp_path: Path, banks: BankSet
) -> None:
    """Killed after starting the slot's quiz but before posting it: the same quiz is posted."""
    poster_a, poster_b = Recorder(), Recorder()
    a = _service(tmp_path, banks, poster_a, post_lease_s=60)
    b = _service(tmp_path, banks, poster_b, post_lease_s=60)
    stored = a.add(Schedule("every", "test", "room", every_minutes=10))
    assert stored.anchor is not None
    due = datetime.fromisoformat(stored.anchor) + timedelta(minutes=10)
    assert a.claim("every", due, now=due)
    spec = a.get("every")
    assert spec is not None
    started = a._quiz_of(spec, due)  # ... and A dies before posting
    assert started is not None
    assert await b.sweep(now=due + timedelta(seconds=61)) == 1
    assert poster_b.posts[0][2].attempt_id == started.attempt_id


async def test_a_due_slot_the_job_store_skipped_is_fired_by_the_sweep(
    tmp_path: Path, banks: BankSet
) -> None:
    """APScheduler moves a job to its next run before the slot is claimed: a process killed
    in between used to lose that slot. The lock holder's sweep fires it, once."""
    poster = Recorder()
    service = _service(tmp_path, banks, poster)
    service.add(Schedule("five", "test", "room", cron="*/5 * * * *", timezone="UTC"))
    created = datetime.now(UTC)
    assert await service.sweep(now=created) == 0  # the slot before it existed was never due
    due = created.replace(second=0, microsecond=0) + timedelta(minutes=5 - created.minute % 5)
    assert await service.sweep(now=due + timedelta(seconds=20)) == 1
    assert await service.sweep(now=due + timedelta(seconds=40)) == 0
    assert [r[1] for r in _runs(service)] in ([due], [due.replace(tzinfo=None)])
    assert len(poster.posts) == 1


async def test_a_slot_fired_while_shutting_down_is_not_claimed_and_cut_off(
    tmp_path: Path, banks: BankSet
) -> None:
    """SIGTERM while the sweep is running: a job APScheduler hands over during the wait used to
    claim its slot, start posting and be cut off when the process exited, a claim nobody posted
    until the next holder's lease ran out. Now it leaves the slot unclaimed for the next holder,
    and shutdown returns only when nothing is in flight."""
    posting = asyncio.Event()

    class Blocking(Recorder):
        async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
            await posting.wait()
            await super().post_group_quiz(schedule, state)

    poster = Blocking()
    service = _service(tmp_path, banks, poster)
    service.add(Schedule("every", "test", "room", every_minutes=10))
    assert await service.start()
    sweep_done = asyncio.Event()
    if service._sweeping is not None:
        await service._sweeping
    service._sweeping = asyncio.create_task(sweep_done.wait())  # type: ignore[assignment]
    stopping = asyncio.create_task(service.shutdown())
    await _until(lambda: service.scheduler.state == STATE_PAUSED, "the scheduler paused")
    fired = asyncio.create_task(_fire("every"))  # the job handed over during the wait
    for _ in range(20):
        await asyncio.sleep(0)
    sweep_done.set()
    await stopping
    assert fired.done() and fired.exception() is None
    posting.set()
    with service.engine.connect() as conn:
        unposted = conn.execute(
            select(schedule_runs.c.due_at).where(schedule_runs.c.posted_at.is_(None))
        ).all()
    assert unposted == [] and poster.posts == []
