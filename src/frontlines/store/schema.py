"""The store's tables, declared once with SQLAlchemy Core.

Alembic migrations (``store/migrations/versions``) create these tables; this module is
what the code queries through, and what ``alembic revision --autogenerate`` compares with.

Three layers:

- ``reports``: every document seen, with its text, content hash and MinHash signature.
  Exact and near-duplicate copies point at the report they copy (``duplicate_of``).
- ``doc_events``: the document-level events that ``extract`` produced, one row each,
  each assigned to one consolidated event (``cluster_id``).
- ``events``: the consolidated events, one per real-world event, with a stable id.
  ``payload`` holds the reconciled record the queries return.

Plus the merge/deletion feed (``merges``), analyst overrides (``overrides``) and their
audit log (``edits``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

reports = Table(
    "reports",
    metadata,
    Column("doc_id", String, primary_key=True),
    #: sha256 of the text with whitespace collapsed: byte-identical copies share it.
    Column("content_hash", String(64), nullable=False, index=True),
    Column("title", Text),
    Column("source", String),
    Column("url", Text),
    Column("published", Date),
    Column("reference_date_origin", String(16)),
    Column("text", Text, nullable=False),
    #: The report this one copies: "exact" (same text) or "near" (a wire copy with small edits).
    Column("duplicate_of", String, index=True),
    Column("duplicate_kind", String(8)),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

#: Locality-sensitive hashing bands of each report's MinHash: reports sharing a band are
#: near-duplicate candidates, found with an indexed lookup instead of a scan.
report_bands = Table(
    "report_bands",
    metadata,
    Column("band", String(40), primary_key=True),
    Column("doc_id", String, ForeignKey("reports.doc_id", ondelete="CASCADE"), primary_key=True),
)

events = Table(
    "events",
    metadata,
    #: Founding order: older events absorb younger ones when two turn out to be one.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False, unique=True),
    #: "active", "merged" (see merged_into) or "deleted" (its only reports were withdrawn).
    Column("status", String(8), nullable=False, default="active"),
    Column("merged_into", String(32)),
    Column("event_date", Date),
    Column("country", String),
    Column("iso3", String(3)),
    Column("admin1", String),
    Column("event_type", String),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("first_reported", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("payload", JSON, nullable=False),
    Index(None, "status", "event_date"),
    Index("ix_events_latitude_longitude", "latitude", "longitude"),
)
# The filters compare lower-cased values (migration 0003 creates these).
for _name, _column in (("country", events.c.country), ("iso3", events.c.iso3), ("admin1", events.c.admin1), ("event_type", events.c.event_type)):
    Index(f"ix_events_lower_{_name}", func.lower(_column))

doc_events = Table(
    "doc_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    #: Event.event_id: deterministic per document, so re-ingesting cannot duplicate it.
    Column("event_id", String(32), nullable=False, unique=True),
    Column("doc_id", String, ForeignKey("reports.doc_id", ondelete="CASCADE"), nullable=False, index=True),
    Column("cluster_id", String(32), ForeignKey("events.event_id"), nullable=False, index=True),
    Column("event_date", Date, index=True),
    Column("iso3", String(3)),
    Column("payload", JSON, nullable=False),
    #: 1 day, 2 week, 3 month: how far from its date a candidate match may lie (migration 0002).
    Column("time_precision", Integer),
)

merges = Table(
    "merges",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("absorbed_id", String(32), nullable=False, index=True),
    #: None for a deletion.
    Column("absorbing_id", String(32)),
    Column("action", String(8), nullable=False),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

overrides = Table(
    "overrides",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column("field", String(64), primary_key=True),
    #: {"value": ...}: wrapped so that an analyst can set a field to null.
    Column("value", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

edits = Table(
    "edits",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False, index=True),
    Column("field", String(64), nullable=False),
    Column("old_value", JSON),
    Column("new_value", JSON),
    Column("note", Text, nullable=False),
    Column("editor", String),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
