"""What `frontlines watch` has already ingested, and when each source may be polled again.

A small SQLite file beside the store (``events.db`` -> ``events.db.watch``), so a restarted
watcher neither ingests an entry twice nor hammers a feed that was failing. It is kept
apart from the store's own tables, whose schema the store's migrations own.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (source, key)
);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    etag TEXT,
    modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at REAL NOT NULL DEFAULT 0,
    last_error TEXT
);
"""

#: Where the state lives when the store is not a SQLite file (PostgreSQL, in-memory).
FALLBACK_STATE_FILE = "frontlines-watch.sqlite"


def default_state_path(store_url: str) -> Path:
    """``<database file>.watch`` for a SQLite store, else ./frontlines-watch.sqlite."""
    from frontlines.store import normalise_url

    url = make_url(normalise_url(store_url))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        database = Path(url.database)
        return database.with_name(database.name + ".watch")
    return Path(FALLBACK_STATE_FILE)


@dataclass
class SourceStatus:
    etag: str | None = None
    modified: str | None = None
    failures: int = 0
    #: Unix time before which the source is not polled (back-off after errors).
    retry_at: float = 0.0
    last_error: str | None = None


class WatchState:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> WatchState:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def is_new(self, source: str, key: str, digest: str) -> bool:
        """True unless this entry was ingested before with this same content."""
        row = self._db.execute("SELECT digest FROM seen WHERE source = ? AND key = ?", (source, key)).fetchone()
        return row is None or row[0] != digest

    def mark_seen(self, source: str, items: list[tuple[str, str]]) -> None:
        """Record (key, digest) pairs as ingested, in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT INTO seen (source, key, digest) VALUES (?, ?, ?) "
                "ON CONFLICT (source, key) DO UPDATE SET digest = excluded.digest",
                [(source, key, digest) for key, digest in items],
            )

    def seen_count(self, source: str | None = None) -> int:
        if source is None:
            return self._db.execute("SELECT count(*) FROM seen").fetchone()[0]
        return self._db.execute("SELECT count(*) FROM seen WHERE source = ?", (source,)).fetchone()[0]

    def status(self, source: str) -> SourceStatus:
        row = self._db.execute(
            "SELECT etag, modified, failures, retry_at, last_error FROM sources WHERE source = ?", (source,)
        ).fetchone()
        return SourceStatus(*row) if row else SourceStatus()

    def save_status(self, source: str, status: SourceStatus) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO sources (source, etag, modified, failures, retry_at, last_error) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, modified = excluded.modified, "
                "failures = excluded.failures, retry_at = excluded.retry_at, last_error = excluded.last_error",
                (source, status.etag, status.modified, status.failures, status.retry_at, status.last_error),
            )
