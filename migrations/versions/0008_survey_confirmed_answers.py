"""confirmed answers of a submitted report (issue 10, item 15)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 15:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("survey_response", sa.Column("confirmed", sa.JSON(), nullable=True))
    # Reports already submitted: what is stored now is what was last confirmed.
    bind = op.get_bind()
    submitted = bind.execute(
        sa.text("SELECT id FROM survey_response WHERE status = 'submitted'")
    ).all()
    for (response_id,) in submitted:
        rows = bind.execute(
            sa.text("SELECT question_id, value FROM answer WHERE response_id = :id").columns(
                sa.column("question_id", sa.String()), sa.column("value", sa.JSON())
            ),
            {"id": response_id},
        ).all()
        update = sa.text(
            "UPDATE survey_response SET confirmed = :confirmed WHERE id = :id"
        ).bindparams(sa.bindparam("confirmed", type_=sa.JSON()))
        bind.execute(update, {"confirmed": dict(rows), "id": response_id})


def downgrade() -> None:
    with op.batch_alter_table("survey_response") as batch:
        batch.drop_column("confirmed")
