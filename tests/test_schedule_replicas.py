"""Two scheduler replicas on PostgreSQL, killed and frozen for minutes: every slot once.

Real processes (`tests/fakes/scheduler_replica.py`: the real `ScheduleService` and quiz
engine) share one PostgreSQL schema and post each scheduled quiz over HTTP to a capture
server here. An every-minute cron and a 15-second interval run while the test

- kills the lock holder with SIGKILL at an idle moment, and restarts it;
- kills the lock holder the moment it has claimed a slot and not yet posted it (chosen
  point, twice; once on a cron slot);
- freezes the lock holder with SIGSTOP for longer than the lock's TTL across a due slot, then
  lets it run again (it must notice it lost the lock and not post what the other posted);
- kills the standby replica;

then lets both run undisturbed and counts: every slot due in the run was posted exactly
once, each quiz posted once. Times are the scheduler's own (seconds-long TTL and leases);
nothing asserts how long anything took.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select

from bot.quiz.bank import load_banks
from bot.quiz.engine import QuizEngine
from bot.quiz.schedule import Schedule, ScheduleService
from bot.store.db import build_engine, schedule_runs, scheduler_lock, schedules
from tests.conftest import KNOWLEDGE, ROOT
from tests.test_scale_out import pg_schema

pytestmark = pytest.mark.slow

LOCK_TTL_S = 4.0
POST_LEASE_S = 6.0
HOLD_S = 0.2  # a replica's pause after announcing a claim (the chosen kills wait on the
# capture server instead: it holds the announcement until the replica is dead)
INTERVAL_S = 15


class Capture:
    """The platform side: records claims announced and quizzes posted."""

    def __init__(self) -> None:
        self.claims: list[dict[str, Any]] = []
        self.posts: list[dict[str, Any]] = []
        # A chosen kill arms the server: the next matching claim is handed to the test and its
        # announcement held (the replica cannot post) until the test has killed it. So the
        # kill lands between claim and post however slow the machine is.
        self._armed: tuple[str | None, asyncio.Future[dict[str, Any]]] | None = None
        self._release = asyncio.Event()
        self.last_event = datetime.now(UTC)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/claimed", self._claimed)
        app.router.add_post("/post", self._post)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _claimed(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.claims.append(body)
        self.last_event = datetime.now(UTC)
        armed = self._armed
        if armed is not None and armed[0] in (None, body["schedule"]) and not armed[1].done():
            self._release.clear()
            armed[1].set_result(body)
            await self._release.wait()  # until the test has killed the claimant
        return web.json_response({})

    async def chosen_claim(self, schedule_id: str | None = None) -> dict[str, Any]:
        """The next claim (of `schedule_id`, or any), held before its post."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._armed = (schedule_id, future)
        try:
            return await future
        finally:
            self._armed = None

    def release(self) -> None:
        self._release.set()

    async def _post(self, request: web.Request) -> web.Response:
        self.posts.append(await request.json())
        self.last_event = datetime.now(UTC)
        return web.json_response({})


class Replicas:
    """Scheduler replica processes, by pid."""

    def __init__(self, url: str, capture: str, logs: Path) -> None:
        self.env = {
            **os.environ,
            "REPLICA_DB": url,
            "REPLICA_CAPTURE": capture,
            "REPLICA_LOCK_TTL_S": str(LOCK_TTL_S),
            "REPLICA_POST_LEASE_S": str(POST_LEASE_S),
            "REPLICA_HOLD_S": str(HOLD_S),
            "ANONYMIZED_TELEMETRY": "False",
        }
        self.logs = logs
        self.procs: dict[int, subprocess.Popen[bytes]] = {}
        self.engine = build_engine(url)

    def start(self) -> int:
        log = (self.logs / f"replica-{len(self.procs)}.log").open("ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.scheduler_replica"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs[proc.pid] = proc
        return proc.pid

    def alive(self) -> list[int]:
        return [pid for pid, p in self.procs.items() if p.poll() is None]

    def kill(self, pid: int) -> None:
        self.procs[pid].send_signal(signal.SIGKILL)
        self.procs[pid].wait()

    async def holder(self) -> int:
        """The pid of the live replica holding the scheduler lock (waits for a take-over)."""
        for _ in range(600):
            with self.engine.connect() as conn:
                owner = conn.execute(select(scheduler_lock.c.owner)).scalar()
            pid = int(owner.split(":")[1]) if owner else 0
            if pid in self.alive():
                return pid
            await asyncio.sleep(0.1)
        raise AssertionError("no live replica took the scheduler lock")

    def stop_all(self) -> None:
        for pid in self.alive():
            self.procs[pid].send_signal(signal.SIGCONT)
            self.procs[pid].send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.engine.dispose()


@pytest.fixture
async def capture() -> AsyncIterator[Capture]:
    server = Capture()
    await server.start()
    yield server
    await server.stop()


def _slots(schedule: Schedule, after: datetime, until: datetime) -> list[datetime]:
    trigger = schedule.trigger()
    out = []
    fire = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    while fire is not None and fire <= until:
        out.append(fire.astimezone(UTC).replace(microsecond=0))
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return out


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


async def _idle(capture: Capture, quiet_s: float = 2.5) -> None:
    """Wait for a moment with no claim or post in flight (none for `quiet_s`)."""
    # Polls a timestamp the capture server keeps: no event marks "nothing happened".
    while datetime.now(UTC) - capture.last_event < timedelta(seconds=quiet_s):  # noqa: ASYNC110
        await asyncio.sleep(0.2)


async def test_two_replicas_post_every_slot_once_through_kills_and_a_freeze(
    capture: Capture, tmp_path: Path
) -> None:
    with pg_schema("replicas") as url:
        admin = build_engine(url)
        service = ScheduleService(
            admin, url, QuizEngine(admin, load_banks(ROOT / "quizzes", KNOWLEDGE)), {}
        )
        specs = {
            "cron": service.add(
                Schedule("cron", "test", "room-cron", cron="* * * * *", timezone="UTC")
            ),
            "interval": service.add(
                Schedule("interval", "test", "room-int", every_minutes=INTERVAL_S / 60)
            ),
        }
        with admin.connect() as conn:
            rows = conn.execute(select(schedules.c.id, schedules.c.created_at)).all()
        created = {r[0]: _utc(r[1]) for r in rows}
        replicas = Replicas(url, capture.url, tmp_path)
        chosen: list[dict[str, Any]] = []
        frozen: list[tuple[int, datetime, datetime]] = []
        try:
            replicas.start()
            replicas.start()
            await asyncio.sleep(8)

            # Rounds of faults for at least two minutes and two rounds (each round has every
            # kind of fault; the whole test runs three to four minutes).
            began = datetime.now(UTC)
            while len(frozen) < 2 or datetime.now(UTC) - began < timedelta(minutes=2):
                # 1. The lock holder killed at an idle moment; a supervisor restarts it.
                await _idle(capture)
                replicas.kill(await replicas.holder())
                await asyncio.sleep(1)
                replicas.start()

                # 2. The lock holder killed right after it claimed a slot, before posting.
                claim = await capture.chosen_claim()
                replicas.kill(claim["pid"])
                capture.release()
                chosen.append(claim)
                await asyncio.sleep(1)
                replicas.start()

                # 3. The holder frozen past the lock's TTL, across an interval slot.
                await _idle(capture, quiet_s=1.0)
                pid = await replicas.holder()
                start = datetime.now(UTC)
                os.kill(pid, signal.SIGSTOP)
                await asyncio.sleep(INTERVAL_S + 1)
                os.kill(pid, signal.SIGCONT)
                frozen.append((pid, start, datetime.now(UTC)))

                # 4. The standby killed.
                await _idle(capture)
                holder = await replicas.holder()
                standby = next(p for p in replicas.alive() if p != holder)
                replicas.kill(standby)
                replicas.start()

            # 5. Chosen kills again: any slot, then a cron slot.
            for schedule_id in (None, "cron"):
                claim = await capture.chosen_claim(schedule_id)
                replicas.kill(claim["pid"])
                capture.release()
                chosen.append(claim)
                await asyncio.sleep(1)
                replicas.start()

            # Undisturbed: stranded claims are taken over, late slots fire.
            until = datetime.now(UTC)
            await asyncio.sleep(LOCK_TTL_S + POST_LEASE_S + HOLD_S + 6)
        finally:
            replicas.stop_all()

        with admin.connect() as conn:
            runs = {(r.schedule_id, _utc(r.due_at)): r for r in conn.execute(select(schedule_runs))}
        admin.dispose()

    expected = [
        (sid, slot) for sid, spec in specs.items() for slot in _slots(spec, created[sid], until)
    ]
    missing = [key for key in expected if key not in runs or runs[key].posted_at is None]
    assert not missing, missing
    posted = Counter(p["attempt"] for p in capture.posts)
    assert max(posted.values()) == 1, posted.most_common(3)  # no quiz posted twice
    run_attempts = {r.attempt_id for r in runs.values() if r.posted_at is not None}
    assert set(posted) == run_attempts  # every post is a slot's quiz, every slot posted
    # Nor a claim left unposted, even of a slot due after the faults: SIGTERM lets them finish.
    unposted = [(key, r.owner, r.fired_at) for key, r in runs.items() if r.posted_at is None]
    assert not unposted, (until, unposted)
    assert len(capture.posts) == len(runs)

    # The faults happened where intended: each chosen claim was posted by another process ...
    by_attempt = {p["attempt"]: p for p in capture.posts}
    for claim in chosen:
        run = runs[(claim["schedule"], _utc(datetime.fromisoformat(claim["slot"])))]
        assert by_attempt[run.attempt_id]["pid"] != claim["pid"], claim
    assert any(c["schedule"] == "cron" for c in chosen)
    # ... and a slot due while the holder was frozen was posted by the other replica.
    assert len(frozen) >= 2
    for pid, start, end in frozen:
        during = [key for key in expected if key[0] == "interval" and start < key[1] < end]
        assert during and all(by_attempt[runs[k].attempt_id]["pid"] != pid for k in during)
    assert len(expected) >= 12
    print(
        f"\nslots due {len(expected)} (cron {sum(k[0] == 'cron' for k in expected)}), "
        f"posted once {len(expected) - len(missing)}, doubled "
        f"{sum(n > 1 for n in posted.values())}; replicas started {len(replicas.procs)}, "
        f"chosen kills {len(chosen)}, freezes {len(frozen)}"
    )
