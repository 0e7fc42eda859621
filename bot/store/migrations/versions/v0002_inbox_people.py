"""The Teams inbox (nothing acknowledged is lost in a crash) and display names.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    # A database made by a development build may have them already (create_all).
    if "inbox" not in tables:
        op.create_table(
            "inbox",
            sa.Column("platform", sa.String(32), primary_key=True),
            sa.Column("conversation_id", sa.String(256), primary_key=True),
            sa.Column("activity_id", sa.String(256), primary_key=True),
            sa.Column("activity", sa.Text, nullable=False),
            sa.Column("status", sa.String(16), nullable=False, index=True),
            sa.Column("attempts", sa.Integer, nullable=False),
            sa.Column("lease_owner", sa.String(128), nullable=True),
            sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True, index=True),
            sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True),
            sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        )
    if "people" not in tables:
        op.create_table(
            "people",
            sa.Column("user_id", sa.String(256), primary_key=True),
            sa.Column("name", sa.String(256), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        )
