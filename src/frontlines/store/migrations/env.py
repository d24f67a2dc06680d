"""Alembic environment for the event store.

``frontlines.store.database.upgrade_schema`` runs migrations with an open connection in
``config.attributes["connection"]``. Run by hand (``alembic -x url=... upgrade head`` with
``script_location`` pointing here), it connects to the given URL instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from frontlines.store.schema import metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as connection:
        run_with(connection)
        connection.commit()


if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
