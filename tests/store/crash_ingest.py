"""Run by test_store_crash.py in a child process: ingest synthetic reports into a store,
announcing each commit and each report written inside an open transaction, so the
parent can SIGKILL it mid-transaction."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_extract import fake_extract, report  # noqa: E402

from frontlines.store import Store  # noqa: E402
from frontlines.store.store import Store as StoreClass  # noqa: E402

BATCH_SIZE = 5


def synthetic_reports(count: int):
    """Reports of count // 3 events, three reports each, tolls rising as they come in."""
    for i in range(count):
        event_no = i // 3
        day = 1 + event_no % 28
        place = {"place": f"Town {event_no}", "lat": 30 + event_no * 0.5, "lon": 40.0}
        fields = {"type": "Battles", "sub": "Armed clash", "date": f"2020-05-{day:02d}", "killed": 5 + i % 3, **place}
        yield report(f"doc-{i:03d}", fields, published=f"2020-05-{day:02d}", source=f"Outlet {i % 3}")


def main() -> None:
    url, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == "slow":
        original = StoreClass._ingest_report

        def slow_ingest_report(self, batch, one, found, **kwargs):
            original(self, batch, one, found, **kwargs)
            print(f"WROTE {one.doc_id}", flush=True)
            time.sleep(0.05)

        StoreClass._ingest_report = slow_ingest_report
    with Store(url, extractor=fake_extract) as store:
        store.ingest(
            synthetic_reports(count),
            batch_size=BATCH_SIZE,
            on_batch=lambda summary: print(f"COMMITTED {summary.reports}", flush=True),
        )
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
