"""Indicators observatory: sources, indicators, observations, area groups, targets, claims.

Revision ID: 0002_indicators
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_indicators"
down_revision = "0001_foundation"
branch_labels = ("indicators",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_sources",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("producer", sa.String(300), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("published", sa.String(10), nullable=False),
        sa.Column("licence", sa.String(100), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_indicator_sources"),
    )
    op.create_table(
        "indicator_indicators",
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("topic", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit_mult", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_indicator_indicators"),
    )
    op.create_index("ix_indicator_indicators_topic", "indicator_indicators", ["topic"])
    op.create_table(
        "indicator_observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("indicator", sa.String(100), nullable=False),
        sa.Column("ref_area", sa.String(16), nullable=False),
        sa.Column("counterpart_area", sa.String(16), nullable=False),
        sa.Column("flow", sa.String(2), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("freq", sa.String(1), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("unit_mult", sa.Integer(), nullable=False),
        sa.Column("reporter_side", sa.String(8), nullable=False),
        sa.Column("definition_note", sa.Text(), nullable=False),
        sa.Column("obs_status", sa.String(1), nullable=False),
        sa.Column("source_id", sa.String(100), nullable=False),
        sa.Column("source_locator", sa.Text(), nullable=False),
        sa.Column("date_accessed", sa.String(10), nullable=False),
        sa.Column("vintage", sa.String(40), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator"],
            ["indicator_indicators.code"],
            name="fk_indicator_observations_indicator_indicator_indicators",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["indicator_sources.id"],
            name="fk_indicator_observations_source_id_indicator_sources",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_indicator_observations"),
        sa.UniqueConstraint(
            "indicator",
            "ref_area",
            "counterpart_area",
            "flow",
            "freq",
            "period",
            "reporter_side",
            "source_id",
            "vintage",
            "obs_status",
            name="uq_indicator_observations_key",
        ),
    )
    op.create_index(
        "ix_indicator_observations_series",
        "indicator_observations",
        ["indicator", "ref_area", "counterpart_area"],
    )
    op.create_index("ix_indicator_observations_origin", "indicator_observations", ["origin"])
    op.create_index("ix_indicator_observations_source_id", "indicator_observations", ["source_id"])
    op.create_table(
        "indicator_groups",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source_id", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["indicator_sources.id"],
            name="fk_indicator_groups_source_id_indicator_sources",
        ),
        sa.PrimaryKeyConstraint("code", name="pk_indicator_groups"),
    )
    op.create_table(
        "indicator_group_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("group_code", sa.String(16), nullable=False),
        sa.Column("area", sa.String(16), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_code"],
            ["indicator_groups.code"],
            name="fk_indicator_group_members_group_code_indicator_groups",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_indicator_group_members"),
    )
    op.create_index(
        "ix_indicator_group_members_group_code", "indicator_group_members", ["group_code"]
    )
    op.create_table(
        "indicator_targets",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("indicator", sa.String(100), nullable=False),
        sa.Column("ref_area", sa.String(16), nullable=False),
        sa.Column("target_period", sa.String(4), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.String(100), nullable=False),
        sa.Column("unit_mult", sa.Integer(), nullable=False),
        sa.Column("counterpart_area", sa.String(16), nullable=False),
        sa.Column("flow", sa.String(2), nullable=False),
        sa.Column("baseline_period", sa.String(7), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("policy_document", sa.Text(), nullable=False),
        sa.Column("stated_on", sa.String(10), nullable=False),
        sa.Column("supersedes", sa.String(100), nullable=False),
        sa.Column("definition_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator"],
            ["indicator_indicators.code"],
            name="fk_indicator_targets_indicator_indicator_indicators",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["indicator_sources.id"],
            name="fk_indicator_targets_source_id_indicator_sources",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_indicator_targets"),
    )
    op.create_table(
        "indicator_claims",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("indicator", sa.String(100), nullable=False),
        sa.Column("ref_area", sa.String(16), nullable=False),
        sa.Column("period", sa.String(4), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("comparator", sa.String(20), nullable=False),
        sa.Column("source_id", sa.String(100), nullable=False),
        sa.Column("unit_mult", sa.Integer(), nullable=False),
        sa.Column("counterpart_area", sa.String(16), nullable=False),
        sa.Column("flow", sa.String(2), nullable=False),
        sa.Column("tolerance", sa.Float(), nullable=False),
        sa.Column("obs_status", sa.String(1), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator"],
            ["indicator_indicators.code"],
            name="fk_indicator_claims_indicator_indicator_indicators",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["indicator_sources.id"],
            name="fk_indicator_claims_source_id_indicator_sources",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_indicator_claims"),
    )


def downgrade() -> None:
    op.drop_table("indicator_claims")
    op.drop_table("indicator_targets")
    op.drop_index("ix_indicator_group_members_group_code", table_name="indicator_group_members")
    op.drop_table("indicator_group_members")
    op.drop_table("indicator_groups")
    op.drop_index("ix_indicator_observations_source_id", table_name="indicator_observations")
    op.drop_index("ix_indicator_observations_origin", table_name="indicator_observations")
    op.drop_index("ix_indicator_observations_series", table_name="indicator_observations")
    op.drop_table("indicator_observations")
    op.drop_index("ix_indicator_indicators_topic", table_name="indicator_indicators")
    op.drop_table("indicator_indicators")
    op.drop_table("indicator_sources")
