"""Indicators: observations record the user who added them (object-level editing rules).

Existing rows (bundled values, operators' file imports) get no owner.

Revision ID: 0008_indicators_owners
Revises: 0002_indicators
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_indicators_owners"
down_revision = "0002_indicators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator_observations") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_index("ix_indicator_observations_owner_id", ["owner_id"])


def downgrade() -> None:
    with op.batch_alter_table("indicator_observations") as batch:
        batch.drop_index("ix_indicator_observations_owner_id")
        batch.drop_column("owner_id")
