"""Event dicts to files. Writers stream: rows go out as they come, except GeoJSON's
closing bracket, which waits for the last feature."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from frontlines.model import ACLED_COLUMNS

FORMATS = ("jsonl", "csv", "geojson")

#: Frontlines fields that are not ACLED columns, written after ACLED's columns in the CSV.
EXTRA_COLUMNS = (
    "event_id",
    "doc_id",
    "iso3",
    "geonameid",
    "country_source",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "arrested",
    "abducted",
    "displaced",
    "toll_may_rise",
    "certainty",
    "plover_event_type",
    "plover_mode",
    "evidence",
)


def csv_columns(extra: Iterable[str] = ()) -> list[str]:
    columns = list(ACLED_COLUMNS) + [c for c in EXTRA_COLUMNS if c not in ACLED_COLUMNS]
    return columns + [c for c in extra if c not in columns]


def _acled_row(event: dict[str, Any]) -> dict[str, Any]:
    row = dict(event)
    row.setdefault("event_id_cnty", event.get("event_id"))
    row.setdefault("iso", None)
    row.setdefault("year", (event.get("event_date") or "")[:4] or None)
    for key, value in list(row.items()):
        if isinstance(value, (list, dict)):
            row[key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            row[key] = str(value).lower()
    return row


def write_jsonl(events: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(events: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    iterator: Iterator[dict[str, Any]] = iter(events)
    first = next(iterator, None)
    extra = [k for k in first if k not in csv_columns()] if first else []
    writer = csv.DictWriter(stream, fieldnames=csv_columns(extra), extrasaction="ignore")
    writer.writeheader()
    count = 0
    for event in ([first] if first else []):
        writer.writerow(_acled_row(event))
        count += 1
    for event in iterator:
        writer.writerow(_acled_row(event))
        count += 1
    return count


def feature(event: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in event.items() if k not in ("latitude", "longitude")}
    geometry = None
    if event.get("latitude") is not None and event.get("longitude") is not None:
        geometry = {"type": "Point", "coordinates": [event["longitude"], event["latitude"]]}
    return {"type": "Feature", "id": event.get("event_id"), "geometry": geometry, "properties": properties}


def write_geojson(events: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """A FeatureCollection of points; an event with no place has a null geometry, never a centroid."""
    stream.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        if count:
            stream.write(",\n")
        stream.write(json.dumps(feature(event), ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count


def write_events(events: Iterable[dict[str, Any]], stream: IO[str], fmt: str) -> int:
    """Write event dicts in ``fmt``; returns how many were written."""
    writers = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(writers)}")
    return writers[fmt](events, stream)
