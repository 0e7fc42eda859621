"""A durable inbox: at-least-once in, exactly-once in effect.

A channel stores each activity here *before* it acknowledges it, processes it, and marks it
done only once its effect is committed. Whoever processes an activity holds a lease on it;
a process that dies leaves the row `pending` with a lease that runs out, and then the
platform's redelivery or the recovery sweep (at start-up and periodically) claims it again.
Effects themselves are idempotent where it matters (a quiz answer is recorded once per
attempt, question and student), so a second run after a crash changes nothing twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from bot.store.db import inbox, write_transaction

Verdict = Literal["new", "retry", "busy", "done"]
"""`new`/`retry`: this process now holds the lease and must process the activity;
`busy`: another live lease holds it; `done`: its effect is already committed."""

MAX_ATTEMPTS = 5
"""An activity that fails this many times is set aside (`failed`): a poison message must not
be retried for ever."""


@dataclass(frozen=True, slots=True)
class Pending:
    """An activity claimed for processing by the recovery sweep."""

    platform: str
    conversation_id: str
    activity_id: str
    activity: str


class Inbox:
    """The inbox rows of one process (its leases carry `owner`)."""

    def __init__(
        self,
        engine: Engine,
        lease: timedelta = timedelta(seconds=90),
        keep: timedelta = timedelta(hours=24),
        owner: str | None = None,
    ) -> None:
        self.engine = engine
        self.lease = lease
        self.keep = keep
        self.owner = owner or uuid.uuid4().hex
        self._purged = datetime.min.replace(tzinfo=UTC)

    def _key(self, platform: str, conversation_id: str, activity_id: str) -> ColumnElement[bool]:
        return and_(
            inbox.c.platform == platform,
            inbox.c.conversation_id == conversation_id,
            inbox.c.activity_id == activity_id,
        )

    def _take(self, conn: Connection, key: ColumnElement[bool], now: datetime) -> bool:
        """Take the lease of a pending activity whose lease is free or has run out."""
        taken = conn.execute(
            update(inbox)
            .where(
                key,
                inbox.c.status == "pending",
                or_(inbox.c.lease_until.is_(None), inbox.c.lease_until < now),
            )
            .values(
                lease_owner=self.owner,
                lease_until=now + self.lease,
                attempts=inbox.c.attempts + 1,
            )
        ).rowcount
        return bool(taken)

    def accept(
        self,
        platform: str,
        conversation_id: str,
        activity_id: str,
        activity: str,
        now: datetime | None = None,
    ) -> Verdict:
        """Store an activity on arrival (committed before this returns), or say how far an
        earlier delivery of it got."""
        return self.accept_many([(platform, conversation_id, activity_id, activity)], now)[0]

    def accept_many(
        self, items: list[tuple[str, str, str, str]], now: datetime | None = None
    ) -> list[Verdict]:
        """`accept` for many activities in one transaction (a group commit): a burst of 50
        arrivals costs one commit instead of 50 queued ones. Each is decided on its own."""
        now = now or datetime.now(UTC)
        verdicts: list[Verdict] = []
        with write_transaction(self.engine) as conn:
            for platform, conversation_id, activity_id, activity in items:
                key = self._key(platform, conversation_id, activity_id)
                try:
                    with conn.begin_nested():
                        conn.execute(
                            insert(inbox).values(
                                platform=platform,
                                conversation_id=conversation_id,
                                activity_id=activity_id,
                                activity=activity,
                                status="pending",
                                attempts=1,
                                lease_owner=self.owner,
                                lease_until=now + self.lease,
                                received_at=now,
                            )
                        )
                    verdicts.append("new")
                    continue
                except IntegrityError:
                    pass
                row = conn.execute(select(inbox.c.status).where(key)).first()
                if row is None or row.status != "pending":
                    verdicts.append("done")
                else:
                    verdicts.append("retry" if self._take(conn, key, now) else "busy")
        return verdicts

    def done(
        self, platform: str, conversation_id: str, activity_id: str, now: datetime | None = None
    ) -> None:
        """The activity's effect is committed: it will not run again."""
        now = now or datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            conn.execute(
                update(inbox)
                .where(self._key(platform, conversation_id, activity_id))
                # The activity (a student's message text) is kept only until it is handled:
                # afterwards the ids alone recognise a redelivery.
                .values(status="done", done_at=now, lease_owner=None, lease_until=None, activity="")
            )
            # Done rows are kept `keep` long (redeliveries come within minutes); purged at
            # most once a minute rather than on every message.
            if now - self._purged > timedelta(minutes=1):
                self._purged = now
                conn.execute(
                    delete(inbox).where(
                        inbox.c.status != "pending", inbox.c.received_at < now - self.keep
                    )
                )

    def failed(
        self, platform: str, conversation_id: str, activity_id: str, now: datetime | None = None
    ) -> None:
        """Processing raised: release the lease so it is retried, up to `MAX_ATTEMPTS`."""
        now = now or datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            conn.execute(
                update(inbox)
                .where(self._key(platform, conversation_id, activity_id))
                .values(lease_owner=None, lease_until=now)
            )
            conn.execute(
                update(inbox)
                .where(
                    self._key(platform, conversation_id, activity_id),
                    inbox.c.attempts >= MAX_ATTEMPTS,
                )
                .values(status="failed", done_at=now)
            )

    def reclaim(
        self, platform: str, limit: int = 100, now: datetime | None = None
    ) -> list[Pending]:
        """Claim pending activities whose lease ran out (their process died), oldest first."""
        now = now or datetime.now(UTC)
        claimed: list[Pending] = []
        with write_transaction(self.engine) as conn:
            rows = conn.execute(
                select(
                    inbox.c.conversation_id, inbox.c.activity_id, inbox.c.activity, inbox.c.attempts
                )
                .where(
                    inbox.c.platform == platform,
                    inbox.c.status == "pending",
                    or_(inbox.c.lease_until.is_(None), inbox.c.lease_until < now),
                )
                .order_by(inbox.c.received_at)
                .limit(limit)
            ).all()
            for row in rows:
                if row.attempts >= MAX_ATTEMPTS:
                    conn.execute(
                        update(inbox)
                        .where(self._key(platform, row.conversation_id, row.activity_id))
                        .values(status="failed", done_at=now, lease_owner=None)
                    )
                    continue
                if self._take(conn, self._key(platform, row.conversation_id, row.activity_id), now):
                    claimed.append(
                        Pending(platform, row.conversation_id, row.activity_id, row.activity)
                    )
        return claimed

    def counts(self, platform: str) -> dict[str, int]:
        """Rows by status (for health checks and tests)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(inbox.c.status, func.count())
                .where(inbox.c.platform == platform)
                .group_by(inbox.c.status)
            ).all()
        return {str(status): int(n) for status, n in rows}
