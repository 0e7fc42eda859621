"""Where a channel's conversations live, which of its activities were handled, and the
display names of the people in them.

Teams can only post proactively (scheduled quizzes, results) into a conversation whose
reference it has kept; and it redelivers an activity it believes timed out, so each one is
claimed once. Both are rows here so that they survive restarts and are shared by replicas.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from bot.store.db import (
    conversation_refs,
    people,
    processed_activities,
    recent_questions,
    write_transaction,
)

ACTIVITY_TTL = timedelta(hours=24)
RECENT_KEEP = 3
"""Questions of a conversation a follow-up may lean on (as the terminal chat keeps)."""
RECENT_TTL = timedelta(minutes=30)
"""How long a question is kept for that: a follow-up comes within minutes."""


def remember_question(
    engine: Engine,
    platform: str,
    conversation_id: str,
    user_id: str,
    class_id: str,
    text: str,
    now: datetime | None = None,
) -> None:
    """Keep a conversation's question for its follow-ups; only the last `RECENT_KEEP`,
    none older than `RECENT_TTL` (blocking)."""
    now = now or datetime.now(UTC)
    where = (recent_questions.c.platform == platform) & (
        recent_questions.c.conversation_id == conversation_id
    )
    with write_transaction(engine) as conn:
        conn.execute(
            insert(recent_questions).values(
                platform=platform,
                conversation_id=conversation_id,
                user_id=user_id,
                class_id=class_id,
                text=text,
                asked_at=now,
            )
        )
        kept = (
            select(recent_questions.c.id)
            .where(where)
            .order_by(recent_questions.c.asked_at.desc(), recent_questions.c.id.desc())
            .limit(RECENT_KEEP)
        )
        conn.execute(
            delete(recent_questions).where(
                where, recent_questions.c.id.not_in(kept.scalar_subquery())
            )
        )
        # Everyone's expired questions go too (an index on asked_at keeps this cheap).
        conn.execute(delete(recent_questions).where(recent_questions.c.asked_at < now - RECENT_TTL))


def recent_question_texts(
    engine: Engine, platform: str, conversation_id: str, now: datetime | None = None
) -> list[str]:
    """The conversation's kept questions, oldest first (blocking)."""
    now = now or datetime.now(UTC)
    with engine.connect() as conn:
        rows = conn.execute(
            select(recent_questions.c.text)
            .where(
                recent_questions.c.platform == platform,
                recent_questions.c.conversation_id == conversation_id,
                recent_questions.c.asked_at >= now - RECENT_TTL,
            )
            .order_by(recent_questions.c.asked_at, recent_questions.c.id)
        ).all()
    return [str(r[0]) for r in rows[-RECENT_KEEP:]]


def save_reference(engine: Engine, platform: str, conversation_id: str, reference: str) -> None:
    """Store (or replace) a conversation's reference, serialised by its channel."""
    values = {"reference": reference, "updated_at": datetime.now(UTC)}
    dialect = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect(conversation_refs).values(
        platform=platform, conversation_id=conversation_id, **values
    )
    with write_transaction(engine) as conn:
        conn.execute(
            stmt.on_conflict_do_update(index_elements=["platform", "conversation_id"], set_=values)
        )


def load_reference(engine: Engine, platform: str, conversation_id: str) -> str | None:
    """A conversation's stored reference, or None when it was never seen."""
    with engine.connect() as conn:
        row = conn.execute(
            select(conversation_refs.c.reference).where(
                conversation_refs.c.platform == platform,
                conversation_refs.c.conversation_id == conversation_id,
            )
        ).first()
    return str(row[0]) if row else None


def save_name(engine: Engine, user_id: str, name: str) -> None:
    """Store (or replace) the display name the platform gives a user."""
    values = {"name": name, "updated_at": datetime.now(UTC)}
    dialect = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect(people).values(user_id=user_id, **values)
    with write_transaction(engine) as conn:
        conn.execute(stmt.on_conflict_do_update(index_elements=["user_id"], set_=values))


def load_names(engine: Engine, user_ids: list[str]) -> dict[str, str]:
    """The stored display names of these users (those without one are left out)."""
    if not user_ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(people.c.user_id, people.c.name).where(people.c.user_id.in_(user_ids))
        ).all()
    return {str(r[0]): str(r[1]) for r in rows}


class ActivityClaims:
    """Claims an activity key once across processes and restarts (kept for `ttl`)."""

    def __init__(self, engine: Engine, ttl: timedelta = ACTIVITY_TTL) -> None:
        self.engine = engine
        self.ttl = ttl
        self._purged = datetime.min.replace(tzinfo=UTC)

    def claim(self, key: str, now: datetime | None = None) -> bool:
        """True the first time `key` is claimed, False for every later claim (blocking)."""
        now = now or datetime.now(UTC)
        # Expired keys are purged at most once a minute, not on every message.
        purge = now - self._purged > timedelta(minutes=1)
        try:
            with write_transaction(self.engine) as conn:
                conn.execute(insert(processed_activities).values(id=key, seen_at=now))
                if purge:
                    self._purged = now
                    conn.execute(
                        delete(processed_activities).where(
                            processed_activities.c.seen_at < now - self.ttl
                        )
                    )
            return True
        except IntegrityError:
            return False
