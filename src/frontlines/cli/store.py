"""`frontlines ingest`, `events`, `edit` and `evaluate-consolidation`: the event store."""

from __future__ import annotations

import json

import click

from frontlines.cli.common import ErrorTally, open_output, output_option, parse_day, published_option, source_option
from frontlines.errors import FrontlinesError

STORE_FORMATS = ("jsonl", "csv", "geojson", "parquet")

db_option = click.option(
    "--db",
    "db_url",
    envvar="FRONTLINES_DB",
    default="sqlite:///frontlines.db",
    show_default=True,
    metavar="URL",
    help="Database: sqlite:///FILE, a file path, or postgresql://user@host/db (env FRONTLINES_DB).",
)


def _open_store(db_url: str):
    from frontlines.store import Store

    try:
        return Store(db_url)
    except FrontlinesError as exc:
        raise click.ClickException(exc.one_line()) from None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@published_option
@source_option
@click.option("--batch-size", default=50, show_default=True, type=click.IntRange(min=1), help="Reports per transaction.")
@click.option("--reextract", is_flag=True, help="Extract stored reports again (after a pipeline upgrade); corrections still win.")
def ingest(paths, db_url, published, source, batch_size, reextract):
    """Extract events from reports and consolidate them into the store.

    PATH is what `frontlines extract` reads: .txt, .html, .jsonl, a directory, or - for JSONL
    on stdin. Ingesting a report again, or a byte-identical copy of it, changes nothing.

    Example: frontlines ingest reports/ --db sqlite:///events.db
    """
    from frontlines.ingest import iter_reports

    errors = ErrorTally()
    with _open_store(db_url) as store:
        reports = iter_reports(paths, published=published, source=source, on_error=errors)
        try:
            summary = store.ingest(reports, batch_size=batch_size, reextract=reextract)
        except FrontlinesError as exc:
            raise click.ClickException(exc.one_line()) from None
        counts = store.counts()
    if errors.skipped:
        click.echo(f"skipped {errors.skipped} document(s) that could not be read", err=True)
    click.echo(
        f"{summary.reports} report(s): {summary.added} new, {summary.unchanged} unchanged, "
        f"{summary.replaced} replaced, {summary.exact_copies} exact copies, {summary.near_copies} near copies; "
        f"{summary.events_created} event(s) created, {summary.events_updated} updated, {summary.merges} merged. "
        f"Store: {counts['events']} events from {counts['reports']} reports.",
        err=True,
    )
    if summary.reports == 0:
        raise SystemExit(1)


@click.command()
@db_option
@click.option("--since", callback=parse_day, metavar="YYYY-MM-DD", help="Events on or after this date.")
@click.option("--until", callback=parse_day, metavar="YYYY-MM-DD", help="Events on or before this date.")
@click.option("--country", metavar="X", help="Country name or ISO3 code.")
@click.option("--admin1", metavar="X", help="First-level administrative area.")
@click.option("--type", "event_type", metavar="T", help="ACLED event type, e.g. Battles.")
@click.option("--format", "fmt", type=click.Choice(STORE_FORMATS), default="jsonl", show_default=True)
@output_option
@click.option("--merged", is_flag=True, help="List the merges/deletions feed instead: absorbed ids and where they went.")
def events(db_url, since, until, country, admin1, event_type, fmt, output, merged):
    """List consolidated events, one per real-world event.

    Each has the fields of `frontlines extract` plus doc_ids, sources, n_sources,
    first_reported, updated_at and fatality_history.

    Example: frontlines events --country Syria --since 2020-05-01 --format csv -o syria.csv
    """
    from frontlines.export import write_events

    with _open_store(db_url) as store:
        if merged:
            rows = iter(store.merged())
        else:
            rows = store.iter_events(since=since, until=until, country=country, admin1=admin1, event_type=event_type)
        if fmt == "parquet":
            from frontlines.export.parquet import write_parquet

            if not output:
                raise click.UsageError("--format parquet needs -o FILE")
            written = write_parquet(rows, output)
        else:
            with open_output(output) as stream:
                written = write_events(rows, stream, fmt)
    click.echo(f"{written} {'merge(s)' if merged else 'event(s)'} written", err=True)


@click.command()
@click.argument("event_id")
@click.argument("changes", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.option("--note", required=True, help="Why: kept in the audit log with the old and new values.")
@db_option
@click.option("--editor", metavar="NAME", help="Who is editing (default: the login name).")
def edit(event_id, changes, note, db_url, editor):
    """Correct fields of an event. New reports and re-extraction never overwrite a correction.

    Use null to clear a field.

    Example: frontlines edit FL3a9c0d12e4b5f6 fatalities=15 location=Saraqib --note "OCHA list"
    """
    from frontlines.store import parse_field_value

    parsed = {}
    for change in changes:
        name, sep, raw = change.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"expected FIELD=VALUE, got {change!r}")
        try:
            parsed[name.strip()] = parse_field_value(name.strip(), raw)
        except FrontlinesError as exc:
            raise click.ClickException(exc.one_line()) from None
    with _open_store(db_url) as store:
        try:
            record = store.edit(event_id, parsed, note=note, editor=editor)
        except FrontlinesError as exc:
            raise click.ClickException(exc.one_line()) from None
    click.echo(json.dumps(record, ensure_ascii=False))


@click.command("evaluate-consolidation")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON, with the wrong and missed pairs.")
def evaluate_consolidation(directory, as_json):
    """Pairwise precision/recall/F1 of merging on a gold set of report clusters.

    DIRECTORY holds reports.jsonl and gold.jsonl ({"id", "cluster"} per line).

    Example: frontlines evaluate-consolidation tests/fixtures/consolidation
    """
    from frontlines.evaluate.consolidation import evaluate_consolidation as run

    try:
        score = run(directory)
    except FrontlinesError as exc:
        raise click.ClickException(exc.one_line()) from None
    if as_json:
        click.echo(json.dumps(score.as_dict(), indent=2))
        return
    click.echo(
        f"{score.reports} reports in {score.gold_clusters} gold clusters -> {score.predicted_events} events\n"
        f"pairwise precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}  "
        f"({score.correct_pairs} of {score.predicted_pairs} predicted pairs correct, {score.true_pairs} gold pairs)"
    )


def register(main: click.Group) -> None:
    for command in (ingest, events, edit, evaluate_consolidation):
        main.add_command(command)
