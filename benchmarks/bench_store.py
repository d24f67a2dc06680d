"""Ingest throughput of the event store, in reports per second, on SQLite and PostgreSQL.

Extraction is replaced by a synthetic extractor (each report carries one prepared event),
so the figure measures the store: duplicate detection, candidate lookup, matching,
reconciliation and the writes. ``--pipeline`` measures the whole path with real extraction
instead, over the consolidation gold set repeated under fresh ids.

    .venv/bin/python benchmarks/bench_store.py                       # SQLite, and PG if FRONTLINES_TEST_PG_URL is set
    .venv/bin/python benchmarks/bench_store.py --reports 2000 --pg postgresql://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

from frontlines.model import Event, Report, Span
from frontlines.store import Store

REPO = Path(__file__).resolve().parents[1]
GOLD_REPORTS = REPO / "tests" / "fixtures" / "consolidation" / "reports.jsonl"
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
]


def _words(seed: str, count: int) -> str:
    out: list[str] = []
    n = 0
    while len(out) < count:
        digest = hashlib.sha1(f"{seed}:{n}".encode()).hexdigest()
        out.extend(digest[i : i + 5] for i in range(0, 40, 5))
        n += 1
    return " ".join(out[:count])


def synthetic(count: int, seed: int = 7) -> tuple[list[Report], dict[str, Event]]:
    """``count`` reports of about count/3 events: three outlets each, tolls revised upwards."""
    rng = random.Random(seed)
    reports, events = [], {}
    start = date(2020, 1, 1)
    towns = [(f"Town {i}", 33.0 + rng.random() * 4, 36.0 + rng.random() * 5) for i in range(60)]
    for i in range(count):
        event_no = i // 3
        erng = random.Random(event_no)
        event_type, sub = TYPES[erng.randrange(len(TYPES))]
        town, lat, lon = towns[erng.randrange(len(towns))]
        day = start + timedelta(days=erng.randrange(90))
        doc_id = f"bench-{i:06d}"
        text = _words(doc_id, 120)
        published = day + timedelta(days=i % 3 // 2)
        reports.append(Report(doc_id, text, published=published, source=f"Outlet {i % 3}"))
        killed = erng.randrange(1, 30) + i % 3
        events[doc_id] = Event(
            doc_id=doc_id,
            event_date=day,
            time_precision=1,
            disorder_type="Political violence",
            event_type=event_type,
            sub_event_type=sub,
            actor1=f"Group {erng.randrange(8)}",
            inter1=2,
            country="Syria",
            iso3="SYR",
            admin1=f"Province {int(lat)}",
            location=town,
            latitude=lat,
            longitude=lon,
            geo_precision=1,
            fatalities=killed,
            fatalities_low=killed,
            fatalities_high=killed,
            evidence=[Span(doc_id, 0, 20, text[:20])],
        )
    return reports, events


def prepared_extractor(events: dict[str, Event]):
    def extract(reports: Iterable[Report]) -> Iterator[Event]:
        for report in reports:
            if report.doc_id in events:
                yield events[report.doc_id]

    return extract


def gold_reports(count: int) -> list[Report]:
    rows = [json.loads(line) for line in GOLD_REPORTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for i in range(count):
        row = rows[i % len(rows)]
        # A suffix keeps each copy's text distinct, so repeats are ingested, not skipped.
        text = row["text"] + f"\n(Bench copy {i // len(rows)}: {_words(str(i), 12)}.)"
        out.append(Report(f"{row['id']}#{i}", text, published=date.fromisoformat(row["published"]), source=row["source"]))
    return out


def measure(url: str, reports: list[Report], extractor, batch_size: int) -> float:
    with Store(url, extractor=extractor) as store:
        started = time.perf_counter()
        store.ingest(reports, batch_size=batch_size)
        elapsed = time.perf_counter() - started
        counts = store.counts()
    rate = len(reports) / elapsed
    print(f"  {len(reports)} reports -> {counts['events']} events in {elapsed:.2f}s: {rate:.1f} reports/s")
    return rate


def run_postgres(base_url: str, reports, extractor, batch_size: int) -> float:
    base = make_url(base_url)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    schema = f"bench_{os.getpid()}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
        return measure(url, reports, extractor, batch_size)
    finally:
        with admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1500)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--pg", default=os.environ.get("FRONTLINES_TEST_PG_URL"), help="PostgreSQL URL (default: $FRONTLINES_TEST_PG_URL)")
    parser.add_argument("--pipeline", action="store_true", help="Extract with frontlines.pipeline (gold-set reports, repeated).")
    args = parser.parse_args()

    if args.pipeline:
        from frontlines.pipeline import extract

        reports, extractor = gold_reports(args.reports), extract
        label = "real extraction"
    else:
        reports, events = synthetic(args.reports)
        extractor = prepared_extractor(events)
        label = "synthetic extraction"
    print(f"Store ingest, {label}, batch size {args.batch_size}")
    with tempfile.TemporaryDirectory() as scratch:
        print("SQLite (file, WAL)")
        measure(f"sqlite:///{Path(scratch) / 'bench.db'}", reports, extractor, args.batch_size)
    if args.pg:
        print("PostgreSQL")
        run_postgres(args.pg, reports, extractor, args.batch_size)
    else:
        print("PostgreSQL: skipped (no --pg and FRONTLINES_TEST_PG_URL unset)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
