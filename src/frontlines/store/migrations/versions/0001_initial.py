"""The initial event store: reports, document events, consolidated events, merges, edits.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("source", sa.String()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("reference_date_origin", sa.String(length=16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("duplicate_of", sa.String()),
        sa.Column("duplicate_kind", sa.String(length=8)),
        sa.Column("similarity", sa.Float()),
        sa.Column("minhash", sa.LargeBinary()),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name="pk_reports"),
    )
    op.create_index("ix_reports_content_hash", "reports", ["content_hash"])
    op.create_index("ix_reports_duplicate_of", "reports", ["duplicate_of"])

    op.create_table(
        "report_bands",
        sa.Column("band", sa.String(length=40), nullable=False),
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"], ["reports.doc_id"], name="fk_report_bands_doc_id_reports", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("band", "doc_id", name="pk_report_bands"),
    )

    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("merged_into", sa.String(length=32)),
        sa.Column("event_date", sa.Date()),
        sa.Column("country", sa.String()),
        sa.Column("iso3", sa.String(length=3)),
        sa.Column("admin1", sa.String()),
        sa.Column("event_type", sa.String()),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("first_reported", sa.Date()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_events"),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
    )
    op.create_index("ix_events_status_event_date", "events", ["status", "event_date"])

    op.create_table(
        "doc_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("cluster_id", sa.String(length=32), nullable=False),
        sa.Column("event_date", sa.Date()),
        sa.Column("iso3", sa.String(length=3)),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"], ["reports.doc_id"], name="fk_doc_events_doc_id_reports", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["cluster_id"], ["events.event_id"], name="fk_doc_events_cluster_id_events"),
        sa.PrimaryKeyConstraint("seq", name="pk_doc_events"),
        sa.UniqueConstraint("event_id", name="uq_doc_events_event_id"),
    )
    op.create_index("ix_doc_events_doc_id", "doc_events", ["doc_id"])
    op.create_index("ix_doc_events_cluster_id", "doc_events", ["cluster_id"])
    op.create_index("ix_doc_events_event_date", "doc_events", ["event_date"])

    op.create_table(
        "merges",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("absorbed_id", sa.String(length=32), nullable=False),
        sa.Column("absorbing_id", sa.String(length=32)),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_merges"),
    )
    op.create_index("ix_merges_absorbed_id", "merges", ["absorbed_id"])

    op.create_table(
        "overrides",
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "field", name="pk_overrides"),
    )

    op.create_table(
        "edits",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.JSON()),
        sa.Column("new_value", sa.JSON()),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("editor", sa.String()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_edits"),
    )
    op.create_index("ix_edits_event_id", "edits", ["event_id"])


def downgrade() -> None:
    for table in ("edits", "overrides", "merges", "doc_events", "events", "report_bands", "reports"):
        op.drop_table(table)
