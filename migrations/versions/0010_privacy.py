"""personal data: consent on the official, indexes for the retention of chat-derived rows

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, columns): retention deletes by age; `/toi` and erasure look up by person.
_INDEXES = (
    ("ix_identity_last_seen_at", "identity", ["last_seen_at"]),
    ("ix_conversation_updated_at", "conversation", ["updated_at"]),
    ("ix_audit_log_at", "audit_log", ["at"]),
    ("ix_outbox_created_at", "outbox", ["created_at"]),
    ("ix_outbox_identity_id", "outbox", ["identity_id"]),
    ("ix_console_session_expires_at", "console_session", ["expires_at"]),
    ("ix_login_attempt_at", "login_attempt", ["at"]),
    ("ix_survey_response_updated_by", "survey_response", ["updated_by"]),
    ("ix_answer_updated_by", "answer", ["updated_by"]),
)


def upgrade() -> None:
    with op.batch_alter_table("official") as batch:
        batch.add_column(sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("consent_notice", sa.String(length=20), nullable=False, server_default="")
        )
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("official") as batch:
        batch.drop_column("consent_notice")
        batch.drop_column("consent_at")
