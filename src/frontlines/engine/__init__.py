"""Engines: the same ``Extractor.extract`` run in one process, a local process pool, or Dask.

Every engine takes an iterable of :class:`~frontlines.model.Report` and yields
:class:`~frontlines.model.Event` in input order, so the CLI and the store do not care
which one ran. See docs/scale.md.

This module imports nothing heavy: the CLI reads ``ENGINES`` at start-up, and the
engines (and spaCy behind them) load only when a run begins.
"""

from __future__ import annotations

import copy

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontlines.collection import CollectionProfile
    from frontlines.model import Event, Report
    from frontlines.pipeline import Extractor

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "EngineError", "run_engine"]


class EngineError(RuntimeError):
    """The engine cannot go on: a worker died, or the Dask scheduler cannot be reached."""


def run_engine(
    reports: Iterable[Report],
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    extractor: Extractor | None = None,
    profile: Callable[[], CollectionProfile] | None = None,
) -> Iterator[Event]:
    """Events from ``reports`` with the named engine; ``progress(n)`` hears of every n reports done.

    ``extractor`` carries the settings; every worker extracts with a copy of it. Default: the
    default extractor. ``profile``, when given, computes the collection profile first: the
    local engine runs it while its workers load their models.
    """
    if engine == "local":
        if scheduler:
            raise ValueError("a scheduler needs the dask engine")
        from frontlines.engine.local import extract_local

        return extract_local(reports, workers=workers, progress=progress, extractor=extractor, profile=profile)
    if engine == "dask":
        from frontlines.engine.dask import extract_dask

        if profile is not None:
            from frontlines.pipeline import Extractor as _Extractor

            extractor = copy.copy(extractor) if extractor is not None else _Extractor()
            extractor.profile = profile()
        return extract_dask(reports, scheduler=scheduler, workers=workers, progress=progress, extractor=extractor)
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
