"""Agenda: events, programmes, projects with workforce needs, and the sources they cite.

Revision ID: 0003_agenda
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_agenda"
down_revision = "0001_foundation"
branch_labels = ("agenda",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agenda_sources",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("producer", sa.String(200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("published", sa.String(32), nullable=False),
        sa.Column("licence", sa.String(200), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_sources"),
    )
    op.create_table(
        "agenda_events",
        sa.Column("uid", sa.String(255), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start_local", sa.String(19), nullable=False),
        sa.Column("end_local", sa.String(19), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("tzid", sa.String(64), nullable=False),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("venue_name", sa.String(300), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("organisers", sa.JSON(), nullable=False),
        sa.Column("partner_countries", sa.JSON(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("rrules", sa.JSON(), nullable=False),
        sa.Column("rdates", sa.JSON(), nullable=False),
        sa.Column("exdates", sa.JSON(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.String(1000), nullable=True),
        sa.Column("source_id", sa.String(64), nullable=True),
        sa.Column("illustrative", sa.Text(), nullable=True),
        sa.Column("extra", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uid", name="pk_agenda_events"),
    )
    for column in ("kind", "city", "country", "visibility", "origin"):
        op.create_index(f"ix_agenda_events_{column}", "agenda_events", [column])
    op.create_table(
        "agenda_programmes",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("provider", sa.String(300), nullable=False),
        sa.Column("isced_field", sa.String(4), nullable=False),
        sa.Column("isced_level", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("partner_enterprises", sa.JSON(), nullable=False),
        sa.Column("target_isco", sa.JSON(), nullable=False),
        sa.Column("intake_per_year", sa.Integer(), nullable=False),
        sa.Column("duration_years", sa.Float(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(64), nullable=True),
        sa.Column("illustrative", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_programmes"),
    )
    op.create_index("ix_agenda_programmes_origin", "agenda_programmes", ["origin"])
    op.create_table(
        "agenda_projects",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("sector", sa.String(100), nullable=False),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("isced_fields", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(64), nullable=True),
        sa.Column("illustrative", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_projects"),
    )
    op.create_index("ix_agenda_projects_origin", "agenda_projects", ["origin"])
    op.create_table(
        "agenda_workforce_needs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(100), nullable=False),
        sa.Column("isco", sa.String(4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["agenda_projects.id"],
            name="fk_agenda_workforce_needs_project_id_agenda_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_workforce_needs"),
        sa.UniqueConstraint(
            "project_id", "isco", "year", name="uq_agenda_workforce_needs_project_id"
        ),
    )
    op.create_index(
        "ix_agenda_workforce_needs_project_id", "agenda_workforce_needs", ["project_id"]
    )


def downgrade() -> None:
    op.drop_table("agenda_workforce_needs")
    op.drop_table("agenda_projects")
    op.drop_table("agenda_programmes")
    op.drop_table("agenda_events")
    op.drop_table("agenda_sources")
