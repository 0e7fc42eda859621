"""Scale-out: two bot instances sharing one PostgreSQL database and one Chroma server.

PostgreSQL comes from `STUDYBOT_TEST_DATABASE_URL` (default: the machine's server on
127.0.0.1:5432, database `test`); each run works in a schema of its own, dropped at the end.
Where no server answers, the tests skip and say why.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from bot.app import App
from bot.quiz.engine import Player
from bot.quiz.schedule import Schedule, ScheduleService
from bot.store.db import quiz_answers, schedule_runs
from tests.conftest import KNOWLEDGE, ROOT, make_settings

BASE_URL = os.environ.get(
    "STUDYBOT_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def pg_schema(prefix: str = "studybot") -> Iterator[str]:
    """A URL into a fresh PostgreSQL schema of its own, dropped afterwards (skips the test
    where no server answers)."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(BASE_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable at {BASE_URL}: {type(exc).__name__}")
    sep = "&" if "?" in BASE_URL else "?"
    try:
        yield f"{BASE_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with pg_schema() as url:
        yield url


def _app(tmp: Path, pg_url: str, chroma: str, name: str) -> App:
    settings = make_settings(
        data_dir=tmp / name, database_url=pg_url, chroma_url=chroma, collection="scaleout"
    )
    return App.build(settings, warm_korean=False)


def test_two_instances_share_index_quizzes_and_schedules(
    tmp_path: Path, pg_url: str, chroma_server: str
) -> None:
    a = _app(tmp_path, pg_url, chroma_server, "a")
    b = _app(tmp_path, pg_url, chroma_server, "b")
    assert a.index(progress=False).added > 40
    assert b.index(progress=False).added == 0  # the second process finds the shared index

    # Answers from both (two real `studybot ask` processes at once).
    env = dict(
        os.environ,
        STUDYBOT_DATABASE_URL=pg_url,
        STUDYBOT_CHROMA_URL=chroma_server,
        STUDYBOT_COLLECTION="scaleout",
        STUDYBOT_KNOWLEDGE_DIR=str(KNOWLEDGE),
        STUDYBOT_DATA_DIR=str(tmp_path / "cli"),
        STUDYBOT_LLM_PROVIDER="offline",
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", q, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for q in ("What is RAG?", "파운데이션 모델이 뭐야?")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        answer = json.loads(out)
        assert answer["in_scope"] and answer["citations"]

    # Every quiz answer recorded once, whichever instance receives the click.
    state = a.quiz.start_solo(Player("pg-student", "pg-class"), "en", 2)
    question = state.question
    assert question is not None
    choice = min(question.correct_indexes) if question.type == "single" else 0
    barrier = threading.Barrier(8)

    def click(app: App) -> None:
        barrier.wait()
        app.quiz.answer(state.attempt_id, question.id, "pg-student", choice)

    threads = [threading.Thread(target=click, args=(app,)) for app in (a, b) * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with a.engine.connect() as conn:
        rows = conn.execute(
            select(quiz_answers).where(quiz_answers.c.attempt_id == state.attempt_id)
        ).all()
    assert len(rows) == 1
    assert b.quiz.state(state.attempt_id).position == 1

    # Each scheduled quiz posted once, with a scheduler in each instance.
    posted: list[str] = []

    class Poster:
        async def post_group_quiz(self, schedule: Schedule, st: object) -> None:
            posted.append(schedule.id)

    async def run_two() -> None:
        services = [
            ScheduleService(app.engine, pg_url, app.quiz, {"test": Poster()}, lock_ttl_s=3)
            for app in (a, b)
        ]
        services[0].add(Schedule("pg-tick", "test", "room", every_minutes=1 / 60))
        held = [await s.start() for s in services]
        assert held == [True, False]
        await asyncio.sleep(2.5)
        await services[0].shutdown()  # the holder stops; the other takes over
        await asyncio.sleep(3.5)
        await services[1].shutdown()

    asyncio.run(run_two())
    with a.engine.connect() as conn:
        runs = conn.execute(select(schedule_runs.c.schedule_id, schedule_runs.c.due_at)).all()
    assert runs and max(Counter(runs).values()) == 1
    assert len(posted) == len(runs)
    for app in (a, b):
        app.engine.dispose()


def test_replicas_starting_together_on_an_empty_database_both_start() -> None:
    """Two processes creating the schema at once: one used to crash (5 of 5 trials)."""
    try:
        admin = create_engine(BASE_URL)
        with admin.connect():
            pass
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable at {BASE_URL}: {type(exc).__name__}")
    sep = "&" if "?" in BASE_URL else "?"
    code = (
        "import sys; from bot.store.db import build_engine; "
        "build_engine(sys.argv[1]).dispose(); print('ok')"
    )
    for _ in range(3):
        schema = f"race_{uuid.uuid4().hex[:8]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{BASE_URL}{sep}options=-csearch_path%3D{schema}"
        try:
            procs = [
                subprocess.Popen(
                    [sys.executable, "-c", code, url],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    cwd=ROOT,
                )
                for _ in range(2)
            ]
            results = [p.communicate(timeout=120) for p in procs]
            assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
