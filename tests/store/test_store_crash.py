"""Crash safety: SIGKILL a real ingest process mid-transaction, run it again, and get
exactly what an uninterrupted ingest gives: nothing lost, nothing duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from fake_extract import fake_extract

from frontlines.store import Store

SCRIPT = Path(__file__).resolve().parent / "crash_ingest.py"
REPORTS = 30


def run(url: str, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), url, str(REPORTS), mode], capture_output=True, text=True, timeout=120, check=True
    )


def snapshot(url: str) -> tuple[dict, list]:
    with Store(url, extractor=fake_extract) as store:
        events = [{k: v for k, v in e.items() if k != "updated_at"} for e in store.events()]
        return store.counts(), events


def kill_mid_transaction(url: str) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, str(SCRIPT), url, str(REPORTS), "slow"], stdout=subprocess.PIPE, text=True
    )
    lines = []
    try:
        commits = 0
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("COMMITTED"):
                commits += 1
            # Two batches committed and two reports of the third written, uncommitted.
            if commits == 2 and sum(1 for seen in lines if seen.startswith("WROTE")) == 12:
                os.kill(child.pid, signal.SIGKILL)
                break
    finally:
        child.wait(timeout=60)
        child.stdout.close()
    return lines


def test_killed_ingest_resumes_without_loss_or_duplicates(store_url: str, tmp_path: Path) -> None:
    lines = kill_mid_transaction(store_url)
    assert "DONE" not in lines and lines.count("COMMITTED 5") == 2

    with Store(store_url, extractor=fake_extract) as store:
        # Only the two committed batches survived the kill.
        assert store.counts()["reports"] == 10

    assert "DONE" in run(store_url, "fast").stdout

    reference = f"sqlite:///{tmp_path / 'uninterrupted.db'}"
    run(reference, "fast")
    counts, events = snapshot(store_url)
    assert counts["reports"] == REPORTS and counts["doc_events"] == REPORTS
    assert (counts, events) == snapshot(reference)
