"""`frontlines extract`: reports in, events out."""

from __future__ import annotations

from collections import Counter

import click

from frontlines.cli.common import ErrorTally, open_output, output_option, published_option, source_option
from frontlines.export import FORMATS, write_events
from frontlines.ingest import iter_reports


@click.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@source_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@output_option
@click.option("--summary", is_flag=True, help="Print a table of events by country and type on stderr.")
def extract(paths, published, source, fmt, output, summary):
    """Extract ACLED-style events from reports.

    PATH is a .txt or .html report, a .jsonl file of reports ({"id", "text"} plus optional
    "title", "published", "source", "url"), a directory of these, or - for JSONL on stdin.

    Example: frontlines extract reports/ --format csv -o events.csv
    """
    from frontlines.pipeline import extract as run

    errors = ErrorTally()
    read = Counter()

    def counted_reports():
        for report in iter_reports(paths, published=published, source=source, on_error=errors):
            read["reports"] += 1
            if report.published is None:
                click.echo(f"warning: {report.doc_id}: no published date or dateline; relative dates stay unresolved", err=True)
            yield report

    tally: list[dict] = []

    def rows():
        for event in run(counted_reports()):
            row = event.as_dict()
            if summary:
                tally.append(row)
            yield row

    with open_output(output) as stream:
        written = write_events(rows(), stream, fmt)
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
