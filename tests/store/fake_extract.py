"""A stand-in for ``frontlines.pipeline.extract`` that needs no NLP: each line of a report
of the form ``EVENT key=value; key=value ...`` becomes one Event, so store tests control
exactly what extraction "found" and run in milliseconds.

Keys: type, sub, date, precision, place, lat, lon, geo, geonameid, admin1, country, iso3,
actor1, inter1, actor2, inter2, killed, low, high, certainty, may_rise.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from datetime import date

from frontlines.model import Event, Report, Span

DEFAULTS = {
    "type": "Battles",
    "sub": "Armed clash",
    "date": "2020-05-12",
    "precision": "1",
    "place": "Maarat al-Numan",
    "lat": "35.6436",
    "lon": "36.6703",
    "geo": "1",
    "geonameid": "",
    "admin1": "Idlib",
    "country": "Syria",
    "iso3": "SYR",
    "killed": "0",
    "certainty": "reported",
}
DISORDER = {
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

#: Seconds to sleep per report: the crash test slows ingest so that it can kill it mid-run.
DELAY = 0.0


def event_line(**fields: object) -> str:
    """The text line that ``fake_extract`` turns into an event with these fields."""
    return "EVENT " + "; ".join(f"{key}={value}" for key, value in fields.items())


def _parse(line: str) -> dict[str, str]:
    fields = dict(DEFAULTS)
    for part in line[len("EVENT ") :].split(";"):
        if "=" in part:
            key, value = part.split("=", 1)
            fields[key.strip()] = value.strip()
    return fields


def _event(report: Report, line: str, start: int) -> Event:
    f = _parse(line)
    killed = int(f["killed"])
    return Event(
        doc_id=report.doc_id,
        event_date=date.fromisoformat(f["date"]) if f["date"] else None,
        time_precision=int(f["precision"]),
        disorder_type=DISORDER.get(f["type"], "Political violence"),
        event_type=f["type"],
        sub_event_type=f["sub"],
        actor1=f.get("actor1") or None,
        inter1=int(f.get("inter1") or 0),
        actor2=f.get("actor2") or None,
        inter2=int(f.get("inter2") or 0),
        country=f["country"] or None,
        iso3=f["iso3"] or None,
        admin1=f["admin1"] or None,
        location=f["place"] or None,
        latitude=float(f["lat"]) if f["lat"] else None,
        longitude=float(f["lon"]) if f["lon"] else None,
        geo_precision=int(f["geo"]),
        geonameid=int(f["geonameid"]) if f["geonameid"] else None,
        fatalities=killed,
        fatalities_low=int(f.get("low") or killed),
        fatalities_high=int(f.get("high") or killed),
        toll_may_rise=f.get("may_rise") == "yes",
        source=report.source,
        certainty=f["certainty"],
        notes=line,
        evidence=[Span(report.doc_id, start, start + len(line), line)],
    )


def fake_extract(reports: Iterable[Report]) -> Iterator[Event]:
    for report in reports:
        if DELAY:
            time.sleep(DELAY)
        offset = 0
        for line in report.text.splitlines(keepends=True):
            if line.startswith("EVENT "):
                yield _event(report, line.rstrip("\n"), offset)
            offset += len(line)


def unique_prose(seed: str, words: int = 80) -> str:
    """Filler text of made-up words, different for every seed, so that reports built by
    ``report`` are not near-duplicates of each other unless a test makes them so."""
    out = []
    counter = 0
    while len(out) < words:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).hexdigest()
        out.extend(digest[i : i + 6] for i in range(0, 60, 6))
        counter += 1
    return " ".join(out[:words]) + "."


def report(doc_id: str, *events: dict, published: str = "2020-05-12", source: str = "Levant Press", prose: str = "", url: str | None = None) -> Report:
    """A report whose text carries the events the fake extractor will find."""
    lines = [prose or unique_prose(doc_id)]
    lines += [event_line(**fields) for fields in events]
    return Report(
        doc_id=doc_id,
        text="\n".join(lines) + "\n",
        published=date.fromisoformat(published),
        source=source,
        url=url or f"https://example.org/{doc_id}",
    )
