"""A conversation's last few questions, for follow-ups where the platform keeps no history.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "recent_questions" in set(sa.inspect(op.get_bind()).get_table_names()):
        return  # made by a development build (create_all)
    op.create_table(
        "recent_questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(256), nullable=False, index=True),
        sa.Column("user_id", sa.String(256), nullable=False, index=True),
        sa.Column("class_id", sa.String(256), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
