"""Scheduled group quizzes: APScheduler 3 with its job store in StudyBot's own database.

A schedule (cron or interval, with its own timezone) posts a group quiz into a conversation
through a channel-neutral `QuizPoster`. Three guarantees:

- **One scheduler per database.** A lock row (`scheduler_lock`) with a heartbeat: only the
  process holding it runs jobs; another takes over when the heartbeat goes stale.
- **Exactly once per due time.** Each firing first claims its slot (schedule id + due time)
  in `schedule_runs`, whose key makes a second claim fail. Restarts, two processes or a
  job store that missed its update cannot fire the same slot twice.
- **Nothing missed inside the grace period.** Jobs have a misfire grace time and coalesce, so
  a bot that was down briefly fires the latest missed slot once on start. APScheduler's own
  record of the next run is not trusted for this: a process killed after APScheduler moved a
  job on but before the slot was claimed would lose the slot. So the lock holder also sweeps
  (on taking the lock and on every heartbeat): the latest due slot of every schedule, if
  nobody claimed it, is fired; a slot claimed but never posted (its process died or froze
  past `post_lease_s`) is taken over and its quiz posted.

A kill during the platform call itself can still post a slot twice (the platform has no
idempotency key for a proactive message); every other kill point posts each slot once
(`tests/test_schedule_replicas.py`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.quiz.engine import GroupMode, Player, QuizEngine, QuizState
from bot.store.db import schedule_runs, scheduler_lock, schedules, write_transaction

log = logging.getLogger(__name__)

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

# APScheduler 3 persists a job as a reference to a module-level function, so the function
# cannot be handed the service that should run it. This map, filled by `start` and emptied
# by `shutdown`, is how a fired job finds its service: the only module-level state here.
_RUNNING: dict[str, ScheduleService] = {}


# Slots nobody claimed (schedule id, due time), and claims never posted (… owner, fired at).
LostSlots = tuple[list[tuple[str, datetime]], list[tuple[str, datetime, str, datetime]]]


class QuizPoster(Protocol):
    """What a channel implements so schedules can post into its conversations."""

    async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
        """Post the first question of the started group quiz into the schedule's conversation."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """A recurring group quiz in one conversation."""

    id: str
    platform: str
    conversation_id: str
    class_id: str = "direct"
    lang: Literal["ko", "en"] = "en"
    questions: int = 5
    time_limit_s: float = 60.0
    mode: GroupMode = "first_correct"
    cron: str | None = None
    """A crontab expression (`minute hour day month weekday`), e.g. `0 9 * * mon-fri`."""
    every_minutes: float | None = None
    """An interval instead of `cron`."""
    timezone: str = "Asia/Seoul"
    created_by: str = ""
    anchor: str | None = None
    """An interval's first due time (ISO, UTC): every slot is anchor + k × interval, the same
    on every replica and after every restart. Set when the schedule is stored."""

    def trigger(self) -> BaseTrigger:
        """The APScheduler trigger, in the schedule's own timezone."""
        tz = ZoneInfo(self.timezone)
        if self.cron:
            return CronTrigger.from_crontab(self.cron, timezone=tz)
        if self.every_minutes:
            # Without a fixed start an interval counts from "now", so two replicas building
            # it seconds apart would see different slots: older specs use the epoch.
            start = datetime.fromisoformat(self.anchor) if self.anchor else EPOCH
            return IntervalTrigger(seconds=self.every_minutes * 60, start_date=start, timezone=tz)
        raise ValueError("a schedule needs `cron` or `every_minutes`")

    def describe(self) -> str:
        """One line for lists."""
        when = f"cron '{self.cron}'" if self.cron else f"every {self.every_minutes:g} min"
        return (
            f"{self.id}: {when} ({self.timezone}) → {self.platform}:{self.conversation_id}, "
            f"{self.questions} {self.lang} questions, {self.time_limit_s:g}s each, {self.mode}"
        )


def validate_schedule(schedule: Schedule) -> None:
    """Raise ValueError with a clear message for an unusable schedule."""
    if bool(schedule.cron) == bool(schedule.every_minutes):
        raise ValueError("give exactly one of --cron or --every")
    if schedule.every_minutes is not None and schedule.every_minutes <= 0:
        raise ValueError("--every must be a positive number of minutes")
    if not 1 <= schedule.questions <= 20:
        raise ValueError("a scheduled quiz has 1 to 20 questions")
    try:
        ZoneInfo(schedule.timezone)
    except Exception:
        raise ValueError(f"unknown timezone {schedule.timezone!r}") from None
    try:
        schedule.trigger()
    except ValueError as exc:
        raise ValueError(f"bad schedule: {exc}") from None


class ScheduleService:
    """Adds, lists and removes schedules, and (when it holds the lock) fires them."""

    LOCK_NAME = "quiz-scheduler"

    def __init__(
        self,
        engine: Engine,
        url: str,
        quiz: QuizEngine,
        posters: dict[str, QuizPoster],
        misfire_grace_s: int = 300,
        lock_ttl_s: float = 30.0,
        post_lease_s: float = 120.0,
    ) -> None:
        self.engine = engine
        self.quiz = quiz
        self.posters = posters
        self.misfire_grace_s = misfire_grace_s
        self.lock_ttl_s = lock_ttl_s
        # How long a claimed slot may take to be posted before another lock holder posts it
        # instead: longer than a slow post (Teams pacing and retries), far shorter than grace.
        self.post_lease_s = post_lease_s
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.name = uuid.uuid4().hex
        self.scheduler = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=url, tablename="apscheduler_jobs")},
            job_defaults={
                "coalesce": True,
                "misfire_grace_time": misfire_grace_s,
                "max_instances": 1,
            },
            timezone=UTC,
        )
        self.fired: list[tuple[str, datetime]] = []
        self._heartbeat: asyncio.Task[None] | None = None
        self._sweeping: asyncio.Task[int] | None = None
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._stopping = False
        self.running = False
        self.on_fire: Callable[[Schedule, datetime], Awaitable[None]] | None = None

    # Managing schedules (works whether or not this process runs the scheduler) -------

    def add(self, schedule: Schedule) -> Schedule:
        """Store a schedule (replacing one with the same id) and its job."""
        validate_schedule(schedule)
        now = datetime.now(UTC)
        if schedule.every_minutes and not schedule.anchor:
            first = now.replace(microsecond=0) + timedelta(minutes=schedule.every_minutes)
            schedule = replace(schedule, anchor=first.isoformat())
        with write_transaction(self.engine) as conn:
            conn.execute(delete(schedules).where(schedules.c.id == schedule.id))
            conn.execute(
                insert(schedules).values(
                    id=schedule.id, spec=json.dumps(asdict(schedule)), created_at=now
                )
            )
        self._with_jobstore(
            lambda s: s.add_job(
                "bot.quiz.schedule:_fire",
                trigger=schedule.trigger(),
                id=schedule.id,
                name=schedule.describe(),
                kwargs={"schedule_id": schedule.id},
                replace_existing=True,
                # Stored with the job, whichever scheduler adds it (the CLI's, a replica
                # without the lock): a slot due during a restart or failover still fires,
                # once, when a scheduler next runs within the grace.
                misfire_grace_time=self.misfire_grace_s,
                coalesce=True,
                max_instances=1,
            )
        )
        return schedule

    def remove(self, schedule_id: str) -> bool:
        """Delete a schedule and its job; False if there was none."""
        with write_transaction(self.engine) as conn:
            gone = conn.execute(delete(schedules).where(schedules.c.id == schedule_id)).rowcount
        self._with_jobstore(lambda s: s.remove_job(schedule_id) if s.get_job(schedule_id) else None)
        return bool(gone)

    def list(self) -> list[tuple[Schedule, datetime | None]]:
        """Every schedule with its next due time."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(schedules.c.spec).order_by(schedules.c.id)).all()
        specs = [Schedule(**json.loads(r[0])) for r in rows]
        next_times: dict[str, datetime | None] = {}

        def collect(s: BaseScheduler) -> None:
            for job in s.get_jobs():
                next_times[job.id] = getattr(job, "next_run_time", None)

        self._with_jobstore(collect)
        return [(spec, next_times.get(spec.id)) for spec in specs]

    def get(self, schedule_id: str) -> Schedule | None:
        """One schedule by id."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schedules.c.spec).where(schedules.c.id == schedule_id)
            ).first()
        return Schedule(**json.loads(row[0])) if row else None

    def _with_jobstore(self, fn: Callable[[BaseScheduler], Any]) -> None:
        if self.scheduler.running:
            fn(self.scheduler)
            return
        # Not the running scheduler: edit the persistent store through a paused one.
        # A paused scheduler never runs jobs, so this is safe beside a running bot.
        paused = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=self.engine, tablename="apscheduler_jobs")
            },
            timezone=UTC,
        )
        paused.start(paused=True)
        try:
            fn(paused)
        finally:
            paused.shutdown(wait=False)

    # Running --------------------------------------------------------------------------

    def try_lock(self, now: datetime | None = None) -> bool:
        """Take or renew the database lock; True when this process holds it."""
        now = now or datetime.now(UTC)
        stale = now - timedelta(seconds=self.lock_ttl_s)
        with write_transaction(self.engine) as conn:
            try:
                with conn.begin_nested():
                    conn.execute(
                        insert(scheduler_lock).values(
                            name=self.LOCK_NAME, owner=self.owner, heartbeat_at=now
                        )
                    )
                return True
            except IntegrityError:
                pass
            taken = conn.execute(
                update(scheduler_lock)
                .where(
                    and_(
                        scheduler_lock.c.name == self.LOCK_NAME,
                        or_(
                            scheduler_lock.c.owner == self.owner,
                            scheduler_lock.c.heartbeat_at < stale,
                        ),
                    )
                )
                .values(owner=self.owner, heartbeat_at=now)
            ).rowcount
        return bool(taken)

    def release_lock(self) -> None:
        """Give the lock up (on shutdown) so another process can take over at once."""
        with write_transaction(self.engine) as conn:
            conn.execute(
                delete(scheduler_lock).where(
                    and_(
                        scheduler_lock.c.name == self.LOCK_NAME,
                        scheduler_lock.c.owner == self.owner,
                    )
                )
            )

    async def start(self) -> bool:
        """Run the scheduler if this process gets the lock; keep trying in the background."""
        _RUNNING[self.name] = self
        self._stopping = False
        self._heartbeat = asyncio.create_task(self._keep_lock(), name="scheduler-lock")
        return await self._maybe_run()

    async def _maybe_run(self) -> bool:
        held = await asyncio.to_thread(self.try_lock)
        if held and not self.running:
            self.scheduler.start()
            self.running = True
            log.info("quiz scheduler running (lock held by %s)", self.owner)
        elif not held and self.running:
            # Someone else took over (we were stalled past the TTL): stop firing at once.
            self.scheduler.shutdown(wait=False)
            self.running = False
            log.warning("quiz scheduler lock lost; stopped")
        if held and (self._sweeping is None or self._sweeping.done()):
            # In the background: a slow post must not hold up the lock's heartbeat.
            self._sweeping = asyncio.create_task(self.sweep(), name="scheduler-sweep")
        return held

    async def sweep(self, now: datetime | None = None) -> int:
        """Fire what the job store may have lost: every schedule's latest due slot that nobody
        claimed (inside the grace), and every slot claimed but not posted within its lease.
        Returns how many slots this call posted."""
        now = now or datetime.now(UTC)
        missed, stranded = await asyncio.to_thread(self._lost_slots, now)
        posted = 0
        for schedule_id, slot in missed:
            posted += await self.fire(schedule_id, now, slot=slot)
        for schedule_id, slot, owner, fired_at in stranded:
            if self._stopping:
                break  # a claim taken over now would be cut off by the exit
            if await asyncio.to_thread(self._take_over, schedule_id, slot, owner, fired_at, now):
                log.warning(
                    "schedule %s at %s was claimed by %s, never posted: posting it",
                    schedule_id,
                    slot,
                    owner,
                )
                posted += await self._post(schedule_id, slot)
        return posted

    def _lost_slots(self, now: datetime) -> LostSlots:
        with self.engine.connect() as conn:
            specs = conn.execute(select(schedules.c.spec, schedules.c.created_at)).all()
            claimed = {
                (r[0], _utc(r[1]))
                for r in conn.execute(
                    select(schedule_runs.c.schedule_id, schedule_runs.c.due_at).where(
                        schedule_runs.c.due_at >= now - timedelta(seconds=self.misfire_grace_s)
                    )
                )
            }
            stranded = [
                (r[0], _utc(r[1]), r[2], _utc(r[3]))
                for r in conn.execute(
                    select(
                        schedule_runs.c.schedule_id,
                        schedule_runs.c.due_at,
                        schedule_runs.c.owner,
                        schedule_runs.c.fired_at,
                    ).where(
                        schedule_runs.c.posted_at.is_(None),
                        schedule_runs.c.fired_at < now - timedelta(seconds=self.post_lease_s),
                        schedule_runs.c.due_at >= now - timedelta(seconds=self.misfire_grace_s),
                    )
                )
            ]
        # A slot of a schedule removed since it was claimed is nobody's to post.
        existing = {json.loads(spec)["id"] for spec, _ in specs}
        stranded = [row for row in stranded if row[0] in existing]
        missed = []
        for spec, created_at in specs:
            schedule = Schedule(**json.loads(spec))
            slot = self.latest_slot(schedule, now)
            # A slot from before the schedule existed was never due.
            if slot is not None and slot > _utc(created_at) and (schedule.id, slot) not in claimed:
                missed.append((schedule.id, slot))
        return missed, stranded

    def _take_over(
        self, schedule_id: str, slot: datetime, owner: str, fired_at: datetime, now: datetime
    ) -> bool:
        """Make a stranded claim ours, unless someone else (or its owner) got there first."""
        with write_transaction(self.engine) as conn:
            return bool(
                conn.execute(
                    update(schedule_runs)
                    .where(
                        schedule_runs.c.schedule_id == schedule_id,
                        schedule_runs.c.due_at == slot,
                        schedule_runs.c.owner == owner,
                        schedule_runs.c.fired_at == fired_at,
                        schedule_runs.c.posted_at.is_(None),
                    )
                    .values(owner=self.owner, fired_at=now)
                ).rowcount
            )

    async def _keep_lock(self) -> None:
        while True:
            await asyncio.sleep(self.lock_ttl_s / 3)
            try:
                await self._maybe_run()
            except Exception:
                log.exception("scheduler lock heartbeat failed")

    async def shutdown(self, grace_s: float = 10.0) -> None:
        """Stop firing, let quizzes being posted finish (bounded), release the lock."""
        # From here no new slot is claimed: a job APScheduler had already handed to the loop
        # would otherwise claim while we wait and be cut off when the process exits, leaving
        # a claim nobody posts until the next holder's lease runs out.
        self._stopping = True
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        if self.running:
            self.scheduler.pause()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + grace_s
            # Until nothing is in flight: a task can start tracking while we wait on others.
            while (pending := self._pending()) and loop.time() < deadline:
                await asyncio.wait(pending, timeout=deadline - loop.time())
            self.scheduler.shutdown(wait=False)
            self.running = False
            await asyncio.to_thread(self.release_lock)
        _RUNNING.pop(self.name, None)

    def _pending(self) -> tuple[asyncio.Task[Any], ...]:
        """Firings, posts and the sweep still running (a claimed slot must be posted)."""
        sweeping = [self._sweeping] if self._sweeping is not None else []
        current = asyncio.current_task()
        return tuple(t for t in (*self._in_flight, *sweeping) if not t.done() and t is not current)

    # Firing ---------------------------------------------------------------------------

    def claim(self, schedule_id: str, due_at: datetime, now: datetime | None = None) -> bool:
        """Claim one due time of one schedule; False if it was already fired."""
        try:
            with write_transaction(self.engine) as conn:
                conn.execute(
                    insert(schedule_runs).values(
                        schedule_id=schedule_id,
                        due_at=due_at,
                        fired_at=now or datetime.now(UTC),
                        owner=self.owner,
                    )
                )
            return True
        except IntegrityError:
            return False

    def latest_slot(self, schedule: Schedule, now: datetime) -> datetime | None:
        """The latest due time of the schedule at or before now, inside the grace period."""
        trigger = schedule.trigger()
        start = now - timedelta(seconds=self.misfire_grace_s)
        slot: datetime | None = None
        fire = trigger.get_next_fire_time(None, start)
        while fire is not None and fire <= now + timedelta(milliseconds=1):
            slot = fire
            fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
        return slot.astimezone(UTC).replace(microsecond=0) if slot is not None else None

    def due_slot(self, schedule: Schedule, now: datetime) -> datetime:
        """The due time being fired: the latest fire time of the trigger at or before now."""
        return self.latest_slot(schedule, now) or now.astimezone(UTC).replace(microsecond=0)

    async def fire(
        self, schedule_id: str, now: datetime | None = None, slot: datetime | None = None
    ) -> bool:
        """Start and post the group quiz of one due time, once. True if this call posted it."""
        self._track()  # from the start: a shutdown must wait for a claim being made
        if self._stopping:
            # Left unclaimed, the slot is the next holder's to fire (its sweep finds it).
            log.info("schedule %s fired while shutting down; left to the next holder", schedule_id)
            return False
        schedule = await asyncio.to_thread(self.get, schedule_id)
        if schedule is None:
            log.warning("schedule %s fired but no longer exists", schedule_id)
            return False
        now = now or datetime.now(UTC)
        slot = slot or self.due_slot(schedule, now)
        if not await asyncio.to_thread(self.claim, schedule_id, slot, now):
            log.info("schedule %s at %s already fired elsewhere", schedule_id, slot)
            return False
        self.fired.append((schedule_id, slot))
        return await self._post(schedule_id, slot, schedule)

    async def _post(
        self, schedule_id: str, slot: datetime, schedule: Schedule | None = None
    ) -> bool:
        """Post the group quiz of a slot this process has claimed (starting it the first time,
        the same quiz after a take-over), then mark the slot posted."""
        self._track()
        schedule = schedule or await asyncio.to_thread(self.get, schedule_id)
        if schedule is None:
            return False
        state = await asyncio.to_thread(self._quiz_of, schedule, slot)
        if state is None:
            # Another process took the slot over while this one was stalled: it posts.
            log.info("schedule %s at %s was taken over; not posting", schedule_id, slot)
            return False
        poster = self.posters.get(schedule.platform)
        if poster is None:
            log.warning("no channel %r to post schedule %s into", schedule.platform, schedule_id)
        else:
            await poster.post_group_quiz(schedule, state)
        await asyncio.to_thread(self._mark_posted, schedule_id, slot)
        if self.on_fire is not None:
            await self.on_fire(schedule, slot)
        return True

    def _track(self) -> None:
        """Count the running task as in flight: `shutdown` lets it finish (bounded)."""
        task = asyncio.current_task()
        if task is not None and task not in self._in_flight:
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)

    def _quiz_of(self, schedule: Schedule, slot: datetime) -> QuizState | None:
        """The slot's group quiz, started once and recorded with the claim; None when the
        claim is no longer this process's."""
        mine = and_(
            schedule_runs.c.schedule_id == schedule.id,
            schedule_runs.c.due_at == slot,
            schedule_runs.c.owner == self.owner,
            schedule_runs.c.posted_at.is_(None),
        )
        with self.engine.connect() as conn:
            row = conn.execute(select(schedule_runs.c.attempt_id).where(mine)).first()
        if row is None:
            return None
        if row[0]:
            return self.quiz.state(row[0])
        player = Player(
            f"schedule:{schedule.id}",
            schedule.class_id,
            schedule.platform,
            schedule.conversation_id,
        )
        state = self.quiz.start_group(
            player, schedule.lang, schedule.questions, schedule.time_limit_s, schedule.mode
        )
        with write_transaction(self.engine) as conn:
            taken = conn.execute(
                update(schedule_runs).where(mine).values(attempt_id=state.attempt_id)
            ).rowcount
        return state if taken else None

    def _mark_posted(self, schedule_id: str, slot: datetime) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(
                update(schedule_runs)
                .where(
                    schedule_runs.c.schedule_id == schedule_id,
                    schedule_runs.c.due_at == slot,
                )
                .values(posted_at=datetime.now(UTC))
            )


def _utc(value: datetime) -> datetime:
    """A stored time as aware UTC (SQLite hands times back without their zone)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


async def _fire(schedule_id: str) -> None:
    """The job APScheduler runs: hand the firing to this process's running service."""
    for service in list(_RUNNING.values()):
        if service.running:
            await service.fire(schedule_id)
            return
    log.warning("schedule %s fired with no running schedule service", schedule_id)
