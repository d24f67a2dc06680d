"""Readers: .txt, .html, .jsonl, directories of these, and JSONL on stdin.

Every reader yields :class:`Report` records. A document that cannot be read becomes a
coded :class:`DocumentError` handed to ``on_error``; the batch goes on.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from frontlines.errors import (
    BinaryDocument,
    DocumentError,
    DocumentTooLarge,
    EmptyDocument,
    EncodingError,
    MalformedRecord,
    MissingPath,
    NotEnglish,
    UnsupportedFormat,
)
from frontlines.ingest.dateline import find_reference_date
from frontlines.ingest.language import looks_english
from frontlines.model import Report

log = logging.getLogger(__name__)

#: Reports beyond this many bytes are refused: a news report is rarely over 200 kB,
#: and a 50 MB "report" is a data dump or an attack, not something to parse sentence by sentence.
MAX_DOCUMENT_BYTES = 5_000_000
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

ErrorHandler = Callable[[DocumentError], None]


def _raise(error: DocumentError) -> None:
    raise error


def parse_date(value: str | None, *, document: str, line: int | None = None) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise MalformedRecord(
            f"'published' must be YYYY-MM-DD, got {value!r}", document=document, line=line
        ) from None


def decode_bytes(raw: bytes, *, document: str, line: int | None = None) -> str:
    """Bytes to text, refusing what is not a UTF-8 text document."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(
            f"document is {len(raw):,} bytes, over the {MAX_DOCUMENT_BYTES:,}-byte limit",
            document=document,
            line=line,
        )
    if b"\x00" in raw[:8192]:
        raise BinaryDocument("binary content (NUL bytes), not a text report", document=document, line=line)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"not valid UTF-8 (byte {exc.start}); re-encode the file as UTF-8",
            document=document,
            line=line,
        ) from None
    return text


def check_text(text: str, *, document: str, line: int | None = None) -> str:
    if not text.strip():
        raise EmptyDocument("empty document: no text to read", document=document, line=line)
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(10, len(text[:20000]) // 100):
        raise BinaryDocument("mostly control characters, not a text report", document=document, line=line)
    if not looks_english(text):
        raise NotEnglish("text does not look like English; only English reports are supported", document=document, line=line)
    return text


def html_to_text(html: str, *, document: str) -> tuple[str, str | None, date | None]:
    """Strip boilerplate with trafilatura; return text, title and published date if found."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    if extracted is None:
        raise EmptyDocument("HTML page holds no article text", document=document)
    text = getattr(extracted, "text", None) if not isinstance(extracted, dict) else extracted.get("text")
    title = getattr(extracted, "title", None) if not isinstance(extracted, dict) else extracted.get("title")
    raw_date = getattr(extracted, "date", None) if not isinstance(extracted, dict) else extracted.get("date")
    published = None
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    if not text or not text.strip():
        raise EmptyDocument("HTML page holds no article text", document=document)
    return text, title, published


def make_report(
    doc_id: str,
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
    url: str | None = None,
    origin: str | None = None,
) -> Report:
    """Fill the reference date: metadata first, else a dateline, else none (never today)."""
    if published is None:
        published = find_reference_date(text)
        origin = "dateline" if published else None
    return Report(
        doc_id=doc_id,
        text=text,
        title=title,
        published=published,
        source=source,
        url=url,
        reference_date_origin=origin,
    )


def read_text_file(path: Path, doc_id: str, *, published: date | None, source: str | None) -> Report:
    text = check_text(decode_bytes(path.read_bytes(), document=doc_id), document=doc_id)
    return make_report(doc_id, text, published=published, source=source, origin="cli" if published else None)


def read_html_file(path: Path, doc_id: str, *, published: date | None, source: str | None) -> Report:
    html = decode_bytes(path.read_bytes(), document=doc_id)
    if not html.strip():
        raise EmptyDocument("empty document: no text to read", document=doc_id)
    text, title, page_date = html_to_text(html, document=doc_id)
    check_text(text, document=doc_id)
    origin = "cli" if published else ("metadata" if page_date else None)
    return make_report(doc_id, text, title=title, published=published or page_date, source=source, origin=origin)


def iter_jsonl(
    stream: IO[bytes],
    name: str,
    *,
    published: date | None,
    source: str | None,
    on_error: ErrorHandler,
) -> Iterator[Report]:
    """One report per line: {"id", "text"} plus optional title, published, source, url."""
    seen_any = False
    for line_no, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        seen_any = True
        try:
            line = decode_bytes(raw, document=name, line=line_no)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedRecord(f"malformed JSON ({exc.msg})", document=name, line=line_no) from None
            if not isinstance(record, dict):
                raise MalformedRecord("each line must be a JSON object", document=name, line=line_no)
            doc_id = record.get("id")
            text = record.get("text")
            if doc_id in (None, "") or not isinstance(text, str):
                raise MalformedRecord('a report needs "id" and a string "text"', document=name, line=line_no)
            doc_id = str(doc_id)
            check_text(text, document=doc_id, line=None)
            record_date = parse_date(record.get("published"), document=name, line=line_no)
            when = record_date or published
            origin = "metadata" if record_date else ("cli" if published else None)
            yield make_report(
                doc_id,
                text,
                title=record.get("title"),
                published=when,
                source=record.get("source") or source,
                url=record.get("url"),
                origin=origin,
            )
        except DocumentError as error:
            if error.line is None and error.document != name:
                error = type(error)(error.message, document=f"{name}:{line_no} ({error.document})")
            on_error(error)
    if not seen_any:
        on_error(EmptyDocument("empty JSONL file: no reports", document=name))


def _expand(path_arg: str, on_error: ErrorHandler) -> Iterator[Path]:
    path = Path(path_arg)
    if not path.exists():
        on_error(MissingPath("no such file or directory", document=path_arg))
        return
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        if not files:
            on_error(EmptyDocument("directory holds no .txt, .html or .jsonl reports", document=path_arg))
        yield from files
    else:
        yield path


def iter_reports(
    paths: Iterable[str],
    *,
    published: date | None = None,
    source: str | None = None,
    on_error: ErrorHandler | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Report]:
    """Yield every readable report under ``paths``; unreadable ones go to ``on_error``."""
    handler = on_error or _raise
    for path_arg in paths:
        if path_arg == "-":
            yield from iter_jsonl(stdin or sys.stdin.buffer, "<stdin>", published=published, source=source, on_error=handler)
            continue
        for path in _expand(path_arg, handler):
            doc_id = str(path) if Path(path_arg).is_dir() else path_arg
            suffix = path.suffix.lower()
            try:
                if suffix in JSONL_SUFFIXES:
                    with path.open("rb") as stream:
                        yield from iter_jsonl(stream, doc_id, published=published, source=source, on_error=handler)
                elif suffix in HTML_SUFFIXES:
                    yield read_html_file(path, doc_id, published=published, source=source)
                elif suffix in TEXT_SUFFIXES or suffix == "":
                    yield read_text_file(path, doc_id, published=published, source=source)
                else:
                    raise UnsupportedFormat(
                        f"unsupported file type {suffix!r}; use .txt, .html or .jsonl", document=doc_id
                    )
            except DocumentError as error:
                handler(error)
            except OSError as exc:
                handler(MissingPath(f"cannot read: {exc.strerror or exc}", document=doc_id))
