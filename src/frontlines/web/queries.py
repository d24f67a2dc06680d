"""Read queries for the HTTP API: filtered, paged events, weekly stats and report texts.

``Store.iter_events`` covers the filters of ``frontlines events``; the API adds a bounding
box, a minimum toll, text and actor search and keyset paging. Those are pushed into SQL
here (every value a bound parameter, JSON fields read with SQLAlchemy's JSON operators),
so a page of 100 events costs one indexed query, not a scan of the store in Python.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, func, or_, select
from sqlalchemy.sql import ColumnElement, Select

from frontlines.store import Store
from frontlines.store.schema import events, reports

ORDERS = ("asc", "desc")
#: Text fields searched by ``q``: what an analyst would type to find an event.
SEARCHED_FIELDS = (
    "notes",
    "location",
    "admin1",
    "admin2",
    "country",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "sub_event_type",
    "source",
)
ACTOR_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


class QueryError(ValueError):
    """A filter or cursor the API cannot use; the message says which and why."""


@dataclass(frozen=True)
class BoundingBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> BoundingBox:
        parts = text.split(",")
        if len(parts) != 4:
            raise QueryError(f"bbox must be west,south,east,north in degrees, got {text!r}")
        try:
            west, south, east, north = (float(part) for part in parts)
        except ValueError:
            raise QueryError(f"bbox must be four numbers, got {text!r}") from None
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
            raise QueryError(f"bbox out of range (longitudes -180..180, latitudes -90..90, south <= north): {text!r}")
        return cls(west, south, east, north)

    def clause(self) -> ColumnElement[bool]:
        latitude = events.c.latitude.between(self.south, self.north)
        if self.west <= self.east:
            return and_(latitude, events.c.longitude.between(self.west, self.east))
        # A box drawn across the antimeridian: two longitude ranges.
        return and_(latitude, or_(events.c.longitude >= self.west, events.c.longitude <= self.east))


@dataclass(frozen=True)
class EventFilters:
    since: date | None = None
    until: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    bbox: BoundingBox | None = None
    min_fatalities: int | None = None
    q: str | None = None
    actor: str | None = None

    def clauses(self) -> list[ColumnElement[bool]]:
        """The WHERE clauses, matching ``Store.iter_events`` on the fields they share."""
        found: list[ColumnElement[bool]] = [events.c.status == "active"]
        if self.since:
            found.append(events.c.event_date >= self.since)
        if self.until:
            found.append(events.c.event_date <= self.until)
        if self.country:
            wanted = self.country.strip().lower()
            found.append(or_(func.lower(events.c.country) == wanted, func.lower(events.c.iso3) == wanted))
        if self.admin1:
            found.append(func.lower(events.c.admin1) == self.admin1.strip().lower())
        if self.event_type:
            found.append(func.lower(events.c.event_type) == self.event_type.strip().lower())
        if self.bbox:
            found.append(self.bbox.clause())
        if self.min_fatalities:
            found.append(func.coalesce(_payload_int("fatalities"), 0) >= self.min_fatalities)
        if self.q and self.q.strip():
            found.append(_contains_any(SEARCHED_FIELDS, self.q))
        if self.actor and self.actor.strip():
            found.append(_contains_any(ACTOR_FIELDS, self.actor))
        return found


def _payload_text(name: str) -> ColumnElement[str]:
    return events.c.payload[name].as_string()


def _payload_int(name: str) -> ColumnElement[int]:
    return events.c.payload[name].as_integer()


def _contains_any(fields: Sequence[str], needle: str) -> ColumnElement[bool]:
    """Case-insensitive substring match on any of ``fields``. ``autoescape`` makes % and _
    in the user's text literal characters rather than LIKE wildcards."""
    wanted = needle.strip().lower()
    return or_(
        *(func.lower(_payload_text(name), type_=String).contains(wanted, autoescape=True) for name in fields)
    )


# ---------------------------------------------------------------------- paging


@dataclass(frozen=True)
class Cursor:
    """Where the previous page ended, in the page order: (event_date, seq)."""

    order: str
    event_date: date | None
    seq: int

    def encode(self) -> str:
        raw = json.dumps([self.order, self.event_date.isoformat() if self.event_date else None, self.seq])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            order, day, seq = json.loads(raw)
            if order not in ORDERS or not isinstance(seq, int) or isinstance(seq, bool):
                raise ValueError("bad fields")
            return cls(order, date.fromisoformat(day) if day is not None else None, seq)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise QueryError("cursor is not one this server issued; use next_cursor from a previous page") from None

    def after(self) -> ColumnElement[bool]:
        """Rows that come after this one, in an order where undated events sort before dated
        ones ascending (and after them descending), the same on SQLite and PostgreSQL."""
        day, seq = events.c.event_date, events.c.seq
        if self.order == "asc":
            if self.event_date is None:
                return or_(and_(day.is_(None), seq > self.seq), day.is_not(None))
            return or_(day > self.event_date, and_(day == self.event_date, seq > self.seq))
        if self.event_date is None:
            return and_(day.is_(None), seq < self.seq)
        return or_(day < self.event_date, and_(day == self.event_date, seq < self.seq), day.is_(None))


@dataclass
class Page:
    events: list[dict[str, Any]]
    #: None on cursor pages: the walk's first page gave it, and counting costs a scan.
    total: int | None
    next_cursor: str | None
    limit: int
    offset: int | None


def _ordered(query: Select, order: str) -> Select:
    if order == "asc":
        return query.order_by(events.c.event_date.asc().nulls_first(), events.c.seq.asc())
    return query.order_by(events.c.event_date.desc().nulls_last(), events.c.seq.desc())


def count_events(store: Store, filters: EventFilters) -> int:
    query = select(func.count()).select_from(events).where(*filters.clauses())
    with store.engine.connect() as connection:
        return connection.execute(query).scalar_one()


def _fetch(
    store: Store, filters: EventFilters, *, limit: int, offset: int, cursor: str | None, order: str
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of payloads and the cursor of the next page (None on the last page)."""
    if order not in ORDERS:
        raise QueryError(f"order must be asc or desc, got {order!r}")
    where = filters.clauses()
    if cursor:
        if offset:
            raise QueryError("give either cursor or offset, not both")
        position = Cursor.decode(cursor)
        # The cursor carries its own order, so a page fetched with it continues the same walk.
        order = position.order
        where.append(position.after())
    query = _ordered(select(events.c.seq, events.c.event_date, events.c.payload).where(*where), order)
    # One row beyond the page tells whether there is a next page without a second query.
    query = query.limit(limit + 1).offset(offset or None)
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = Cursor(order, _as_date(rows[-1].event_date), rows[-1].seq).encode() if more and rows else None
    return [row.payload for row in rows], next_cursor


def page_events(
    store: Store,
    filters: EventFilters,
    *,
    limit: int,
    offset: int = 0,
    cursor: str | None = None,
    order: str = "asc",
    with_total: bool = True,
) -> Page:
    """One page of events, by ``offset`` or by keyset ``cursor`` (then offset must be 0).
    The total is a count over every match: a table scan when the filters hit unindexed
    fields, so cursor pages and ``with_total=False`` skip it."""
    found, next_cursor = _fetch(store, filters, limit=limit, offset=offset, cursor=cursor, order=order)
    return Page(
        events=found,
        total=count_events(store, filters) if with_total and not cursor else None,
        next_cursor=next_cursor,
        limit=limit,
        offset=None if cursor else offset,
    )


def iter_filtered(store: Store, filters: EventFilters, *, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching event, oldest first, fetched in keyset chunks so an export of the
    whole store never holds one long read transaction or all rows at once."""
    cursor: str | None = None
    while True:
        found, cursor = _fetch(store, filters, limit=chunk, offset=0, cursor=cursor, order="asc")
        yield from found
        if cursor is None:
            return


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------------- one event


def absorbed_ids(store: Store, event_id: str) -> list[str]:
    """Ids of the events merged into ``event_id`` (they resolve to it)."""
    query = select(events.c.event_id).where(events.c.status == "merged", events.c.merged_into == event_id)
    with store.engine.connect() as connection:
        return list(connection.execute(query.order_by(events.c.seq)).scalars())


def report_texts(store: Store, doc_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The stored reports behind an event, in the order the event lists them."""
    if not doc_ids:
        return []
    query = select(
        reports.c.doc_id,
        reports.c.title,
        reports.c.source,
        reports.c.url,
        reports.c.published,
        reports.c.text,
        reports.c.duplicate_of,
        reports.c.duplicate_kind,
    ).where(reports.c.doc_id.in_(list(doc_ids)))
    with store.engine.connect() as connection:
        found = {row.doc_id: row for row in connection.execute(query)}
    out = []
    for doc_id in doc_ids:
        row = found.get(doc_id)
        if row is None:
            continue
        published = _as_date(row.published)
        out.append(
            {
                "doc_id": row.doc_id,
                "title": row.title,
                "source": row.source,
                "url": row.url,
                "published": published.isoformat() if published else None,
                "duplicate_of": row.duplicate_of,
                "duplicate_kind": row.duplicate_kind,
                "text": row.text,
            }
        )
    return out


def highlight_segments(text: str, spans: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``text`` cut into plain and evidence segments.

    Done here rather than in the browser because span offsets count Python code points
    and JavaScript strings count UTF-16 units: they differ after any emoji or rare script.
    A span whose offsets do not hold its text (the report was re-stored) is found by its
    text instead, or dropped.
    """
    ranges: list[tuple[int, int]] = []
    for span in spans:
        start, end, quoted = span.get("start"), span.get("end"), span.get("text") or ""
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            if not quoted or text[start:end] == quoted:
                ranges.append((start, end))
                continue
        if quoted and (found := text.find(quoted)) >= 0:
            ranges.append((found, found + len(quoted)))
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[dict[str, Any]] = []
    position = 0
    for start, end in merged:
        if start > position:
            segments.append({"text": text[position:start], "evidence": False})
        segments.append({"text": text[start:end], "evidence": True})
        position = end
    if position < len(text):
        segments.append({"text": text[position:], "evidence": False})
    return segments


# ---------------------------------------------------------------------- stats


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def weekly_stats(store: Store, filters: EventFilters) -> dict[str, Any]:
    """Events and fatalities per ISO week (Monday), in total and by country, admin1 and type.

    Weeks are bucketed in Python: SQLite and PostgreSQL spell week truncation differently,
    and only five narrow columns per event come back from the database.
    """
    query = select(
        events.c.event_date,
        events.c.country,
        events.c.admin1,
        events.c.event_type,
        func.coalesce(_payload_int("fatalities"), 0).label("fatalities"),
    ).where(*filters.clauses(), events.c.event_date.is_not(None))
    totals: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    groups: dict[str, dict[tuple, list[int]]] = {"country": defaultdict(lambda: [0, 0]), "admin1": defaultdict(lambda: [0, 0]), "event_type": defaultdict(lambda: [0, 0])}
    undated = select(func.count()).select_from(events).where(*filters.clauses(), events.c.event_date.is_(None))
    with store.engine.connect() as connection:
        for row in connection.execute(query):
            week = week_start(_as_date(row.event_date))
            fatalities = int(row.fatalities or 0)
            keys = {
                "country": (week, row.country),
                "admin1": (week, row.country, row.admin1),
                "event_type": (week, row.event_type),
            }
            for bucket in (totals[week], *(groups[name][key] for name, key in keys.items())):
                bucket[0] += 1
                bucket[1] += fatalities
        undated_count = connection.execute(undated).scalar_one()

    def rows(name: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for key, (count, fatalities) in sorted(groups[name].items(), key=lambda item: tuple(str(k) for k in item[0])):
            record = {"week": key[0].isoformat()}
            record.update(dict(zip(fields, key[1:])))
            record.update(events=count, fatalities=fatalities)
            out.append(record)
        return out

    return {
        "weeks": [
            {"week": week.isoformat(), "events": count, "fatalities": fatalities}
            for week, (count, fatalities) in sorted(totals.items())
        ],
        "by_country": rows("country", ("country",)),
        "by_admin1": rows("admin1", ("country", "admin1")),
        "by_type": rows("event_type", ("event_type",)),
        "totals": {
            "events": sum(c for c, _ in totals.values()),
            "fatalities": sum(f for _, f in totals.values()),
            "undated_events": undated_count,
        },
    }


def facet_values(store: Store) -> dict[str, list[str]]:
    """Distinct countries, admin1 areas and event types, for the dashboard's filter lists."""
    active = events.c.status == "active"
    with store.engine.connect() as connection:
        countries = connection.execute(select(events.c.country).where(active, events.c.country.is_not(None)).distinct()).scalars()
        types = connection.execute(select(events.c.event_type).where(active, events.c.event_type.is_not(None)).distinct()).scalars()
        admin1 = connection.execute(select(events.c.admin1).where(active, events.c.admin1.is_not(None)).distinct()).scalars()
        span = connection.execute(select(func.min(events.c.event_date), func.max(events.c.event_date)).where(active)).one()
        return {
            "countries": sorted(countries),
            "event_types": sorted(types),
            "admin1": sorted(admin1),
            "first_date": _iso(span[0]),
            "last_date": _iso(span[1]),
        }


def _iso(value: Any) -> str | None:
    day = _as_date(value)
    return day.isoformat() if day else None


__all__ = [
    "BoundingBox",
    "Cursor",
    "EventFilters",
    "Page",
    "QueryError",
    "absorbed_ids",
    "count_events",
    "facet_values",
    "highlight_segments",
    "iter_filtered",
    "page_events",
    "report_texts",
    "weekly_stats",
]
