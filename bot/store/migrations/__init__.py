"""Schema migrations (Alembic): how a school upgrades StudyBot without losing its data.

`upgrade(connection)` brings any database to the current schema: a new one is created by the
baseline revision and every later one; a database made by a StudyBot from before migrations
existed (tables, no `alembic_version`) is recognised as the baseline first. Every table
change from here on is a new file in `versions/`; `tests/test_migrations.py` fails when the
tables in `bot/store/db.py` and what the migrations build drift apart.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect

BASELINE = "0001"
HERE = Path(__file__).parent


def config(connection: Connection) -> Config:
    """An Alembic configuration that runs on `connection` (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Connection, target: str = "head") -> None:
    """Migrate the database behind `connection` to `target` (inside its transaction)."""
    cfg = config(connection)
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables and "quiz_attempts" in tables:
        # Made by `create_all` before migrations existed: that schema is the baseline.
        command.stamp(cfg, BASELINE)
    command.upgrade(cfg, target)


def current(connection: Connection) -> str | None:
    """The revision the database is at (None: not under migrations yet)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
