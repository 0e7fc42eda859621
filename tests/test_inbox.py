"""The inbox's rules, with an injected clock: who may run an acknowledged activity, when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.store.db import build_engine, inbox
from bot.store.inbox import MAX_ATTEMPTS, Inbox

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_live_lease_is_respected_and_a_dead_ones_activity_is_taken_over(
    tmp_path: Path,
) -> None:
    engine = build_engine(f"sqlite:///{tmp_path}/inbox.db")
    a = Inbox(engine, lease=timedelta(seconds=30), owner="a")
    b = Inbox(engine, lease=timedelta(seconds=30), owner="b")
    assert a.accept("teams", "c1", "x", "{}", now=T0) == "new"
    # A redelivery while A still holds it (A is alive and working on it): not run twice.
    assert b.accept("teams", "c1", "x", "{}", now=T0 + timedelta(seconds=5)) == "busy"
    assert b.reclaim("teams", now=T0 + timedelta(seconds=5)) == []
    # A died: once its lease has run out, B's sweep takes the activity over.
    (taken,) = b.reclaim("teams", now=T0 + timedelta(seconds=31))
    assert (taken.conversation_id, taken.activity_id) == ("c1", "x")
    assert a.accept("teams", "c1", "x", "{}", now=T0 + timedelta(seconds=40)) == "busy"
    b.done("teams", "c1", "x", now=T0 + timedelta(seconds=41))
    assert a.accept("teams", "c1", "x", "{}", now=T0 + timedelta(seconds=50)) == "done"
    # The same id in another conversation is another activity.
    assert a.accept("teams", "c2", "x", "{}", now=T0) == "new"
    assert a.counts("teams") == {"done": 1, "pending": 1}
    with engine.connect() as conn:  # a handled message's text is not kept
        kept = dict(conn.execute(select(inbox.c.conversation_id, inbox.c.activity)).all())
    assert kept == {"c1": "", "c2": "{}"}


def test_a_redelivery_after_the_lease_runs_out_is_run_again(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path}/inbox.db")
    a = Inbox(engine, lease=timedelta(seconds=30), owner="a")
    assert a.accept("teams", "c1", "x", "{}", now=T0) == "new"
    restarted = Inbox(engine, lease=timedelta(seconds=30), owner="a2")
    assert restarted.accept("teams", "c1", "x", "{}", now=T0 + timedelta(seconds=31)) == "retry"


def test_a_poison_activity_is_set_aside_after_bounded_attempts(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path}/inbox.db")
    inbox = Inbox(engine, lease=timedelta(seconds=30), owner="a")
    now = T0
    assert inbox.accept("teams", "c1", "bad", "{}", now=now) == "new"
    for _ in range(MAX_ATTEMPTS):
        inbox.failed("teams", "c1", "bad", now=now)
        now += timedelta(seconds=1)
        inbox.reclaim("teams", now=now)
    assert inbox.counts("teams") == {"failed": 1}
    assert inbox.accept("teams", "c1", "bad", "{}", now=now) == "done"  # never rerun


def test_a_burst_is_accepted_in_one_transaction_each_decided_on_its_own(
    tmp_path: Path,
) -> None:
    engine = build_engine(f"sqlite:///{tmp_path}/inbox.db")
    a = Inbox(engine, lease=timedelta(seconds=30), owner="a")
    a.accept("teams", "c0", "old", "{}", now=T0)
    a.done("teams", "c0", "old", now=T0)
    burst = [("teams", f"c{i}", "x", "{}") for i in range(1, 4)]
    burst += [("teams", "c1", "x", "{}"), ("teams", "c0", "old", "{}")]
    verdicts = a.accept_many(burst, now=T0 + timedelta(seconds=1))
    # Three new ones; the same activity twice in a burst runs once; a done one never again.
    assert verdicts == ["new", "new", "new", "busy", "done"]
    assert a.counts("teams") == {"pending": 3, "done": 1}
