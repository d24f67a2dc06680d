"""Engines for SQLite and PostgreSQL, and the Alembic upgrade run when a store opens."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from frontlines.errors import StoreError

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///frontlines.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Any fixed number: PostgreSQL advisory locks serialise migrations and ingest batches
#: across processes that share one database.
ADVISORY_LOCK_KEY = 0x46524F4E  # "FRON"
#: Execution option marking a connection that will write (SQLite then takes the write lock
#: at BEGIN, so two writers queue instead of failing halfway with "database is locked").
WRITE_OPTION = "frontlines_write"


def normalise_url(url: str | None) -> str:
    """A SQLAlchemy URL from what a user types: a URL, ``postgresql://...`` or a file path."""
    if not url:
        return DEFAULT_URL
    if "://" not in url:
        # A bare path means a SQLite file.
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver Frontlines installs; SQLAlchemy's default would be psycopg2.
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def create_store_engine(url: str | None) -> Engine:
    sa_url = make_url(normalise_url(url))
    backend = sa_url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(sa_url)
    if backend == "postgresql":
        return create_engine(sa_url, pool_pre_ping=True, future=True)
    raise StoreError(f"unsupported database {backend!r}: use sqlite:///FILE or postgresql://...")


def _sqlite_engine(sa_url) -> Engine:
    in_memory = sa_url.database in (None, "", ":memory:")
    if in_memory:
        # One shared connection, or every connection would see its own empty database.
        engine = create_engine(sa_url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(sa_url.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(sa_url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's BEGIN below, not the sqlite3 module, decide where transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL loses no committed transaction when a process dies; only an
            # OS crash or power cut can lose the last commits.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def lock_for_writing(connection: Connection) -> None:
    """Serialise writers on PostgreSQL for the rest of this transaction (SQLite already is)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema: creates it on first use."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
        with connection.begin():
            lock_for_writing(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    log.debug("schema at head for %s", engine.url.render_as_string(hide_password=True))
