"""Queries: filters, single events, the merge feed, and the schema itself."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fake_extract import fake_extract, report

from frontlines.store import Store
from frontlines.store.database import MIGRATIONS_DIR
from frontlines.store.schema import metadata

IDLIB = {"type": "Explosions/Remote violence", "sub": "Air/drone strike", "killed": 3}
BAGHDAD = {
    "type": "Protests",
    "sub": "Peaceful protest",
    "place": "Baghdad",
    "lat": 33.34,
    "lon": 44.40,
    "admin1": "Baghdad",
    "country": "Iraq",
    "iso3": "IRQ",
    "date": "2020-05-07",
}


def test_filters(store: Store) -> None:
    store.ingest([report("a", IDLIB), report("b", BAGHDAD, published="2020-05-07")])
    assert [e["doc_id"] for e in store.events()] == ["b", "a"]
    assert [e["doc_id"] for e in store.events(country="iraq")] == ["b"]
    assert [e["doc_id"] for e in store.events(country="SYR")] == ["a"]
    assert [e["doc_id"] for e in store.events(admin1="Idlib")] == ["a"]
    assert [e["doc_id"] for e in store.events(event_type="protests")] == ["b"]
    assert [e["doc_id"] for e in store.events(since=date(2020, 5, 8))] == ["a"]
    assert [e["doc_id"] for e in store.events(until=date(2020, 5, 8))] == ["b"]


def test_event_fields(store: Store) -> None:
    store.ingest([report("a", IDLIB)])
    [event] = store.events()
    for name in ("event_id", "doc_ids", "sources", "n_sources", "first_reported", "updated_at", "fatality_history", "evidence"):
        assert name in event
    for name in ("event_date", "event_type", "sub_event_type", "fatalities", "latitude", "interaction", "year"):
        assert name in event
    assert store.event(event["event_id"]) == event
    assert store.event("FLunknown") is None


def test_schema_matches_the_migrations(store_url: str) -> None:
    with Store(store_url, extractor=fake_extract) as opened:
        with opened.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
            assert context.get_current_revision() == head
            assert compare_metadata(context, metadata) == []


def test_opening_twice_keeps_the_data(store_url: str) -> None:
    with Store(store_url, extractor=fake_extract) as first:
        first.ingest([report("a", IDLIB)])
    with Store(store_url, extractor=fake_extract) as second:
        assert second.counts()["events"] == 1


def test_migration_0002_backfills_existing_rows(store_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import select

    from frontlines.store.database import WRITE_OPTION, create_store_engine
    from frontlines.store.schema import doc_events

    with Store(store_url, extractor=fake_extract) as opened:
        opened.ingest([report("a", dict(IDLIB, precision=2))])
    # Back to the first release's schema (the column goes), then open: 0002 runs over the data.
    engine = create_store_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
    engine.dispose()
    with Store(store_url, extractor=fake_extract) as reopened:
        with reopened.engine.connect() as connection:
            assert connection.execute(select(doc_events.c.time_precision)).scalars().all() == [2]
        assert reopened.counts()["events"] == 1
