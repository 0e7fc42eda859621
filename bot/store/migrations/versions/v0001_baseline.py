"""The schema as StudyBot had it before migrations (spending, ledger, quizzes, reviews,
schedules, conversation references): a frozen copy, so that later changes to
`bot/store/db.py` never change what this revision builds.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

metadata = MetaData()

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

conversation_refs = Table(
    "conversation_refs",
    metadata,
    Column("platform", String(32), primary_key=True),
    Column("conversation_id", String(256), primary_key=True),
    Column("reference", Text, nullable=False),  # the channel's reference, as JSON
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def upgrade() -> None:
    metadata.create_all(op.get_bind())
