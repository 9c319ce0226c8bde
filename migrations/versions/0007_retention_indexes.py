"""indexes for retention: prune inbound updates, invite attempts, questions by age (issue 10)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 16:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_inbound_update_received_at", "inbound_update", ["received_at"])
    op.create_index("ix_invite_attempt_at", "invite_attempt", ["at"])
    op.create_index("ix_unanswered_question_asked_at", "unanswered_question", ["asked_at"])


def downgrade() -> None:
    op.drop_index("ix_unanswered_question_asked_at", table_name="unanswered_question")
    op.drop_index("ix_invite_attempt_at", table_name="invite_attempt")
    op.drop_index("ix_inbound_update_received_at", table_name="inbound_update")
