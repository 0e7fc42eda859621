"""`studybot serve --workers 2`: two real processes on one port, one scheduler among them.

The supervisor and its workers are real processes; connections are fresh each time, so the
kernel (SO_REUSEPORT) spreads them over both workers. Waits poll for a state with a generous
deadline; nothing asserts how long anything took.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, ClientTimeout, TCPConnector

from bot.app import App
from tests.conftest import _free_port
from tests.test_crash import server_env
from tests.test_teams import Capture, activity, service_url_of


@pytest.fixture
async def connector() -> AsyncIterator[Capture]:
    """The stand-in Bot Connector the workers post their replies to."""
    stand_in = Capture()
    await stand_in.start()
    yield stand_in
    assert stand_in.server is not None
    await stand_in.server.close()


async def _health(url: str, tries: int = 24) -> list[dict[str, Any]]:
    """/healthz over `tries` fresh connections (each may land on either worker)."""
    out = []
    async with ClientSession(
        connector=TCPConnector(force_close=True), timeout=ClientTimeout(total=10)
    ) as session:
        for _ in range(tries):
            try:
                async with session.get(f"{url}/healthz") as resp:
                    if resp.status == 200:
                        out.append(await resp.json())
            except OSError:
                pass
    return out


async def _until(check: Any, what: str, log: Path, seconds: float = 90) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        got = await check()
        if got:
            return got
        await asyncio.sleep(0.3)
    tail = await asyncio.to_thread(log.read_text)
    raise AssertionError(f"never saw {what}:\n{tail[-3000:]}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_two_workers_share_the_port_and_one_runs_the_scheduler(
    course_app: App, tmp_path: Path, connector: Capture
) -> None:
    capture = connector
    env = server_env(course_app, tmp_path, f"sqlite:///{tmp_path}/bot.db")
    env["STUDYBOT_SCHEDULE_LOCK_TTL_S"] = "3"  # a dead scheduler is replaced in seconds
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        supervisor = await asyncio.to_thread(
            subprocess.Popen,
            [sys.executable, "-m", "bot", "serve", "--dev", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:

        async def both_workers() -> dict[int, str] | None:
            seen = {h["worker"]: h["scheduler"] for h in await _health(url)}
            running = [pid for pid, state in seen.items() if state == "running"]
            return seen if len(seen) == 2 and len(running) == 1 else None

        workers = await _until(both_workers, "two workers, one scheduler", log)
        (scheduler_pid,) = [pid for pid, state in workers.items() if state == "running"]
        assert supervisor.pid not in workers

        # Questions as Teams sends them, each on a fresh connection: every one is answered.
        service_url = service_url_of(capture)
        async with ClientSession(connector=TCPConnector(force_close=True)) as session:
            for i in range(8):
                body = activity(service_url, "What is RAG?", f"w-{i}")
                body["conversation"] = {"id": f"conv-w{i}", "conversationType": "personal"}
                async with session.post(f"{url}/api/messages", json=body) as resp:
                    assert resp.status in (200, 201, 202), await resp.text()

        async def all_answered() -> bool:
            return len({a["conversation"]["id"] for a in capture.activities}) == 8

        await _until(all_answered, "an answer to each of 8 questions", log)

        # The scheduler's worker dies: the supervisor starts a new one, and exactly one
        # worker (the survivor, or the new one) runs the scheduler again.
        os.kill(scheduler_pid, signal.SIGKILL)

        async def replaced() -> dict[int, str] | None:
            seen = await both_workers()
            return seen if seen and scheduler_pid not in seen else None

        after = await _until(replaced, "the killed worker replaced, one scheduler", log)
        assert supervisor.poll() is None

        # SIGTERM stops everything cleanly: the supervisor exits 0, no worker is left.
        supervisor.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(supervisor.wait, 60) == 0
        for pid in after:
            await _until(
                lambda pid=pid: asyncio.sleep(0, result=not _alive(pid)), f"{pid} gone", log
            )
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
