"""Crash safety of the Teams path: a real `studybot serve` process killed with SIGKILL.

What Teams was told (202) must take effect exactly once: the test starts the server as a
separate process on SQLite and on PostgreSQL, sends a class's quiz clicks, kills the server
the moment the last 202 arrives (while the clicks are still being handled: the stand-in
connector answers slowly), restarts it, redelivers every click the way Teams does, and
counts. No answer may be lost or recorded twice, and every student must get feedback.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, ClientTimeout
from sqlalchemy import create_engine, func, select

from bot.app import App
from bot.quiz.engine import Player, QuizEngine
from bot.store.db import build_engine, inbox, quiz_answers
from tests.conftest import KNOWLEDGE, _free_port
from tests.test_scale_out import pg_url  # noqa: F401  (the PostgreSQL schema fixture)
from tests.test_teams import Capture, activity, service_url_of

STUDENTS = 24


class Server:
    """`studybot serve --dev` as a child process of its own."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, session: ClientSession) -> None:
        with self.log.open("ab") as log:
            self.proc = await asyncio.to_thread(
                subprocess.Popen,
                [sys.executable, "-m", "bot", "serve", "--dev", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        for _ in range(1200):  # polls until ready; a dead process fails at once
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                async with session.get(f"{self.url}/readyz") as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            await asyncio.sleep(0.1)
        raise AssertionError("the server never became ready:\n" + self.log.read_text()[-3000:])

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture
async def capture() -> AsyncIterator[Capture]:
    stand_in = Capture()
    await stand_in.start()
    yield stand_in
    assert stand_in.server is not None
    await stand_in.server.close()


def server_env(course_app: App, tmp_path: Path, database_url: str) -> dict[str, str]:
    # The course index built once for the test run, copied: the server opens its own store.
    data = tmp_path / "data"
    shutil.copytree(course_app.settings.data_dir, data, ignore=shutil.ignore_patterns("*.db*"))
    return dict(
        os.environ,
        STUDYBOT_DATA_DIR=str(data),
        STUDYBOT_KNOWLEDGE_DIR=str(KNOWLEDGE),
        STUDYBOT_DATABASE_URL=database_url,
        STUDYBOT_LLM_PROVIDER="offline",
        STUDYBOT_INBOX_LEASE_S="2",  # a dead process's turns are taken over after 2 s
        STUDYBOT_LOG_LEVEL="WARNING",
    )


def clicks(course_app: App, database_url: str, service_url: str) -> list[dict[str, Any]]:
    """One solo quiz per student (started in the database), and each student's click."""
    engine = build_engine(database_url)
    quiz = QuizEngine(engine, course_app.quiz.banks, "Asia/Seoul")
    questions = quiz.pick("en", 2, types=("single",), seed=7)
    out = []
    for i in range(STUDENTS):
        user, conversation = f"aad-s{i}", f"conv-s{i}"
        player = Player(f"teams:{user}", f"teams:{conversation}", "teams", conversation)
        state = quiz.start(player, "en", questions)
        assert state.question is not None
        value = {
            "kind": "studybot.quiz",
            "attempt": state.attempt_id,
            "question": state.question.id,
            "choice": min(state.question.correct_indexes),
        }
        body = activity(service_url, "", f"click-{i}", value=value)
        body["from"] = {"id": f"29:s{i}", "name": f"Student {i}", "aadObjectId": user}
        body["conversation"] = {"id": conversation, "conversationType": "personal"}
        out.append(body)
    engine.dispose()
    return out


async def post_all(session: ClientSession, url: str, bodies: list[dict[str, Any]]) -> list[int]:
    async def post(body: dict[str, Any]) -> int:
        async with session.post(f"{url}/api/messages", json=body) as resp:
            return resp.status

    return list(await asyncio.gather(*(post(b) for b in bodies)))


async def kill_after_ack_then_recover(
    course_app: App, tmp_path: Path, database_url: str, capture: Capture
) -> dict[str, Any]:
    env = server_env(course_app, tmp_path, database_url)
    bodies = clicks(course_app, database_url, service_url_of(capture))
    capture.delay_s = 1.0  # the connector is slow: turns are mid-flight at the kill
    server = Server(env, tmp_path / "server.log")
    async with ClientSession(timeout=ClientTimeout(total=120)) as session:
        await server.start(session)
        statuses = await post_all(session, server.url, bodies)
        server.kill()  # the moment every click was acknowledged
        assert statuses == [202] * STUDENTS
        engine = create_engine(database_url)
        with engine.connect() as conn:
            at_kill = dict(
                conn.execute(select(inbox.c.status, func.count()).group_by(inbox.c.status)).all()
            )
            recorded = conn.execute(select(func.count()).select_from(quiz_answers))
            at_kill["answers recorded"] = recorded.scalar_one()
        capture.delay_s = 0.0
        restarted = Server(env, tmp_path / "server.log")
        await restarted.start(session)
        try:
            # Teams redelivers what it is unsure of; here, everything.
            redelivered = await post_all(session, restarted.url, bodies)
            for _ in range(1200):  # until the inbox has nothing left to finish
                with engine.connect() as conn:
                    pending = conn.execute(
                        select(func.count()).where(inbox.c.status == "pending")
                    ).scalar_one()
                if not pending:
                    break
                await asyncio.sleep(0.1)
            with engine.connect() as conn:
                answers = Counter(r[0] for r in conn.execute(select(quiz_answers.c.user_id)).all())
                statuses_after = dict(
                    conn.execute(
                        select(inbox.c.status, func.count()).group_by(inbox.c.status)
                    ).all()
                )
            fed_back = await capture.wait_for_conversations(STUDENTS)
        finally:
            restarted.stop()
            engine.dispose()
    return {
        "at_kill": at_kill,
        "redelivered": redelivered,
        "answers": answers,
        "inbox": statuses_after,
        "fed_back": fed_back,
    }


def check(result: dict[str, Any]) -> None:
    answers: Counter[str] = result["answers"]
    assert len(answers) == STUDENTS, f"lost: {STUDENTS - len(answers)} ({result})"
    assert set(answers.values()) == {1}, f"doubled: {answers}"
    assert result["inbox"] == {"done": STUDENTS}, result
    assert len(result["fed_back"]) == STUDENTS  # every student got feedback
    assert set(result["redelivered"]) <= {200, 202}


async def test_sqlite_kill_after_ack_loses_and_doubles_nothing(
    course_app: App, tmp_path: Path, capture: Capture
) -> None:
    url = f"sqlite:///{tmp_path}/crash.db"
    result = await kill_after_ack_then_recover(course_app, tmp_path, url, capture)
    check(result)
    print("sqlite", json.dumps({k: v for k, v in result.items() if k != "fed_back"}))


async def test_postgres_kill_after_ack_loses_and_doubles_nothing(
    course_app: App,
    tmp_path: Path,
    capture: Capture,
    pg_url: str,  # noqa: F811
) -> None:
    result = await kill_after_ack_then_recover(course_app, tmp_path, pg_url, capture)
    check(result)
    print("postgres", json.dumps({k: v for k, v in result.items() if k != "fed_back"}))
