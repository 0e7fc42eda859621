"""One quiz-scheduler replica as a process of its own, for `tests/test_schedule_replicas.py`.

The real `ScheduleService` and `QuizEngine` on the database at `REPLICA_DB`; its channel
posts each quiz over HTTP to the test's capture server (`REPLICA_CAPTURE`), so a post is a
real network call that a kill can interrupt. Before posting a claimed slot it tells the
capture server (`/claimed`) and waits for its answer, then `REPLICA_HOLD_S`: the test holds
that answer when it chooses to kill a replica that has claimed a slot and not yet posted it,
so the kill lands there however busy the machine is. SIGTERM stops it gracefully.

    REPLICA_DB=postgresql://… REPLICA_CAPTURE=http://127.0.0.1:PORT \\
        python -m tests.fakes.scheduler_replica
"""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import datetime
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout

from bot.quiz.bank import load_banks
from bot.quiz.engine import QuizEngine, QuizState
from bot.quiz.schedule import Schedule, ScheduleService
from bot.store.db import build_engine

ROOT = Path(__file__).resolve().parents[2]


class HttpPoster:
    """A channel whose post is an HTTP call to the capture server."""

    def __init__(self, session: ClientSession, capture: str) -> None:
        self.session = session
        self.capture = capture

    async def post_group_quiz(self, schedule: Schedule, state: QuizState) -> None:
        body = {"schedule": schedule.id, "attempt": state.attempt_id, "pid": os.getpid()}
        async with self.session.post(f"{self.capture}/post", json=body) as resp:
            resp.raise_for_status()


class Replica(ScheduleService):
    """The real service, with a pause between claiming a slot and posting it."""

    session: ClientSession
    capture: str
    hold_s: float

    async def _post(
        self, schedule_id: str, slot: datetime, schedule: Schedule | None = None
    ) -> bool:
        body = {"schedule": schedule_id, "slot": slot.isoformat(), "pid": os.getpid()}
        async with self.session.post(f"{self.capture}/claimed", json=body) as resp:
            resp.raise_for_status()
        await asyncio.sleep(self.hold_s)
        return await super()._post(schedule_id, slot, schedule)


async def main() -> None:
    url = os.environ["REPLICA_DB"]
    capture = os.environ["REPLICA_CAPTURE"]
    engine = build_engine(url)
    quiz = QuizEngine(engine, load_banks(ROOT / "quizzes", ROOT / "knowledge"))
    async with ClientSession(timeout=ClientTimeout(total=10)) as session:
        service = Replica(
            engine,
            url,
            quiz,
            {"test": HttpPoster(session, capture)},
            lock_ttl_s=float(os.environ.get("REPLICA_LOCK_TTL_S", "4")),
            post_lease_s=float(os.environ.get("REPLICA_POST_LEASE_S", "6")),
        )
        service.session = session
        service.capture = capture
        service.hold_s = float(os.environ.get("REPLICA_HOLD_S", "1"))
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await service.start()
        print(f"ready {os.getpid()} {service.owner}", flush=True)
        await stop.wait()
        await service.shutdown()
    engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
