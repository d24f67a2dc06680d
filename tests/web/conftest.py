"""Web fixtures: stores on temporary SQLite files, the app in-process over httpx, and a
real uvicorn server on a free loopback port.

``seed_store_url`` holds the seed report, extracted by the real pipeline (built once per
session). ``synthetic_store`` holds events made by a stand-in extractor, one of them with
HTML and a script in its report text, so tests control exactly what the store holds.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn

from frontlines.ingest.readers import iter_jsonl
from frontlines.model import Event, Report, Span
from frontlines.store import Store
from frontlines.web import create_app

TOKEN = "test-token-5f1c"
#: Report text an attacker controls: if the dashboard ever parsed it as markup, the
#: script or the onerror handler would set window.__frontlines_pwned.
HOSTILE_SENTENCE = (
    'Gunmen <script>window.__frontlines_pwned = 1</script> killed 4 people '
    '<img src=x onerror="window.__frontlines_pwned = 2"> <b>in Douma</b>.'
)


def _raise(error: Exception) -> None:
    raise error


def read_jsonl(path: Path) -> list[Report]:
    with path.open("rb") as stream:
        return list(iter_jsonl(stream, path.name, published=None, source=None, on_error=_raise))


@dataclass(frozen=True)
class Planned:
    """One event a synthetic report carries: the stand-in extractor returns it as is."""

    day: date
    event_type: str
    sub_event_type: str
    admin1: str
    fatalities: int
    latitude: float
    longitude: float
    actor1: str = "Unidentified Armed Group (Syria)"
    sentence: str = ""


def synthetic_report(doc_id: str, planned: Planned) -> tuple[Report, Event]:
    sentence = planned.sentence or f"In {planned.admin1} {planned.fatalities} people were killed on {planned.day}."
    text = f"Report {doc_id}.\n{sentence}\nMore words follow here.\n"
    start = text.index(sentence)
    report = Report(doc_id=doc_id, text=text, title=f"Report {doc_id}", published=planned.day, source="Test Wire", url=f"https://example.org/{doc_id}")
    event = Event(
        doc_id=doc_id,
        event_date=planned.day,
        time_precision=1,
        disorder_type="Political violence",
        event_type=planned.event_type,
        sub_event_type=planned.sub_event_type,
        actor1=planned.actor1,
        inter1=3,
        country="Syria",
        iso3="SYR",
        admin1=planned.admin1,
        location=planned.admin1,
        latitude=planned.latitude,
        longitude=planned.longitude,
        geo_precision=1,
        fatalities=planned.fatalities,
        fatalities_low=planned.fatalities,
        fatalities_high=planned.fatalities,
        source="Test Wire",
        notes=sentence,
        evidence=[Span(doc_id, start, start + len(sentence), sentence)],
    )
    return report, event


def synthetic_reports() -> list[tuple[Report, Event]]:
    """Eight events in Syria over two months, plus the hostile one, distinct enough that
    consolidation keeps them apart."""
    base = date(2020, 5, 1)
    places = [("Idlib", 35.93, 36.63), ("Aleppo", 36.2, 37.16), ("Dar'a", 32.62, 36.1), ("Deir-ez-Zor", 35.33, 40.14)]
    kinds = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike")]
    items = []
    for i in range(8):
        admin1, lat, lon = places[i % 4]
        event_type, sub = kinds[i % 2]
        planned = Planned(base + timedelta(days=7 * i), event_type, sub, admin1, fatalities=i * 3, latitude=lat, longitude=lon)
        items.append(synthetic_report(f"syn-{i}", planned))
    hostile = Planned(
        date(2020, 7, 1), "Violence against civilians", "Attack", "Rif Dimashq", 4, 33.57, 36.4,
        actor1="<i>Gunmen</i>", sentence=HOSTILE_SENTENCE,
    )
    items.append(synthetic_report("hostile", hostile))
    return items


def synthetic_extractor(planned: dict[str, Event]):
    def extract(reports: Iterable[Report]) -> Iterator[Event]:
        for report in reports:
            if report.doc_id in planned:
                yield planned[report.doc_id]

    return extract


@pytest.fixture
def synthetic_store(tmp_path: Path) -> Iterator[Store]:
    items = synthetic_reports()
    planned = {report.doc_id: event for report, event in items}
    store = Store(f"sqlite:///{tmp_path / 'synthetic.db'}", extractor=synthetic_extractor(planned))
    store.ingest([report for report, _ in items])
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def seed_store_url(seed_jsonl_path: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the seed report (real extraction) and the hostile report."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'seed.db'}"
    with Store(url) as store:
        store.ingest(read_jsonl(seed_jsonl_path))
        hostile = {r.doc_id: e for r, e in synthetic_reports() if r.doc_id == "hostile"}
        store.ingest([r for r, _ in synthetic_reports() if r.doc_id == "hostile"], extractor=synthetic_extractor(hostile))
    return url


@pytest.fixture
def client(synthetic_store: Store) -> Iterator[httpx.Client]:
    """The app in-process (httpx's ASGI transport), writes allowed with ``TOKEN``."""
    app = create_app(None, token=TOKEN, max_body=64 * 1024, store=synthetic_store)
    yield from _client(app)


@pytest.fixture
def read_only_client(synthetic_store: Store) -> Iterator[httpx.Client]:
    yield from _client(create_app(None, store=synthetic_store))


def _client(app) -> Iterator[httpx.Client]:
    # httpx's sync client cannot drive an ASGI app; a thin sync facade over the async
    # client keeps the tests plain functions.
    import anyio

    class SyncASGIClient:
        def __init__(self) -> None:
            self.transport = httpx.ASGITransport(app=app)

        def request(self, method: str, url: str, **kwargs) -> httpx.Response:
            async def call() -> httpx.Response:
                async with httpx.AsyncClient(transport=self.transport, base_url="http://testserver") as inner:
                    response = await inner.request(method, url, **kwargs)
                    await response.aread()
                    return response

            return anyio.run(call)

        def get(self, url: str, **kwargs) -> httpx.Response:
            return self.request("GET", url, **kwargs)

        def post(self, url: str, **kwargs) -> httpx.Response:
            return self.request("POST", url, **kwargs)

        def patch(self, url: str, **kwargs) -> httpx.Response:
            return self.request("PATCH", url, **kwargs)

    yield SyncASGIClient()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningServer:
    """uvicorn serving ``app`` on 127.0.0.1 in a thread, stopped on exit."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> RunningServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def seed_server(seed_store_url: str) -> Iterator[RunningServer]:
    with RunningServer(create_app(seed_store_url, token=TOKEN)) as running:
        yield running

