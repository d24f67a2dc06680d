"""The event store: ``Store(url)`` ingests reports and keeps one event per real-world event.

See docs/store.md. SQLite (the default, ``./frontlines.db`` in WAL mode) and PostgreSQL
go through the same SQLAlchemy code; Alembic migrations run when a store opens.
"""

from frontlines.store.database import DEFAULT_URL, normalise_url
from frontlines.store.store import IngestSummary, Store, parse_field_value

__all__ = ["DEFAULT_URL", "IngestSummary", "Store", "normalise_url", "parse_field_value"]
