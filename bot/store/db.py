"""The SQL store: one SQLAlchemy engine, the schema, and SQLite made safe for concurrency.

SQLite is the default (a file under the data dir); any SQLAlchemy URL works through
`STUDYBOT_DATABASE_URL` (PostgreSQL for scale-out). Money is stored as integer micro-dollars
(1 USD = 1,000,000), so sums are exact. All calls here block; async code runs them with
`asyncio.to_thread`.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    text,
)

from bot.config import Settings
from bot.kernel.errors import ConfigError

metadata = MetaData()

MICROS = 1_000_000


def to_micros(usd: float) -> int:
    """USD -> integer micro-dollars, rounding up so reservations never fall short."""
    micros = usd * MICROS
    whole = int(micros)
    return whole if micros == whole else whole + 1


spend = Table(
    "spend",
    metadata,
    Column("scope", String(16), primary_key=True),  # user | class | global
    Column("scope_id", String(128), primary_key=True),
    # YYYY-MM-DD for daily budgets, YYYY-MM for monthly ones (UTC)
    Column("period", String(10), primary_key=True),
    Column("reserved_micros", BigInteger, nullable=False, default=0),
    Column("spent_micros", BigInteger, nullable=False, default=0),
)

reservations = Table(
    "reservations",
    metadata,
    Column("id", String(36), primary_key=True),
    # JSON list of the (scope, scope_id, period) rows this reservation holds money in
    Column("scope_keys", Text, nullable=False),
    Column("amount_micros", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

ledger = Table(
    "ledger",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("request_id", String(36), nullable=False, index=True),
    Column("user_id", String(128), nullable=False, index=True),
    Column("class_id", String(128), nullable=False, index=True),
    Column("platform", String(32), nullable=False),
    Column("conversation_id", String(256), nullable=False),
    Column("model", String(128), nullable=False),
    Column("tier", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("input_tokens", Integer, nullable=False, default=0),
    Column("output_tokens", Integer, nullable=False, default=0),
    Column("cost_micros", BigInteger, nullable=False, default=0),
    Column("latency_ms", Integer, nullable=False, default=0),
    # ok | error | timeout | rate_limited | circuit_open | escalated
    Column("outcome", String(32), nullable=False),
    Column("detail", Text, nullable=True),
)


quiz_attempts = Table(
    "quiz_attempts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("mode", String(16), nullable=False),  # solo | review | group
    # the student (solo, review), or group:<conversation> for a group quiz
    Column("owner_id", String(128), nullable=False, index=True),
    Column("class_id", String(128), nullable=False, index=True),
    Column("platform", String(32), nullable=False),
    Column("conversation_id", String(256), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("question_ids", Text, nullable=False),  # JSON list, the fixed order of the quiz
    Column("position", Integer, nullable=False, default=0),  # index of the current question
    Column("score", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="active"),  # active | finished
    Column("group_mode", String(16), nullable=True),  # first_correct | everyone
    Column("time_limit_s", Float, nullable=True),
    Column("question_opened_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

quiz_answers = Table(
    "quiz_answers",
    metadata,
    # One row per (attempt, question, user): a double click or a redelivered event
    # collides with the first answer's key and changes nothing.
    Column("attempt_id", String(36), ForeignKey("quiz_attempts.id"), primary_key=True),
    Column("question_id", String(64), primary_key=True),
    Column("user_id", String(128), primary_key=True),
    Column("class_id", String(128), nullable=False, index=True),
    Column("answer", Text, nullable=False),  # JSON of what the student picked or typed
    Column("correct", Boolean, nullable=False),
    Column("points", Integer, nullable=False),
    Column("section", Text, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False, index=True),
)

review_cards = Table(
    "review_cards",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("question_id", String(64), primary_key=True),
    Column("card", Text, nullable=False),  # the fsrs Card as JSON
    Column("due", DateTime(timezone=True), nullable=False, index=True),
    Column("reps", Integer, nullable=False, default=0),
    Column("lapses", Integer, nullable=False, default=0),
)


class_budgets = Table(
    "class_budgets",
    metadata,
    # A teacher's own limits for their class, at most the configured ones (NULL: configured).
    Column("class_id", String(128), primary_key=True),
    Column("class_monthly_micros", BigInteger, nullable=True),
    Column("student_daily_micros", BigInteger, nullable=True),
    Column("updated_by", String(128), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

schedules = Table(
    "quiz_schedules",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("spec", Text, nullable=False),  # the Schedule as JSON
    Column("created_at", DateTime(timezone=True), nullable=False),
)

schedule_runs = Table(
    "schedule_runs",
    metadata,
    Column("schedule_id", String(64), primary_key=True),
    Column("due_at", DateTime(timezone=True), primary_key=True),
    Column("fired_at", DateTime(timezone=True), nullable=False),
    Column("owner", String(128), nullable=False),
    # The group quiz this slot started, and when it reached the conversation: a slot claimed
    # but not posted (its process died) is posted by the next lock holder.
    Column("attempt_id", String(64), nullable=True),
    Column("posted_at", DateTime(timezone=True), nullable=True),
)

scheduler_lock = Table(
    "scheduler_lock",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("owner", String(128), nullable=False),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
)


processed_activities = Table(
    "processed_activities",
    metadata,
    # Teams redelivers activities it believes timed out: an id is handled once.
    Column("id", String(256), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False, index=True),
)

inbox = Table(
    "inbox",
    metadata,
    # Every activity a channel acknowledged, stored before the acknowledgement: a crash after
    # the 202 leaves it `pending`, and start-up (or the platform's redelivery) finishes it.
    # Keyed by conversation and activity id: an id is unique only within its conversation.
    Column("platform", String(32), primary_key=True),
    Column("conversation_id", String(256), primary_key=True),
    Column("activity_id", String(256), primary_key=True),
    Column("activity", Text, nullable=False),  # the activity as received (JSON)
    Column("status", String(16), nullable=False, index=True),  # pending | done | failed
    Column("attempts", Integer, nullable=False),
    Column("lease_owner", String(128), nullable=True),
    Column("lease_until", DateTime(timezone=True), nullable=True, index=True),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("done_at", DateTime(timezone=True), nullable=True),
)

people = Table(
    "people",
    metadata,
    # A student's display name as the platform last sent it (Teams `from.name`): shown on
    # leaderboards and results instead of an id; deleted by `forget`.
    Column("user_id", String(256), primary_key=True),
    Column("name", String(256), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

recent_questions = Table(
    "recent_questions",
    metadata,
    # A conversation's last few questions, where the platform keeps no history the bot can
    # read (Teams): a follow-up ("what are its downsides?") is searched with the subject it
    # leans on. Few (`RECENT_KEEP` per conversation) and brief (`RECENT_TTL`), and deleted
    # with the student's or the class's data.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("conversation_id", String(256), nullable=False, index=True),
    Column("user_id", String(256), nullable=False, index=True),
    Column("class_id", String(256), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False, index=True),
)

conversation_refs = Table(
    "conversation_refs",
    metadata,
    Column("platform", String(32), primary_key=True),
    Column("conversation_id", String(256), primary_key=True),
    Column("reference", Text, nullable=False),  # the channel's reference, as JSON
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def open_database(settings: Settings) -> Engine:
    """`build_engine` for the configured database, with a bad URL, an unreachable server or
    a corrupt file turned into one line that names the setting and what to do."""
    from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

    where = (
        "database_url (STUDYBOT_DATABASE_URL)"
        if settings.database_url
        else f"the SQLite file {settings.data_dir / 'studybot.db'}"
    )
    try:
        return build_engine(settings.sqlalchemy_url, settings.data_dir)
    except ArgumentError:
        raise ConfigError(
            f"{where} is not a database URL (e.g. postgresql+psycopg://user@host/db or "
            "sqlite:///path/studybot.db)"
        ) from None
    except (OperationalError, DatabaseError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
        hint = (
            "is the server running and reachable?"
            if settings.database_url
            else "restore it from a backup, or move it away to start an empty one"
        )
        raise ConfigError(f"cannot open {where}: {reason}; {hint}") from None
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"{where} needs the driver {exc.name!r}, which is not installed"
        ) from None


def user_scope_id(user_id: str) -> str:
    """How a student's daily spending row names them: a digest, not their id.

    `forget` deletes what names a student, but must not reset their budget for the day (the
    outside campaign spent $0.00975 against a $0.005 daily limit by forgetting in between):
    the row stays, counted, and no longer says whose it was.
    """
    return "u:" + hashlib.sha256(user_id.encode()).hexdigest()[:32]


WORKER_THREADS = 32
"""Threads `serve` runs blocking work on (search, embedding, SQL). The connection pool holds
as many, so a worker never waits for a connection (SQLAlchemy's default, 5 + 10 overflow,
made 32 threads queue for 15 connections under a burst)."""


def build_engine(url: str, data_dir: Path | None = None) -> Engine:
    """The engine for `url`; for SQLite, WAL mode and immediate write transactions.

    pysqlite's default (deferred) transactions let two writers both read, then fail to
    upgrade their locks; `BEGIN IMMEDIATE` takes the write lock up front, so concurrent
    reservations queue (up to the busy timeout) instead of failing.
    """
    kwargs: dict[str, Any] = {"future": True}
    sqlite = url.startswith("sqlite")
    in_memory = sqlite and (url.rstrip("/") == "sqlite:" or ":memory:" in url)
    if not in_memory:  # an in-memory SQLite has one connection per thread, no pool to size
        kwargs.update(pool_size=WORKER_THREADS, max_overflow=8)
    if sqlite:
        if data_dir is not None:
            data_dir.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if sqlite:

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # Writes (see `write_transaction`) take the write lock up front; reads begin a
            # deferred transaction, which in WAL mode never waits for a writer.
            write = conn.get_execution_options().get("studybot_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        _WRITE_LOCKS[engine] = threading.Lock()

    create_schema(engine)
    return engine


SCHEMA_LOCK = 7_262_001
"""The PostgreSQL advisory lock id under which replicas create or upgrade the schema."""


def create_schema(engine: Engine) -> None:
    """Bring the database to the current schema with its migrations (`bot/store/migrations`),
    one process at a time: replicas starting together on an empty PostgreSQL database used
    to race (both CREATE, one crashed). On PostgreSQL an advisory lock, on SQLite the file's
    write lock (`BEGIN IMMEDIATE`), serialise them."""
    from bot.store.migrations import at_head, upgrade

    with engine.connect() as conn:
        if at_head(conn):  # every start but the first: no lock, no Alembic
            return
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            # Transaction-scoped: released at commit, and if this process dies.
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": SCHEMA_LOCK})
            upgrade(conn)
        return
    with write_transaction(engine) as conn:
        upgrade(conn)


_WRITE_LOCKS: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction, committed on success and rolled back on error.

    On SQLite the process's writers also queue on a lock: SQLite's own busy handler waits in
    sleeps of up to 100 ms, so many threads contending for the file would each lose far more
    time than the few milliseconds a write takes. PostgreSQL needs no such lock.
    """
    lock = _WRITE_LOCKS.get(engine)
    if lock is not None:
        lock.acquire()
    try:
        with engine.connect().execution_options(studybot_write=True) as conn, conn.begin():
            yield conn
    finally:
        if lock is not None:
            lock.release()
