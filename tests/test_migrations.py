"""Schema migrations: a school upgrades StudyBot and keeps its data.

- A fresh database built by the migrations has exactly the tables, columns and indexes of
  `bot/store/db.py` (a table change without a migration fails here).
- A database made by StudyBot before migrations (its tables created directly, as every
  release before this one did), holding a class's answers, is upgraded in place: nothing is
  lost and the new tables appear. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from bot.store.db import build_engine, metadata, quiz_answers
from bot.store.migrations import HERE, current
from tests.test_scale_out import pg_schema


def _baseline_metadata() -> object:
    path = HERE / "versions" / "v0001_baseline.py"
    spec = importlib.util.spec_from_file_location("baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/m.db"
        return
    with pg_schema("migr") as url:
        yield url


def test_head_names_the_newest_revision() -> None:
    """`HEAD` lets a start skip Alembic when the database is current: it must be the head."""
    from alembic.script import ScriptDirectory

    from bot.store.migrations import HEAD, config

    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        assert ScriptDirectory.from_config(config(conn)).get_current_head() == HEAD


def test_the_migrations_build_exactly_the_declared_schema(database_url: str) -> None:
    engine = build_engine(database_url)
    with engine.connect() as conn:
        assert current(conn) == "0004"
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], diff
    engine.dispose()


def test_a_database_from_before_migrations_is_upgraded_with_its_data(database_url: str) -> None:
    old = create_engine(database_url)
    _baseline_metadata().create_all(old)  # type: ignore[attr-defined]  # what releases did
    now = datetime.now(UTC)
    with old.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO quiz_attempts (id, mode, owner_id, class_id, platform, "
                "conversation_id, lang, question_ids, position, score, status, created_at) "
                "VALUES ('a1', 'solo', 'teams:amy', 'teams:c', 'teams', 'conv', 'en', "
                "'[1]', 1, 1, 'finished', :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO quiz_answers (attempt_id, question_id, user_id, class_id, answer, "
                "correct, points, section, lang, answered_at) VALUES ('a1', 'q1', 'teams:amy', "
                "'teams:c', '0', true, 1, 'Intro', 'en', :now)"
            ),
            {"now": now},
        )
    assert "alembic_version" not in inspect(old).get_table_names()
    old.dispose()
    upgraded = build_engine(database_url)  # what starting the new release does
    tables = set(inspect(upgraded).get_table_names())
    assert {"inbox", "people", "alembic_version"} <= tables
    with upgraded.connect() as conn:
        assert current(conn) == "0004"
        rows = conn.execute(select(quiz_answers.c.user_id, quiz_answers.c.points)).all()
    assert [tuple(r) for r in rows] == [("teams:amy", 1)]  # the class's answers are still there
    build_engine(database_url).dispose()  # starting again changes nothing
    upgraded.dispose()
