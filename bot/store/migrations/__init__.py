"""Schema migrations (Alembic): how a school upgrades StudyBot without losing its data.

`upgrade(connection)` brings any database to the current schema: a new one is created by the
baseline revision and every later one; a database made by a StudyBot from before migrations
existed (tables, no `alembic_version`) is recognised as the baseline first. Every table
change from here on is a new file in `versions/`; `tests/test_migrations.py` fails when the
tables in `bot/store/db.py` and what the migrations build drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

BASELINE = "0001"
HEAD = "0004"
"""The newest revision in `versions/` (a test holds the two together). A database already at
it needs no Alembic at all: importing Alembic costs seconds at every start of a command."""
HERE = Path(__file__).parent


def at_head(connection: Connection) -> bool:
    """Whether the database is at `HEAD` already (read with plain SQL, without Alembic)."""
    if "alembic_version" not in inspect(connection).get_table_names():
        return False
    versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return list(versions) == [HEAD]


def config(connection: Connection) -> Config:
    """An Alembic configuration that runs on `connection` (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Connection, target: str = "head") -> None:
    """Migrate the database behind `connection` to `target` (inside its transaction)."""
    from alembic import command

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
