"""Cutting a stream of reports into bounded chunks, the unit of work every engine ships."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from frontlines.model import Report

#: Reports per chunk: enough for spaCy's ``nlp.pipe`` to batch well, few enough that a
#: chunk in flight costs little memory.
CHUNK_REPORTS = 64
#: A chunk also closes once it holds this many characters (about 8,000 words), so long
#: reports spread over the workers and a run of them cannot make one chunk, and the
#: memory a worker needs for it, arbitrarily large.
CHUNK_CHARACTERS = 50_000


def chunked(
    reports: Iterable[Report],
    *,
    max_reports: int = CHUNK_REPORTS,
    max_characters: int = CHUNK_CHARACTERS,
) -> Iterator[list[Report]]:
    """Consecutive lists of reports, in input order, each within both limits (or one report)."""
    if max_reports < 1:
        raise ValueError(f"max_reports must be at least 1, got {max_reports}")
    chunk: list[Report] = []
    characters = 0
    for report in reports:
        if chunk and (len(chunk) >= max_reports or characters + len(report.text) > max_characters):
            yield chunk
            chunk, characters = [], 0
        chunk.append(report)
        characters += len(report.text)
    if chunk:
        yield chunk
