"""Sources `frontlines watch` polls: RSS/Atom feeds over HTTP, and directories of report files.

A poll returns the reports that are new or changed since the last one, each with the key
and content digest that the watch state records once the store has them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol

from frontlines import __version__
from frontlines.errors import DocumentError
from frontlines.feeds.state import SourceStatus, WatchState
from frontlines.ingest.readers import SUPPORTED_SUFFIXES, check_text, html_to_text, iter_reports, make_report
from frontlines.model import Report

log = logging.getLogger(__name__)

USER_AGENT = f"frontlines/{__version__}"
#: Seconds to wait for a feed or an article page before counting the poll as failed.
DEFAULT_TIMEOUT = 20.0
#: An entry whose text is shorter than this is a teaser; with page fetching on, the
#: article page is read instead.
TEASER_CHARACTERS = 400
#: Feeds and pages larger than this are refused rather than read into memory.
MAX_FETCH_BYTES = 10_000_000


class SourceError(Exception):
    """A poll failed as a whole (network, HTTP status, not a feed): the source backs off."""


@dataclass
class Item:
    key: str
    digest: str
    report: Report


@dataclass
class Poll:
    items: list[Item] = field(default_factory=list)
    #: Entries or files that could not be read, reported once and not retried.
    unreadable: list[DocumentError] = field(default_factory=list)
    #: (key, digest) pairs to record as done that carry no report of their own: read files,
    #: unreadable entries.
    settled: list[tuple[str, str]] = field(default_factory=list)
    etag: str | None = None
    modified: str | None = None


class Source(Protocol):
    name: str

    def poll(self, state: WatchState, status: SourceStatus) -> Poll: ...


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _TextOfHtml(HTMLParser):
    """Feed entry HTML to text: block elements become line breaks, scripts are dropped."""

    BLOCKS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
    SKIPPED = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_fragment_to_text(fragment: str) -> str:
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def _fetch(url: str, *, timeout: float, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """(status, body, headers) of a GET; a 304 is a status, not an error."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_FETCH_BYTES + 1)
            if len(body) > MAX_FETCH_BYTES:
                raise SourceError(f"{url}: larger than {MAX_FETCH_BYTES:,} bytes")
            return response.status, body, dict(response.headers.items())
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", dict(exc.headers.items()) if exc.headers else {}
        raise SourceError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"{url}: {reason}") from None


def _entry_date(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)


def _entry_html(entry) -> str:
    contents = entry.get("content") or []
    bodies = [c.get("value", "") for c in contents if c.get("value")]
    return max(bodies, key=len) if bodies else entry.get("summary", "") or ""


class FeedSource:
    """An RSS or Atom feed. Entries are keyed by their id (else link, else title and text)."""

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT, fetch_pages: bool = False):
        self.name = url
        self.url = url
        self.timeout = timeout
        self.fetch_pages = fetch_pages

    def poll(self, state: WatchState, status: SourceStatus) -> Poll:
        import feedparser

        conditional = {}
        if status.etag:
            conditional["If-None-Match"] = status.etag
        if status.modified:
            conditional["If-Modified-Since"] = status.modified
        code, body, headers = _fetch(self.url, timeout=self.timeout, headers=conditional)
        if code == 304:
            return Poll(etag=status.etag, modified=status.modified)
        parsed = feedparser.parse(body)
        if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
            # feedparser reads anything; an entry-less document of no known feed version is a
            # web page or an error page served with status 200.
            detail = parsed.get("bozo_exception") or "no RSS or Atom version found"
            raise SourceError(f"{self.url}: not an RSS or Atom feed ({detail})")
        poll = Poll(etag=headers.get("ETag"), modified=headers.get("Last-Modified"))
        feed_title = parsed.feed.get("title") or None
        for entry in parsed.entries:
            self._read_entry(entry, feed_title, state, poll)
        return poll

    def _read_entry(self, entry, feed_title: str | None, state: WatchState, poll: Poll) -> None:
        link = entry.get("link")
        text = html_fragment_to_text(_entry_html(entry))
        key = entry.get("id") or link or digest_of(f"{entry.get('title', '')}\n{text}")
        digest = digest_of(text)
        if not state.is_new(self.name, key, digest):
            return
        if self.fetch_pages and link and len(text) < TEASER_CHARACTERS:
            text = self._page_text(link) or text
        try:
            check_text(text, document=key)
        except DocumentError as error:
            poll.unreadable.append(error)
            poll.settled.append((key, digest))
            return
        report = make_report(
            link or key,
            text,
            title=entry.get("title"),
            published=_entry_date(entry),
            source=feed_title,
            url=link,
            origin="metadata",
        )
        poll.items.append(Item(key, digest, report))

    def _page_text(self, link: str) -> str | None:
        """The article text of an entry's page, or None when it cannot be had (the entry text is used)."""
        if not link.startswith(("http://", "https://")):
            return None
        try:
            _, body, _ = _fetch(link, timeout=self.timeout)
            text, _, _ = html_to_text(body.decode("utf-8", errors="replace"), document=link)
        except (SourceError, DocumentError) as exc:
            log.info("article page %s not used: %s", link, exc)
            return None
        return text


class DirectorySource:
    """A directory of .txt/.html/.jsonl reports; a file is read again only when its bytes change."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.name = str(self.directory)

    def poll(self, state: WatchState, status: SourceStatus) -> Poll:
        if not self.directory.is_dir():
            raise SourceError(f"{self.directory}: no such directory")
        poll = Poll()
        for path in sorted(p for p in self.directory.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES):
            try:
                file_digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as exc:
                log.warning("%s: cannot read (%s)", path, exc)
                continue
            file_key = f"file:{path.relative_to(self.directory)}"
            if not state.is_new(self.name, file_key, file_digest):
                continue
            errors: list[DocumentError] = []
            for report in iter_reports([str(path)], on_error=errors.append):
                digest = digest_of(report.text)
                if state.is_new(self.name, report.doc_id, digest):
                    poll.items.append(Item(report.doc_id, digest, report))
            poll.unreadable.extend(errors)
            # A file whose bytes change is read again, but only its new or changed reports
            # (by doc_id and text) are ingested.
            poll.settled.append((file_key, file_digest))
        return poll


def load_sources(target: str | Path, *, timeout: float = DEFAULT_TIMEOUT, fetch_pages: bool = False) -> list[Source]:
    """A directory is one source; a file lists feed URLs (or directories), one per line.

    Blank lines and lines starting with # are ignored.
    """
    path = Path(target)
    if path.is_dir():
        return [DirectorySource(path)]
    if not path.is_file():
        raise SourceError(f"{target}: no such file or directory")
    sources: list[Source] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if re.match(r"^(https?|file)://", line):
            sources.append(FeedSource(line, timeout=timeout, fetch_pages=fetch_pages))
        elif Path(line).is_dir():
            sources.append(DirectorySource(line))
        else:
            raise SourceError(f"{target}:{number}: not a feed URL (http://, https://, file://) or a directory: {line!r}")
    return sources
