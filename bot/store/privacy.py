"""Student data rights: export everything stored about a student, and forget it.

What StudyBot stores about a student (see README, "What is stored about students"): their
platform id in quiz attempts and answers, review cards (the spaced-review schedule), spending
rows and ledger entries, their Teams display name, and — in Teams personal chats — the
conversation reference used to post to them. Message text is stored only briefly: in Teams,
which keeps no history the bot can read, a conversation's last three questions for half an
hour (`recent_questions`, so that a follow-up can lean on them); elsewhere conversation memory
is read from the platform (a Discord thread's recent messages) or kept in process memory (the
terminal chat).

`forget_user` removes every row that refers to the student. Ledger rows are kept with the
student's id replaced, so class and deployment spending still add up. Per-user spending
rows name the student by a digest (`user_scope_id`) and are kept, so forgetting cannot reset
the day's budget. Class spending rows are never deleted (deleting them would reset a class's
budget), only de-identified.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, delete, or_, select, update

from bot.store.db import (
    class_budgets,
    conversation_refs,
    ledger,
    people,
    quiz_answers,
    quiz_attempts,
    recent_questions,
    review_cards,
    schedules,
    spend,
    user_scope_id,
    write_transaction,
)

FORGOTTEN = "forgotten"


def export_user(engine: Engine, user_id: str) -> dict[str, Any]:
    """Every stored row about `user_id`, by table, as JSON-ready dicts."""
    with engine.connect() as conn:
        attempts = conn.execute(
            select(quiz_attempts).where(quiz_attempts.c.owner_id == user_id)
        ).all()
        answers = conn.execute(select(quiz_answers).where(quiz_answers.c.user_id == user_id)).all()
        cards = conn.execute(select(review_cards).where(review_cards.c.user_id == user_id)).all()
        calls = conn.execute(
            select(ledger).where(ledger.c.user_id == user_id).order_by(ledger.c.at)
        ).all()
        spending = conn.execute(
            select(spend).where(
                and_(spend.c.scope == "user", spend.c.scope_id == user_scope_id(user_id))
            )
        ).all()
        refs = conn.execute(
            select(conversation_refs).where(_mentions(conversation_refs.c.reference, user_id))
        ).all()
        made = conn.execute(select(schedules).where(schedules.c.spec.contains(user_id))).all()
        names = conn.execute(select(people).where(people.c.user_id == user_id)).all()
        asked = conn.execute(
            select(recent_questions).where(recent_questions.c.user_id == user_id)
        ).all()
    return {
        "user_id": user_id,
        "exported_at": datetime.now(UTC).isoformat(),
        "quiz_attempts": [_row(r) for r in attempts],
        "quiz_answers": [_row(r) for r in answers],
        "review_cards": [_row(r) for r in cards],
        "ledger": [_row(r) for r in calls],
        "spend": [_row(r) for r in spending],
        "conversation_refs": [_row(r) for r in refs],
        "schedules_created": [_row(r) for r in made],
        "display_name": [_row(r) for r in names],
        "recent_questions": [_row(r) for r in asked],
    }


def forget_user(engine: Engine, user_id: str) -> dict[str, int]:
    """Delete (or de-identify) every row that refers to `user_id`; counts by table."""
    counts: dict[str, int] = {}
    with write_transaction(engine) as conn:
        owned = select(quiz_attempts.c.id).where(quiz_attempts.c.owner_id == user_id)
        counts["quiz_answers"] = conn.execute(
            delete(quiz_answers).where(
                or_(quiz_answers.c.user_id == user_id, quiz_answers.c.attempt_id.in_(owned))
            )
        ).rowcount
        counts["quiz_attempts"] = conn.execute(
            delete(quiz_attempts).where(quiz_attempts.c.owner_id == user_id)
        ).rowcount
        counts["review_cards"] = conn.execute(
            delete(review_cards).where(review_cards.c.user_id == user_id)
        ).rowcount
        counts["ledger"] = conn.execute(
            update(ledger).where(ledger.c.user_id == user_id).values(user_id=FORGOTTEN)
        ).rowcount
        # Spending rows name the student by a digest only, and stay: deleting them would
        # reset the day's budget. Reservations of calls in flight stay too (they hold only
        # that digest), so those calls settle and release what they reserved.
        counts["conversation_refs"] = conn.execute(
            delete(conversation_refs).where(_mentions(conversation_refs.c.reference, user_id))
        ).rowcount
        counts["display_name"] = conn.execute(
            delete(people).where(people.c.user_id == user_id)
        ).rowcount
        counts["recent_questions"] = conn.execute(
            delete(recent_questions).where(recent_questions.c.user_id == user_id)
        ).rowcount
        counts["class_budgets"] = conn.execute(
            update(class_budgets)
            .where(class_budgets.c.updated_by == user_id)
            .values(updated_by=FORGOTTEN)
        ).rowcount
        rewritten = 0
        for row in conn.execute(
            select(schedules.c.id, schedules.c.spec).where(schedules.c.spec.contains(user_id))
        ).all():
            spec = json.loads(row.spec)
            spec["created_by"] = FORGOTTEN
            conn.execute(
                update(schedules).where(schedules.c.id == row.id).values(spec=json.dumps(spec))
            )
            rewritten += 1
        counts["schedules"] = rewritten
    return counts


def forget_class(engine: Engine, class_id: str) -> dict[str, int]:
    """A teacher's "delete our class's data": its quizzes, answers and limits, and the
    students' ids in its ledger. Its spending total stays (so a budget can't be reset)."""
    counts: dict[str, int] = {}
    with write_transaction(engine) as conn:
        attempts = select(quiz_attempts.c.id).where(quiz_attempts.c.class_id == class_id)
        counts["quiz_answers"] = conn.execute(
            delete(quiz_answers).where(
                or_(quiz_answers.c.class_id == class_id, quiz_answers.c.attempt_id.in_(attempts))
            )
        ).rowcount
        counts["quiz_attempts"] = conn.execute(
            delete(quiz_attempts).where(quiz_attempts.c.class_id == class_id)
        ).rowcount
        counts["ledger"] = conn.execute(
            update(ledger).where(ledger.c.class_id == class_id).values(user_id=FORGOTTEN)
        ).rowcount
        counts["class_budgets"] = conn.execute(
            delete(class_budgets).where(class_budgets.c.class_id == class_id)
        ).rowcount
        counts["recent_questions"] = conn.execute(
            delete(recent_questions).where(recent_questions.c.class_id == class_id)
        ).rowcount
    return counts


def _mentions(column: Any, user_id: str) -> Any:
    """A stored reference names the student by the platform's own id (`teams:<id>` -> `<id>`)."""
    raw = user_id.split(":", 1)[-1]
    if len(raw) >= 6 and raw != user_id:
        return or_(column.contains(user_id), column.contains(raw))
    return column.contains(user_id)


def _row(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row._mapping.items():
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        out[key] = value
    return out
