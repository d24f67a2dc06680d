"""The local engine: ``Extractor.extract`` over a pool of processes on this machine.

Each worker loads spaCy and the gazetteer once, in the pool's initializer. The parent
reads reports, ships them in bounded chunks and keeps at most a few chunks per worker in
flight, so memory stays flat whatever the corpus size. Results come back in input order.

One worker, or an input that fits in a single chunk, runs in this process: starting a
pool costs a model load per worker, which a one-report run should not pay.
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain

from frontlines.collection import CollectionProfile
from frontlines.engine import EngineError
from frontlines.engine.chunks import CHUNK_CHARACTERS, CHUNK_REPORTS, chunked
from frontlines.model import Event, Report
from frontlines.pipeline import Extractor, default_extractor

log = logging.getLogger(__name__)

Progress = Callable[[int], None]

#: Chunks queued per worker beyond the one it is working on: enough that a worker never
#: waits for the parent, few enough that memory does not grow with the corpus.
CHUNKS_AHEAD_PER_WORKER = 2

#: The worker process's extractor, built once by :func:`_start_worker`.
_worker_extractor: Extractor | None = None


def default_workers() -> int:
    """All the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not available on macOS or Windows
        return max(1, os.cpu_count() or 1)


def _exit_with_parent() -> None:
    """Watch the parent; if it dies (killed, Ctrl-C), end this worker too.

    A pool worker blocks reading its task queue, which it holds both ends of, so it would
    never notice a dead parent and would idle forever as an orphan with spaCy in memory.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_then_exit() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=wait_then_exit, name="exit-with-parent", daemon=True).start()


def portable(extractor: Extractor) -> Extractor:
    """A copy of ``extractor`` to send to other processes: its settings (such as a collection
    profile) travel, its loaded spaCy pipeline and gazetteer do not; each worker loads its own.
    """
    settings = copy.copy(extractor)
    settings._nlp = None
    settings._gazetteer = None
    return settings


def _start_worker(settings: Extractor) -> None:
    """Pool initializer: load spaCy and the gazetteer before the first chunk arrives."""
    global _worker_extractor
    # Ctrl-C reaches the whole process group: the parent handles it, and the workers end
    # with the parent rather than each printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    extractor = settings
    extractor.nlp  # noqa: B018 - loading is the point
    extractor.gazetteer  # noqa: B018
    _worker_extractor = extractor


#: The profile file this worker has loaded into its extractor.
_worker_profile_path: str | None = None


def _extract_chunk(chunk: list[Report], profile_path: str | None = None) -> list[Event]:
    global _worker_profile_path
    if _worker_extractor is None:
        raise EngineError("extraction worker used before its initializer ran")
    if profile_path is not None and profile_path != _worker_profile_path:
        # Loaded once per worker: every chunk names the file, only the first one reads it.
        with open(profile_path, "rb") as stream:
            _worker_extractor.profile = pickle.load(stream)
        _worker_profile_path = profile_path
    return list(_worker_extractor.extract(chunk))


def _warm_up() -> None:
    """A no-op task: submitting it makes the pool start a worker, whose initializer loads models."""


def _in_process(chunks: Iterable[list[Report]], extractor: Extractor, progress: Progress | None) -> Iterator[Event]:
    for chunk in chunks:
        yield from extractor.extract(chunk)
        if progress is not None:
            progress(len(chunk))


def extract_local(
    reports: Iterable[Report],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
    profile: Callable[[], CollectionProfile] | None = None,
    chunk_reports: int = CHUNK_REPORTS,
    chunk_characters: int = CHUNK_CHARACTERS,
) -> Iterator[Event]:
    """Events from ``reports`` in input order, using ``workers`` processes (default: all cores).

    ``extractor`` (default: the shared default one) runs the reports when the run stays in
    this process (one worker or one chunk). Pool workers get a :func:`portable` copy: the same
    settings, with spaCy and the gazetteer loaded in each worker. ``profile`` computes the
    collection profile; with a pool it runs while the workers load their models.
    """
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    chunks = chunked(reports, max_reports=chunk_reports, max_characters=chunk_characters)
    local = extractor or default_extractor()
    if workers > 1:
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None)
        if second is not None:
            yield from _pooled(chain([first, second], chunks), workers, progress, portable(local), profile)
            return
        chunks = iter([first])
    if profile is not None:
        local = copy.copy(local)
        local.profile = profile()
    yield from _in_process(chunks, local, progress)


def _pooled(
    chunks: Iterator[list[Report]],
    workers: int,
    progress: Progress | None,
    settings: Extractor,
    profile: Callable[[], CollectionProfile] | None = None,
) -> Iterator[Event]:
    # spawn, not fork: the parent may run threads (a progress bar, a Dask client), and a
    # forked child can inherit a lock held by one of them. spawn is also what macOS uses.
    context = multiprocessing.get_context("spawn")
    limit = workers * (1 + CHUNKS_AHEAD_PER_WORKER)
    in_flight: deque[tuple[Future[list[Event]], int]] = deque()
    log.info("extracting with %d worker processes", workers)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(settings,)) as pool, \
            tempfile.TemporaryDirectory(prefix="frontlines-profile-") as scratch:
        profile_path = None
        if profile is not None:
            # The workers load their models meanwhile: the pool starts them on the first submit.
            for _ in range(workers):
                pool.submit(_warm_up)
            profile_path = os.path.join(scratch, "profile.pickle")
            with open(profile_path, "wb") as stream:
                pickle.dump(profile(), stream)
        try:
            for chunk in chunks:
                in_flight.append((pool.submit(_extract_chunk, chunk, profile_path), len(chunk)))
                if len(in_flight) >= limit:
                    yield from _collect(in_flight.popleft(), progress)
            while in_flight:
                yield from _collect(in_flight.popleft(), progress)
        except BrokenProcessPool as exc:
            raise EngineError(f"an extraction worker died ({exc}); try fewer --workers") from exc
        finally:
            # Stop queued chunks when the consumer stops early (an error, a closed pipe).
            for future, _ in in_flight:
                future.cancel()


def _collect(item: tuple[Future[list[Event]], int], progress: Progress | None) -> list[Event]:
    future, size = item
    events = future.result()
    if progress is not None:
        progress(size)
    return events
