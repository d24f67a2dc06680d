"""`frontlines extract`: reports in, events out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from frontlines.cli.common import ErrorTally, open_output, published_option, source_option
from frontlines.engine import ENGINES
from frontlines.export import FORMATS, write_events
from frontlines.ingest import iter_reports

#: Parquet, partitioned by event month, is written to a directory rather than a stream.
OUTPUT_FORMATS = (*FORMATS, "parquet")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@source_option
@click.option(
    "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="jsonl", show_default=True,
    help="parquet writes a dataset partitioned by event month into the -o directory.",
)
@click.option(
    "-o", "--output", type=click.Path(writable=True), metavar="FILE|DIR",
    help="Write here instead of stdout (a directory for --format parquet).",
)
@click.option("--summary", is_flag=True, help="Print a table of events by country and type on stderr.")
@click.option(
    "--workers", type=click.IntRange(min=1), metavar="N",
    help="Worker processes (default: all cores; 1 runs in this process).",
)
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Where extraction runs.")
@click.option("--scheduler", metavar="URL", help="Dask scheduler address tcp://HOST:PORT (--engine dask; default: a local cluster).")
@click.option(
    "--profile/--no-profile", "profile", default=True, show_default=True,
    help="First learn which countries the collection is about (one geoparse per report, up to 20,000); "
    "ambiguous and unnamed places then resolve toward them. Not possible for - (stdin).",
)
def extract(paths, published, source, fmt, output, summary, workers, engine, scheduler, profile):
    """Extract ACLED-style events from reports.

    PATH is a .txt or .html report, a .jsonl file of reports ({"id", "text"} plus optional
    "title", "published", "source", "url"), a directory of these, or - for JSONL on stdin.

    Example: frontlines extract reports/ --format csv -o events.csv

    Example: frontlines extract big.jsonl --engine dask --scheduler tcp://10.0.0.5:8786 --format parquet -o events/
    """
    from frontlines.engine import EngineError, run_engine
    from frontlines.engine.progress import estimate_reports, progress_bar, wants_progress

    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet needs -o DIR")
    if fmt != "parquet" and output and Path(output).is_dir():
        raise click.UsageError(f"-o {output} is a directory; --format {fmt} writes a file")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    errors = ErrorTally()
    read = Counter()

    def counted_reports():
        for report in iter_reports(paths, published=published, source=source, on_error=errors):
            read["reports"] += 1
            if report.published is None:
                click.echo(f"warning: {report.doc_id}: no published date or dateline; relative dates stay unresolved", err=True)
            yield report

    tally: list[dict] = []

    first_pass = None
    if profile and "-" not in paths:
        from frontlines.pipeline import profile_reports

        def first_pass():
            # The files are read once more; unreadable ones are reported by the main pass.
            return profile_reports(iter_reports(paths, published=published, source=source, on_error=lambda _: None))

    def rows(progress):
        for event in run_engine(
            counted_reports(), engine=engine, workers=workers, scheduler=scheduler, progress=progress, profile=first_pass
        ):
            row = event.as_dict()
            if summary:
                tally.append(row)
            yield row

    show_progress = wants_progress()
    try:
        with progress_bar(estimate_reports(paths) if show_progress else None, enabled=show_progress) as progress:
            if fmt == "parquet":
                from frontlines.engine.partitioned import write_parquet_by_month

                written = write_parquet_by_month(rows(progress), output)
            else:
                with open_output(output) as stream:
                    written = write_events(rows(progress), stream, fmt)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from None
    if errors.skipped:
        click.echo(f"skipped {errors.skipped} document(s) that could not be read", err=True)
    click.echo(f"{read['reports']} report(s) read, {written} event(s) written", err=True)
    if summary:
        _print_summary(tally)
    if read["reports"] == 0:
        raise SystemExit(1)


def _print_summary(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Events by country and type")
    for column in ("country", "event type", "events", "fatalities", "displaced"):
        table.add_column(column, justify="right" if column in ("events", "fatalities", "displaced") else "left")
    groups: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        key = (row.get("country") or "(unplaced)", row["event_type"])
        totals = groups.setdefault(key, [0, 0, 0])
        totals[0] += 1
        totals[1] += row.get("fatalities") or 0
        totals[2] += row.get("displaced") or 0
    for (country, event_type), (n, dead, displaced) in sorted(groups.items()):
        table.add_row(country, event_type, str(n), str(dead), str(displaced))
    Console(stderr=True).print(table)


def register(main: click.Group) -> None:
    main.add_command(extract)
