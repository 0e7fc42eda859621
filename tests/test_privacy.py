"""Student data: export exactly the student's rows; after forgetting, no row refers to them."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, Text, inspect, select

from bot.app import App
from bot.kernel.models import Turn
from bot.llm.budget import Who
from bot.quiz.engine import Player, QuizEngine
from bot.quiz.schedule import Schedule, ScheduleService
from bot.store.conversations import (
    RECENT_KEEP,
    RECENT_TTL,
    recent_question_texts,
    remember_question,
)
from bot.store.db import (
    build_engine,
    conversation_refs,
    metadata,
    recent_questions,
    write_transaction,
)
from bot.store.privacy import export_user, forget_class, forget_user
from tests.conftest import ModelStack
from tests.test_scale_out import pg_schema

AMY = "teams:aad-amy-0001"
BO = "teams:aad-bo-0002"


def rows_mentioning(app_engine: Any, needle: str) -> list[tuple[str, str]]:
    """(table, column) of every stored value that contains `needle`, in every table."""
    found = []
    with app_engine.connect() as conn:
        for table in metadata.sorted_tables:
            text_columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for row in conn.execute(select(*text_columns)).all() if text_columns else []:
                for column, value in zip(text_columns, row, strict=True):
                    if isinstance(value, str) and needle in value:
                        found.append((table.name, column.name))
        # APScheduler's own job table (not in our metadata): job names and arguments.
        if "apscheduler_jobs" in inspect(app_engine).get_table_names():
            for (job_id,) in conn.exec_driver_sql("SELECT id FROM apscheduler_jobs").all():
                if needle in str(job_id):
                    found.append(("apscheduler_jobs", "id"))
    return found


def quiz_of(stack: ModelStack, course_app: App) -> QuizEngine:
    return QuizEngine(stack.engine, course_app.quiz.banks, "Asia/Seoul")


async def _activity(stack: ModelStack, course_app: App, user: str, class_id: str) -> None:
    """Give a student a bit of everything: answers, review cards, spending, a reference."""
    quiz = quiz_of(stack, course_app)
    questions = [q for q in quiz.banks.questions.values() if q.type == "single"][:2]
    state = quiz.start(Player(user, class_id, "teams", f"conv-{user}"), "en", questions)
    for q in questions:
        quiz.answer(state.attempt_id, q.id, user, 0)
    turn = Turn(
        text="What is a foundation model?", platform="teams", user_id=user, class_id=class_id
    )
    await stack.service.ask(turn)
    await stack.service.settled()  # its ledger row is written after the reply
    remember_question(stack.engine, "teams", f"conv-{user}", user, class_id, turn.text)
    ref = {"user": {"id": "29:x", "aadObjectId": user.split(":", 1)[1]}, "conversation": {}}
    with write_transaction(stack.engine) as conn:
        conn.execute(
            conversation_refs.insert().values(
                platform="teams",
                conversation_id=f"personal-{user}",
                reference=json.dumps(ref),
                updated_at=datetime.now(UTC),
            )
        )


async def test_export_has_exactly_the_students_data(make_stack: Any, course_app: App) -> None:
    stack = make_stack()
    await _activity(stack, course_app, AMY, "teams:team-1")
    await _activity(stack, course_app, BO, "teams:team-1")
    data = export_user(stack.engine, AMY)
    assert json.dumps(data)  # JSON-ready
    assert len(data["quiz_answers"]) == 2 and len(data["quiz_attempts"]) == 1
    assert data["review_cards"] and data["ledger"] and data["spend"]
    assert len(data["conversation_refs"]) == 1
    assert [r["text"] for r in data["recent_questions"]] == ["What is a foundation model?"]
    text = json.dumps(data)
    assert "aad-bo" not in text  # nothing of another student
    assert all(r["user_id"] == AMY for r in data["quiz_answers"] + data["ledger"])


async def test_forget_leaves_no_row_referring_to_the_student(
    make_stack: Any, course_app: App
) -> None:
    stack = make_stack()
    await _activity(stack, course_app, AMY, "teams:team-1")
    await _activity(stack, course_app, BO, "teams:team-1")
    schedules = ScheduleService(
        stack.engine, stack.settings.sqlalchemy_url, quiz_of(stack, course_app), {}
    )
    schedules.add(Schedule("s1", "teams", "c", "teams:team-1", every_minutes=60, created_by=AMY))
    keeper = stack.budget
    keeper.set_class_limits("teams:team-1", AMY, 5.0)
    before = keeper.class_report("teams:team-1")["spent_usd"]
    assert rows_mentioning(stack.engine, "aad-amy-0001")
    counts = forget_user(stack.engine, AMY)
    assert counts["quiz_answers"] == 2 and counts["ledger"] >= 1
    assert rows_mentioning(stack.engine, "aad-amy-0001") == []
    # The other student and the class's accounting are untouched.
    assert len(export_user(stack.engine, BO)["quiz_answers"]) == 2
    assert keeper.class_report("teams:team-1")["spent_usd"] == before
    assert keeper.allowances(Who(BO, "teams:team-1"))[0].spent_usd > 0


async def test_forget_class_keeps_its_spending_total(make_stack: Any, course_app: App) -> None:
    stack = make_stack()
    await _activity(stack, course_app, AMY, "teams:team-1")
    await _activity(stack, course_app, BO, "teams:team-2")
    keeper = stack.budget
    spent = keeper.class_report("teams:team-1")["spent_usd"]
    forget_class(stack.engine, "teams:team-1")
    assert export_user(stack.engine, AMY)["quiz_answers"] == []
    assert export_user(stack.engine, AMY)["recent_questions"] == []
    assert export_user(stack.engine, BO)["quiz_answers"]  # another class: untouched
    assert export_user(stack.engine, BO)["recent_questions"]
    assert keeper.class_report("teams:team-1")["spent_usd"] == spent  # no budget reset
    assert keeper.class_report("teams:team-1")["users"][0]["user_id"] == "forgotten"


async def test_a_forgotten_student_can_start_again(make_stack: Any, course_app: App) -> None:
    stack = make_stack()
    await _activity(stack, course_app, AMY, "teams:team-1")
    forget_user(stack.engine, AMY)  # the day's spending row stays, under a digest
    turn = Turn(text="What is fine-tuning?", platform="teams", user_id=AMY, class_id="t")
    reply = await stack.service.ask(turn)
    assert reply.tier == "cheap" and reply.cost_usd > 0  # reserved and charged afresh
    assert export_user(stack.engine, AMY)["spend"][0]["spent_micros"] > 0


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_conversation_keeps_only_its_last_few_questions_and_briefly(
    database: str, tmp_path: Path
) -> None:
    """Teams keeps no history the bot can read: a conversation's last questions are kept for
    its follow-ups, few and for half an hour (a clock passed in, not waited for)."""
    with contextlib.ExitStack() as stack:
        url = (
            f"sqlite:///{tmp_path}/r.db"
            if database == "sqlite"
            else stack.enter_context(pg_schema("recent"))
        )
        engine = build_engine(url, tmp_path)
        stack.callback(engine.dispose)
        _keeps_the_last_few(engine)


def _keeps_the_last_few(engine: Any) -> None:
    start = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    for i in range(5):
        at = start + timedelta(minutes=i)
        remember_question(engine, "teams", "conv-a", AMY, "teams:t", f"question {i}", at)
    remember_question(engine, "teams", "conv-b", BO, "teams:t", "another room", start)
    now = start + timedelta(minutes=5)
    kept = recent_question_texts(engine, "teams", "conv-a", now)
    assert kept == [f"question {i}" for i in range(5 - RECENT_KEEP, 5)]
    assert recent_question_texts(engine, "teams", "conv-b", now) == ["another room"]
    later = start + RECENT_TTL + timedelta(minutes=3, seconds=30)
    assert recent_question_texts(engine, "teams", "conv-a", later) == ["question 4"]
    with engine.connect() as conn:  # at most RECENT_KEEP rows a conversation, ever
        assert conn.execute(select(recent_questions)).all().__len__() == RECENT_KEEP + 1
