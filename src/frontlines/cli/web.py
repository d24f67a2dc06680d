"""`frontlines serve` (the HTTP API and dashboard) and `frontlines alerts`."""

from __future__ import annotations

import json
import os

import click

from frontlines.cli.common import open_output, output_option, parse_day
from frontlines.cli.store import db_option
from frontlines.errors import FrontlinesError

TOKEN_ENV = "FRONTLINES_TOKEN"
ALERT_FORMATS = ("table", "json", "jsonl")


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--max-body", default=None, type=click.IntRange(min=1), metavar="BYTES", help="Largest request body accepted (default 6 MiB).")
def serve(db_url, host, port, max_body):
    """Serve the HTTP API (/api, OpenAPI at /docs) and the analyst dashboard (/).

    Writes (POST /api/reports, PATCH /api/events/ID) need `Authorization: Bearer TOKEN`
    where TOKEN is the value of FRONTLINES_TOKEN; without it the server is read-only.

    Example: FRONTLINES_TOKEN=s3cret frontlines serve --db sqlite:///events.db --port 8000
    """
    import uvicorn

    from frontlines.web import DEFAULT_MAX_BODY, create_app

    token = os.environ.get(TOKEN_ENV) or None
    try:
        app = create_app(db_url, token=token, max_body=max_body or DEFAULT_MAX_BODY)
    except FrontlinesError as exc:
        raise click.ClickException(exc.one_line()) from None
    mode = "read-write (token set)" if token else f"read-only (set {TOKEN_ENV} to allow writes)"
    click.echo(f"Frontlines on http://{host}:{port}/ — {mode}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


@click.command()
@db_option
@click.option("--as-of", callback=parse_day, metavar="YYYY-MM-DD", help="Last day of the window (default: the newest event's date).")
@click.option("--window-days", default=30, show_default=True, type=click.IntRange(min=1), help="Length of the current and each baseline window.")
@click.option("--min-fatalities", default=10, show_default=True, type=click.IntRange(min=1), help="Fewer fatalities never alert.")
@click.option("--sd", "sd_multiplier", default=2.0, show_default=True, type=click.FloatRange(min=0), help="Alert above mean + SD x standard deviation of the baseline.")
@click.option("--format", "fmt", type=click.Choice(ALERT_FORMATS), default="table", show_default=True)
@output_option
def alerts(db_url, as_of, window_days, min_fatalities, sd_multiplier, fmt, output):
    """Admin1 areas whose fatalities over the last 30 days exceed their own baseline.

    The baseline is the 12 windows before (a year): an area alerts when it reaches
    --min-fatalities and exceeds mean + 2 sd of those windows (HDX Signals style).

    Example: frontlines alerts --db sqlite:///events.db --as-of 2020-06-30 --format json
    """
    from frontlines.alerts import AlertSettings, alerts_from_store
    from frontlines.cli.store import _open_store

    try:
        settings = AlertSettings(window_days=window_days, min_fatalities=min_fatalities, sd_multiplier=sd_multiplier)
    except FrontlinesError as exc:
        raise click.ClickException(exc.one_line()) from None
    with _open_store(db_url) as store:
        day, found = alerts_from_store(store, as_of, settings)
    with open_output(output) as stream:
        if fmt == "json":
            body = {"as_of": day.isoformat() if day else None, "alerts": [a.as_dict() for a in found]}
            stream.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        elif fmt == "jsonl":
            for alert in found:
                stream.write(json.dumps(alert.as_dict(), ensure_ascii=False) + "\n")
        else:
            stream.write(_table(found) + "\n" if found else "")
    when = day.isoformat() if day else "an empty store"
    click.echo(f"{len(found)} alert(s) as of {when}", err=True)


def _table(found) -> str:
    header = ("country", "admin1", "fatalities", "events", "baseline mean", "sd", "threshold")
    rows = [
        (a.country or "", a.admin1, str(a.fatalities), str(a.event_count), f"{a.baseline_mean:g}", f"{a.baseline_sd:g}", f"{a.threshold:g}")
        for a in found
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def register(main: click.Group) -> None:
    for command in (serve, alerts):
        main.add_command(command)
