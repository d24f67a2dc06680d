"""`frontlines watch`: poll feeds or a directory and ingest new reports into the store."""

from __future__ import annotations

import click

from frontlines.feeds.sources import DEFAULT_TIMEOUT


@click.command()
@click.argument("target", metavar="FEEDS.txt|DIR")
@click.option(
    "--db", "db_url", envvar="FRONTLINES_DB", default="sqlite:///frontlines.db", show_default=True, metavar="URL",
    help="Database: sqlite:///FILE, a file path, or postgresql://user@host/db (env FRONTLINES_DB).",
)
@click.option("--interval", type=click.FloatRange(min=1), default=300, show_default=True, metavar="S", help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Poll every source once and exit.")
@click.option(
    "--state", "state_path", type=click.Path(dir_okay=False), metavar="FILE",
    help="Where seen entries and back-off are kept (default: DBFILE.watch beside a SQLite store).",
)
@click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_TIMEOUT, show_default=True, metavar="S", help="HTTP timeout per request.")
@click.option("--fetch-pages", is_flag=True, help="Read the article page when a feed entry holds only a teaser.")
def watch(target, db_url, interval, once, state_path, timeout, fetch_pages):
    """Poll RSS/Atom feeds or a directory of reports and ingest what is new.

    FEEDS.txt lists feed URLs (or directories), one per line; # starts a comment line.
    A restarted watcher resumes where it stopped; a failing feed is retried after 2, 4,
    8 ... intervals.

    Example: frontlines watch feeds.txt --db sqlite:///events.db --interval 600
    """
    from frontlines.errors import FrontlinesError
    from frontlines.feeds import SourceError, Watcher, WatchState, default_state_path, load_sources
    from frontlines.store import Store

    try:
        sources = load_sources(target, timeout=timeout, fetch_pages=fetch_pages)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from None
    if not sources:
        raise click.ClickException(f"{target}: lists no feeds")
    try:
        with Store(db_url) as store, WatchState(state_path or default_state_path(db_url)) as state:
            Watcher(sources, store, state, interval=interval).run(on_results=_print_results, once=once)
    except FrontlinesError as exc:
        raise click.ClickException(exc.one_line()) from None
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


def _print_results(results) -> None:
    for result in results:
        for error in result.unreadable:
            click.echo(f"error: {error.one_line()}", err=True)
        if result.error:
            click.echo(f"error: {result.error}; retrying in {result.retry_in:.0f} s", err=True)
        elif result.new_reports:
            summary = result.ingested
            created = getattr(summary, "events_created", 0)
            updated = getattr(summary, "events_updated", 0)
            click.echo(
                f"{result.source}: {result.new_reports} new report(s), {created} event(s) created, {updated} updated",
                err=True,
            )


def register(main: click.Group) -> None:
    main.add_command(watch)
