"""Corridors: scenario runs as jobs (status and JSON result).

Revision ID: 0004_corridors
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_corridors"
down_revision = "0001_foundation"
branch_labels = ("corridors",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corridor_scenario_runs",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_corridor_scenario_runs"),
    )
    op.create_index(
        "ix_corridor_scenario_runs_created_at", "corridor_scenario_runs", ["created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_corridor_scenario_runs_created_at", table_name="corridor_scenario_runs")
    op.drop_table("corridor_scenario_runs")
