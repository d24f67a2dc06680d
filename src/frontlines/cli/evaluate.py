"""`frontlines evaluate`: per-field scores against ACLED-style gold documents."""

from __future__ import annotations

import json

import click


@click.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--predictions", type=click.Path(dir_okay=False, writable=True), help="Also write each document's events as JSONL here.")
def evaluate(gold, as_json, predictions):
    """Score extraction on GOLD.jsonl: {"id", "text", "published", "gold": [ACLED rows]} per line.

    Example: frontlines evaluate ../shared/eval/acled-middle-east-2020.jsonl
    """
    from frontlines.evaluate.acled import evaluate as run
    from frontlines.evaluate.acled import read_gold

    scores, by_doc = run(read_gold(gold))
    result = scores.as_dict()
    if predictions:
        with open(predictions, "w", encoding="utf-8") as stream:
            for doc_id, events in by_doc.items():
                stream.write(json.dumps({"id": doc_id, "events": events}, ensure_ascii=False) + "\n")
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Frontlines on {gold} ({result['documents']} documents)")
    table.add_column("field")
    table.add_column("score", justify="right")
    for name in ("event_type", "sub_event_type", "inter"):
        prf = result[name]
        table.add_row(f"{name} P/R/F1", f"{prf['precision']:.3f} / {prf['recall']:.3f} / {prf['f1']:.3f}")
    for name in ("fatalities_exact", "fatalities_exact_deadly", "date", "admin1", "country", "within_10km", "within_25km", "within_161km"):
        table.add_row(name, f"{result[name]:.3f}")
    Console().print(table)


def register(main: click.Group) -> None:
    main.add_command(evaluate)
