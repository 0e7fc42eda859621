"""A scheduled quiz's slot records the group quiz it started and when it was posted.

A replica that claims a slot and dies before posting leaves `posted_at` empty; the scheduler
that holds the lock next posts that same quiz (`attempt_id`) instead of losing the slot.
Slots fired before this revision were posted when they fired.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("schedule_runs")}
    with op.batch_alter_table("schedule_runs") as batch:
        if "attempt_id" not in columns:
            batch.add_column(sa.Column("attempt_id", sa.String(64), nullable=True))
        if "posted_at" not in columns:
            batch.add_column(sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE schedule_runs SET posted_at = fired_at WHERE posted_at IS NULL")
