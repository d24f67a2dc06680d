"""doc_events.time_precision: find match candidates by date window in SQL, not in Python.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("doc_events") as batch:
        batch.add_column(sa.Column("time_precision", sa.Integer()))
    # Fill it from the stored payloads, which have always carried it.
    doc_events = sa.table(
        "doc_events", sa.column("seq", sa.Integer), sa.column("payload", sa.JSON), sa.column("time_precision", sa.Integer)
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(doc_events.c.seq, doc_events.c.payload)).all()
    for seq, payload in rows:
        precision = int((payload or {}).get("time_precision") or 1)
        connection.execute(
            sa.update(doc_events).where(doc_events.c.seq == seq).values(time_precision=precision)
        )


def downgrade() -> None:
    with op.batch_alter_table("doc_events") as batch:
        batch.drop_column("time_precision")
