"""`frontlines gazetteer add|info|build`, `frontlines places` and `frontlines evaluate-places`."""

from __future__ import annotations

import csv
import json

import click

from frontlines.cli.common import ErrorTally, open_output, output_option, published_option
from frontlines.errors import FrontlinesError

PLACE_FIELDS = (
    "doc_id", "start", "end", "text", "geonameid", "name", "feature_code", "latitude", "longitude",
    "country", "iso3", "admin1", "admin2", "score",
)


@click.group()
def gazetteer() -> None:
    """The place index: built once from installed packages, extended with GeoNames files."""


@gazetteer.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def gazetteer_add(files: tuple[str, ...]) -> None:
    """Load GeoNames dumps: XX.txt or XX.zip, admin1CodesASCII.txt, admin2Codes.txt.

    A bad file stops the load and leaves the index as it was.

    Example: frontlines gazetteer add SY.zip IQ.zip admin1CodesASCII.txt admin2Codes.txt
    """
    from frontlines.geo import add_geonames_files, default_index_path

    try:
        counts = add_geonames_files(files)
    except FrontlinesError as error:
        raise click.ClickException(error.one_line()) from None
    for path, rows in counts.items():
        click.echo(f"{path}: {rows:,} rows")
    click.echo(f"index: {default_index_path()}")


@gazetteer.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def gazetteer_info(as_json: bool) -> None:
    """Say what the index holds and where it is (building it first if needed).

    Example: frontlines gazetteer info
    """
    from frontlines.geo import Gazetteer

    try:
        info = Gazetteer.default().info()
    except FrontlinesError as error:
        raise click.ClickException(error.one_line()) from None
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"index: {info['path']} ({(info['size_bytes'] or 0) / 1e6:.1f} MB)")
    click.echo(f"places: {info['places']:,}  names: {info['names']:,}")
    click.echo(f"countries: {info['countries']}  admin1 areas: {info['admin1']} ({info['admin1_with_geonameid']} with GeoNames ids)")
    for source in info["sources"]:
        click.echo(f"source: {source['path']} [{source['kind']}] {source['rows']:,} rows, {source['added']}")


@gazetteer.command("build")
def gazetteer_build() -> None:
    """Rebuild the default index from installed packages (drops added GeoNames files).

    Example: frontlines gazetteer build
    """
    from frontlines.geo.gazetteer import build_default_index_file, default_index_path

    path = build_default_index_file(default_index_path())
    click.echo(f"index: {path}")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--focus-country", metavar="ISO", help="Country the reports are about, when known.")
@output_option
def places(paths, published, fmt, focus_country, output) -> None:
    """Every toponym in the reports, one line each, with offsets into the text.

    Takes the same inputs as `extract`: .txt, .html, .jsonl files, directories, or - for stdin.

    Example: frontlines places report.txt --format csv -o places.csv
    """
    from frontlines.geo import Gazetteer, find_toponyms
    from frontlines.ingest import iter_reports

    tally = ErrorTally()
    try:
        gaz = Gazetteer.default()
    except FrontlinesError as error:
        raise click.ClickException(error.one_line()) from None
    with open_output(output) as stream:
        writer = None
        if fmt == "csv":
            writer = csv.DictWriter(stream, fieldnames=PLACE_FIELDS)
            writer.writeheader()
        for report in iter_reports(paths, published=published, on_error=tally):
            for toponym in find_toponyms(report.doc_id, report.text, gaz, focus_country=focus_country):
                row = toponym.as_dict()
                if writer is not None:
                    writer.writerow({k: row.get(k) for k in PLACE_FIELDS})
                else:
                    stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    if tally.skipped:
        click.echo(f"{tally.skipped} document(s) skipped", err=True)


@click.command("evaluate-places")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False),
              help="Score this `frontlines places` JSONL instead of running on the gold texts.")
@click.option("--misses", type=click.Path(dir_okay=False, writable=True), help="Write wrong and missed toponyms here (JSONL).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_places(gold, predictions, misses, as_json) -> None:
    """Score toponyms against GeoWebNews-style gold: found, exact GeoNames id, within 161 km.

    Example: frontlines evaluate-places ../shared/eval/geowebnews.jsonl
    """
    from frontlines.evaluate.geowebnews import read_jsonl, run_places, score
    from frontlines.geo import Gazetteer

    try:
        gold_docs = list(read_jsonl(gold))
        rows = list(read_jsonl(predictions)) if predictions else run_places(gold_docs, Gazetteer.default())
    except FrontlinesError as error:
        raise click.ClickException(error.one_line()) from None
    scores = score(gold_docs, rows, keep_misses=bool(misses))
    if misses:
        with open(misses, "w", encoding="utf-8") as stream:
            for miss in scores.misses:
                stream.write(json.dumps(miss, ensure_ascii=False) + "\n")
    result = scores.as_dict()
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    for name, value in result.items():
        click.echo(f"{name:>24}: {value}")


def register(main: click.Group) -> None:
    main.add_command(gazetteer)
    main.add_command(places)
    main.add_command(evaluate_places)
