"""Agenda: programmes and projects record the user who created them (object-level editing rules).

Revision ID: 0006_agenda_owners
Revises: 0003_agenda
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_agenda_owners"
down_revision = "0003_agenda"
branch_labels = None
depends_on = None

_TABLES = ("agenda_programmes", "agenda_projects")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("owner_id")
