"""Accounts: an index on failed logins by (username, address, time) for the per-pair backoff.

Revision ID: 0007_accounts_login_pairs
Revises: 0005_accounts
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0007_accounts_login_pairs"
down_revision = "0005_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_login_attempts_username_client_at", "login_attempts", ["username", "client", "at"]
    )


def downgrade() -> None:
    op.drop_index("ix_login_attempts_username_client_at", table_name="login_attempts")
