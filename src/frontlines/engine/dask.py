"""The Dask engine: ``Extractor.extract`` on a Dask distributed cluster.

The client reads reports, as the local engine does, and submits them in bounded chunks;
each Dask worker builds one :class:`Extractor` (spaCy and the gazetteer) per thread the
first time it needs one and keeps it. Results are yielded in input order, so the output
is the local engine's output.

``scheduler`` is a ``tcp://HOST:PORT`` address of a running cluster, whose workers must
have Frontlines installed; without one a LocalCluster of ``workers`` processes is started
(and stopped) here.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from frontlines.engine import EngineError
from frontlines.engine.chunks import CHUNK_CHARACTERS, CHUNK_REPORTS, chunked
from frontlines.engine.local import Progress, default_workers, portable
from frontlines.model import Event, Report
from frontlines.pipeline import Extractor, default_extractor

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)

#: Chunks queued per worker thread beyond the one running, as in the local engine.
CHUNKS_AHEAD_PER_THREAD = 2

#: Seconds to wait for a scheduler before giving up.
CONNECT_TIMEOUT = 30

#: One extractor per worker thread: spaCy pipelines are not shared between threads.
_worker_state = threading.local()


def _extract_chunk(chunk: list[Report], settings: Extractor) -> list[Event]:
    """Runs on a Dask worker. ``settings`` is scattered once per run, so all the run's tasks
    get the same object and each thread loads spaCy and the gazetteer once per run."""
    if getattr(_worker_state, "settings", None) is not settings:
        _worker_state.settings = settings
        _worker_state.extractor = portable(settings)
    return list(_worker_state.extractor.extract(chunk))


def start_client(scheduler: str | None = None, *, workers: int | None = None, processes: bool = True) -> Client:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster on this machine."""
    from distributed import Client, LocalCluster

    if scheduler:
        log.info("connecting to Dask scheduler %s", scheduler)
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    cluster = LocalCluster(
        n_workers=workers or default_workers(),
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
        silence_logs=logging.WARNING,
    )
    return Client(cluster)


def _total_threads(client: Client) -> int:
    threads = client.nthreads()
    return max(1, sum(threads.values()))


def extract_dask(
    reports: Iterable[Report],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    client: Client | None = None,
    extractor: Extractor | None = None,
    chunk_reports: int = CHUNK_REPORTS,
    chunk_characters: int = CHUNK_CHARACTERS,
) -> Iterator[Event]:
    """Events from ``reports`` in input order, extracted on a Dask cluster.

    Pass ``client`` to use a cluster you manage; otherwise one is connected (``scheduler``)
    or started (a LocalCluster of ``workers`` processes) and closed when the run ends.
    Workers extract with a :func:`~frontlines.engine.local.portable` copy of ``extractor``
    (default: the default one): the same settings, models loaded on the worker.
    """
    own_client = client is None
    active = client if client is not None else start_client(scheduler, workers=workers)
    cluster = None if not own_client or scheduler else active.cluster
    in_flight: deque = deque()
    try:
        limit = _total_threads(active) * (1 + CHUNKS_AHEAD_PER_THREAD)
        settings = active.scatter(portable(extractor or default_extractor()), broadcast=True)
        for chunk in chunked(reports, max_reports=chunk_reports, max_characters=chunk_characters):
            # pure=False: two identical chunks are still two pieces of work to return.
            in_flight.append((active.submit(_extract_chunk, chunk, settings, pure=False), len(chunk)))
            if len(in_flight) >= limit:
                yield from _collect(in_flight.popleft(), progress)
        while in_flight:
            yield from _collect(in_flight.popleft(), progress)
    finally:
        for future, _ in in_flight:
            future.cancel()
        if own_client:
            active.close()
            if cluster is not None:
                cluster.close()


def _collect(item, progress: Progress | None) -> list[Event]:
    future, size = item
    events = future.result()
    future.release()
    if progress is not None:
        progress(size)
    return events
