"""A rich progress bar (documents/s, ETA) for interactive runs; nothing at all otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from frontlines.engine.local import Progress
from frontlines.ingest.readers import JSONL_SUFFIXES, SUPPORTED_SUFFIXES


def wants_progress() -> bool:
    """A bar only when a person watches stderr; logs and pipes stay clean."""
    return sys.stderr.isatty()


def estimate_reports(paths: Iterable[str]) -> int | None:
    """How many reports ``paths`` hold (a file counts one, a JSONL line one), or None for stdin.

    An estimate for the ETA only: blank and unreadable lines still count.
    """
    total = 0
    for path_arg in paths:
        if path_arg == "-":
            return None
        path = Path(path_arg)
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        ) if path.is_dir() else []
        for file in files:
            total += _count_lines(file) if file.suffix.lower() in JSONL_SUFFIXES else 1
    return total


def _count_lines(path: Path) -> int:
    lines = 0
    try:
        with path.open("rb") as stream:
            while block := stream.read(1 << 20):
                lines += block.count(b"\n")
    except OSError:
        return 0
    return lines


@contextmanager
def progress_bar(total: int | None, *, enabled: bool) -> Iterator[Progress | None]:
    """Yields ``advance(n)`` to call as reports finish, or None when disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    bar = Bar(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} docs/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("extract", total=total, rate="-")

        def advance(done: int) -> None:
            bar.advance(task, done)
            speed = bar.tasks[task].speed
            bar.update(task, rate=f"{speed:,.0f}" if speed else "-")

        yield advance
