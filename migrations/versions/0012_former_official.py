"""identity.former_official_id: the official an account was last detached from

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Accounts unbound before this revision: the audit log names the official they left.
_BACKFILL = """
UPDATE identity SET former_official_id = (
    SELECT CAST(audit_log.entity_id AS INTEGER) FROM audit_log
    WHERE audit_log.action = 'identity.unbound' AND audit_log.identity_id = identity.id
    ORDER BY audit_log.at DESC, audit_log.id DESC LIMIT 1
)
WHERE identity.official_id IS NULL AND EXISTS (
    SELECT 1 FROM audit_log
    WHERE audit_log.action = 'identity.unbound' AND audit_log.identity_id = identity.id
)
"""


def upgrade() -> None:
    with op.batch_alter_table("identity") as batch:
        batch.add_column(sa.Column("former_official_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_identity_former_official_id_official", "official", ["former_official_id"], ["id"]
        )
        batch.create_index("ix_identity_former_official_id", ["former_official_id"])
    op.execute(_BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("identity") as batch:
        batch.drop_index("ix_identity_former_official_id")
        batch.drop_constraint("fk_identity_former_official_id_official", type_="foreignkey")
        batch.drop_column("former_official_id")
