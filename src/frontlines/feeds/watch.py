"""Polling sources into the store: new reports once, resumable, with back-off per source.

Order of writes: the store ingests a poll's reports first, then the watch state records
them. A crash between the two only means the next poll offers them again, and the store
recognises reports it holds (same doc_id, same text) without extracting them again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from frontlines.errors import DocumentError
from frontlines.feeds.sources import Source, SourceError
from frontlines.feeds.state import SourceStatus, WatchState
from frontlines.model import Report

log = logging.getLogger(__name__)

#: The longest a failing source waits between attempts.
MAX_BACKOFF_SECONDS = 6 * 3600


class ReportSink(Protocol):
    """What the watcher needs of the store: ``Store(url)`` fits."""

    def ingest(self, reports_in: Iterable[Report]) -> Any: ...


@dataclass
class SourceResult:
    source: str
    new_reports: int = 0
    #: The store's IngestSummary, or None when nothing was ingested.
    ingested: Any = None
    unreadable: list[DocumentError] = field(default_factory=list)
    error: str | None = None
    #: Seconds until the next attempt after an error.
    retry_in: float | None = None
    #: True when the source was not polled because it is backing off.
    deferred: bool = False


def backoff_delay(failures: int, interval: float) -> float:
    """Seconds to wait after ``failures`` consecutive errors: 2, 4, 8 ... intervals, capped."""
    return min(interval * (2 ** failures), MAX_BACKOFF_SECONDS)


class Watcher:
    def __init__(
        self,
        sources: list[Source],
        store: ReportSink,
        state: WatchState,
        *,
        interval: float = 300.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if interval <= 0:
            raise ValueError(f"interval must be positive, got {interval}")
        self.sources = sources
        self.store = store
        self.state = state
        self.interval = interval
        self.clock = clock
        self.sleep = sleep

    def poll_once(self) -> list[SourceResult]:
        """Poll every source that is not backing off; ingest what is new."""
        return [self._poll(source) for source in self.sources]

    def _poll(self, source: Source) -> SourceResult:
        result = SourceResult(source.name)
        status = self.state.status(source.name)
        now = self.clock()
        if status.retry_at > now:
            result.deferred = True
            result.retry_in = status.retry_at - now
            return result
        try:
            poll = source.poll(self.state, status)
        except SourceError as exc:
            failures = status.failures + 1
            delay = backoff_delay(failures, self.interval)
            self.state.save_status(
                source.name,
                SourceStatus(status.etag, status.modified, failures, now + delay, str(exc)),
            )
            log.warning("%s (failure %d; next attempt in %.0f s)", exc, failures, delay)
            result.error, result.retry_in = str(exc), delay
            return result
        result.unreadable = poll.unreadable
        result.new_reports = len(poll.items)
        if poll.items:
            result.ingested = self.store.ingest(item.report for item in poll.items)
        self.state.mark_seen(source.name, [(item.key, item.digest) for item in poll.items] + poll.settled)
        self.state.save_status(source.name, SourceStatus(poll.etag, poll.modified, 0, 0.0, None))
        return result

    def next_due_in(self) -> float:
        """Seconds until some source may be polled: the interval, or sooner for a backed-off one due earlier."""
        now = self.clock()
        waits = [self.interval]
        for source in self.sources:
            retry_at = self.state.status(source.name).retry_at
            if retry_at > now:
                waits.append(retry_at - now)
        return max(0.0, min(waits))

    def run(self, *, on_results: Callable[[list[SourceResult]], None] | None = None, once: bool = False) -> None:
        """Poll, report, sleep, forever (or once). Stop it with Ctrl-C."""
        while True:
            results = self.poll_once()
            if on_results is not None:
                on_results(results)
            if once:
                return
            self.sleep(self.next_due_in())
