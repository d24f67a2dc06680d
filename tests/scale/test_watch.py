"""`frontlines watch` against feeds served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from frontlines.cli import main
from frontlines.feeds import DirectorySource, FeedSource, Watcher, WatchState, backoff_delay, default_state_path
from frontlines.store import Store


@pytest.fixture()
def entries(texts) -> list[tuple[str, str]]:
    return [(doc_id, text) for doc_id, _, text in texts]


def rss(entries: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<item><guid>{guid}</guid><title>{guid}</title><link>https://news.example/{guid}</link>"
        f"<pubDate>{format_datetime(datetime(2020, 6, 1, tzinfo=timezone.utc))}</pubDate>"
        f"<description>{escape('<p>' + text + '</p>')}</description></item>"
        for guid, text in entries
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{items}</channel></rss>'.encode()


class FeedServer:
    """Serves ``pages[path] = (status, body)``, with ETags, and records every request."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes]] = {}
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server.requests.append((self.path, self.headers.get("If-None-Match")))
                status, body = server.pages.get(self.path, (404, b"not found"))
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for requested, _ in self.requests if requested == path)


@pytest.fixture()
def server():
    running = FeedServer()
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class CountingStore:
    """The real store, counting the reports it is handed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.handed: list[str] = []

    def ingest(self, reports):
        listed = list(reports)
        self.handed.extend(r.doc_id for r in listed)
        return self.store.ingest(listed)




def open_watcher(tmp_path, sources, extractor, clock=None):
    db = f"sqlite:///{tmp_path / 'events.db'}"
    store = Store(db, extractor=extractor.extract)
    state = WatchState(default_state_path(db))
    sink = CountingStore(store)
    watcher = Watcher(sources, sink, state, interval=60, clock=clock or Clock())
    return watcher, sink, store, state


def test_new_entries_ingested_once_and_resume_after_restart(tmp_path, server, extractor, entries):
    server.pages["/wire.xml"] = (200, rss(entries[:2]))
    feed = FeedSource(server.url("/wire.xml"), timeout=5)
    watcher, sink, store, state = open_watcher(tmp_path, [feed], extractor)

    [first] = watcher.poll_once()
    assert first.new_reports == 2 and first.error is None
    assert store.counts()["reports"] == 2
    assert first.ingested.doc_events > 0

    [unchanged] = watcher.poll_once()
    assert unchanged.new_reports == 0
    assert server.requests[-1][1] is not None  # the second poll was conditional (ETag)

    server.pages["/wire.xml"] = (200, rss(entries[:3]))
    [grown] = watcher.poll_once()
    assert grown.new_reports == 1
    assert sink.handed == ["https://news.example/aleppo-shelling", "https://news.example/baghdad-protest", "https://news.example/sanaa-airstrike"]
    store.close()
    state.close()

    # A restart: new objects over the same files, and a feed that no longer honours ETags.
    server.pages["/wire.xml"] = (200, rss(entries[:3]) + b"\n")
    watcher, sink, store, state = open_watcher(tmp_path, [feed], extractor)
    [after_restart] = watcher.poll_once()
    assert after_restart.new_reports == 0
    assert sink.handed == []
    assert store.counts()["reports"] == 3
    store.close()
    state.close()


def test_failing_feed_backs_off_exponentially(tmp_path, server, extractor, entries):
    server.pages["/broken.xml"] = (500, b"oops")
    clock = Clock()
    feed = FeedSource(server.url("/broken.xml"), timeout=5)
    watcher, _, store, state = open_watcher(tmp_path, [feed], extractor, clock)

    [failed] = watcher.poll_once()
    assert "HTTP 500" in failed.error
    assert failed.retry_in == backoff_delay(1, 60) == 120

    clock.now += 60
    [waiting] = watcher.poll_once()
    assert waiting.deferred and server.hits("/broken.xml") == 1
    assert watcher.next_due_in() == pytest.approx(60)

    clock.now += 61
    [again] = watcher.poll_once()
    assert server.hits("/broken.xml") == 2
    assert again.retry_in == 240

    server.pages["/broken.xml"] = (200, rss(entries[3:5]))
    clock.now += 241
    [recovered] = watcher.poll_once()
    assert recovered.error is None and recovered.new_reports == 2
    assert state.status(feed.name).failures == 0
    store.close()
    state.close()


def test_not_a_feed_is_an_error(tmp_path, server, extractor):
    server.pages["/page.html"] = (200, b"<html><body>hello</body></html>")
    watcher, _, store, state = open_watcher(tmp_path, [FeedSource(server.url("/page.html"), timeout=5)], extractor)
    [result] = watcher.poll_once()
    assert result.error and "not an RSS or Atom feed" in result.error
    store.close()
    state.close()


def test_directory_source_ingests_new_files_once(tmp_path, extractor, texts):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for doc_id, _, text in texts[:2]:
        (inbox / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    watcher, sink, store, state = open_watcher(tmp_path, [DirectorySource(inbox)], extractor)
    assert watcher.poll_once()[0].new_reports == 2
    (inbox / "late.txt").write_text(texts[2][2], encoding="utf-8")
    assert watcher.poll_once()[0].new_reports == 1
    store.close()
    state.close()

    watcher, sink, store, state = open_watcher(tmp_path, [DirectorySource(inbox)], extractor)
    assert watcher.poll_once()[0].new_reports == 0
    assert store.counts()["reports"] == 3
    store.close()
    state.close()


def test_cli_watch_once(tmp_path, server, entries):
    server.pages["/wire.xml"] = (200, rss(entries[:1]))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test wire\n{server.url('/wire.xml')}\n\n{server.url('/missing.xml')}\n", encoding="utf-8")
    db = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(main, ["watch", str(feeds), "--db", str(db), "--once"])
    assert result.exit_code == 0, result.output
    assert "1 new report(s)" in result.stderr
    assert "HTTP 404" in result.stderr
    assert (tmp_path / "cli.db.watch").exists()
    again = runner.invoke(main, ["watch", str(feeds), "--db", str(db), "--once"])
    assert again.exit_code == 0
    assert "new report" not in again.stderr


def test_cli_watch_rejects_a_bad_feed_list(tmp_path):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("not a url\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["watch", str(feeds), "--db", str(tmp_path / "x.db"), "--once"])
    assert result.exit_code != 0
    assert "feeds.txt:1" in result.output
