"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Iterator

import click

from frontlines.errors import DocumentError


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


published_option = click.option(
    "--published", callback=parse_day, metavar="YYYY-MM-DD",
    help="Reference date for reports that carry none (relative dates resolve against it).",
)
source_option = click.option("--source", metavar="NAME", help="Outlet name for reports that carry none.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")


class ErrorTally:
    """Prints each unreadable document as one line on stderr and counts them."""

    def __init__(self) -> None:
        self.skipped = 0

    def __call__(self, error: DocumentError) -> None:
        self.skipped += 1
        click.echo(f"error: {error.one_line()}", err=True)


@contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        yield stream
