"""The one data model shared by every stage: report -> sentences -> mentions -> events.

Every stage takes and yields these records, so a single call, a batch, a process
pool and a Dask partition all run the same functions over the same types.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

CERTAINTY_LEVELS = ("confirmed", "reported", "alleged")
COUNT_KINDS = ("fatalities", "injured", "arrested", "abducted", "displaced")


@dataclass(frozen=True)
class Report:
    """One input document, as read from disk or a feed."""

    doc_id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    #: Where the reference date came from: "metadata", "cli", "dateline" or None.
    reference_date_origin: str | None = None

    @property
    def reference_date(self) -> date | None:
        return self.published


@dataclass(frozen=True)
class Span:
    """Character offsets into a report's text: the proof behind every number."""

    doc_id: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Place:
    """A gazetteer record: a GeoNames place, admin area or country."""

    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country_code: str  # ISO 3166 alpha-2
    country: str
    iso3: str
    feature_class: str = "P"
    feature_code: str = "PPL"
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    population: int = 0

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")

    @property
    def is_admin1(self) -> bool:
        return self.feature_code == "ADM1"


@dataclass(frozen=True)
class Toponym:
    """A place name found in the text and resolved (or not) to a gazetteer record."""

    doc_id: str
    start: int
    end: int
    text: str
    place: Place | None
    score: float = 0.0
    #: "event" when the place can be where something happened; otherwise why it cannot:
    #: "origin" (sent from X), "destination" (fled into X), "based" (X-based), "other".
    role: str = "event"
    #: ACLED geo_precision suggested by the words around the name: 1 town, 2 near/outskirts, 3 region.
    precision: int = 1

    def as_dict(self) -> dict[str, Any]:
        place = self.place
        return {
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "geonameid": place.geonameid if place else None,
            "name": place.name if place else None,
            "feature_code": place.feature_code if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "country": place.country if place else None,
            "iso3": place.iso3 if place else None,
            "admin1": place.admin1 if place else None,
            "admin2": place.admin2 if place else None,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class Count:
    """A number of people, as low / best / high, with the words that state it."""

    kind: str  # one of COUNT_KINDS
    low: int
    best: int
    high: int
    span: Span
    #: Free-form qualifiers: "cumulative", "may_rise", "vague", "by_side".
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.kind not in COUNT_KINDS:
            raise ValueError(f"unknown count kind {self.kind!r}")
        if not self.low <= self.best <= self.high:
            raise ValueError(f"count out of order: {self.low} <= {self.best} <= {self.high}")


@dataclass(frozen=True)
class Actor:
    #: A canonical name, or a template such as "Military Forces of {country}" for a generic
    #: actor, which assembly resolves with the event's country.
    name: str
    inter: int  # ACLED actor type code, 1..8
    span: Span | None = None
    #: "named", "state", "police", "civilians", "protesters", "rioters", "unidentified", ...
    role: str = "named"
    #: Home country (ISO2) of state forces; acting elsewhere they are external forces (8).
    home_country: str | None = None

    @property
    def is_generic(self) -> bool:
        return "{country}" in self.name


@dataclass(frozen=True)
class EventDate:
    value: date
    precision: int  # 1 day, 2 week, 3 month
    span: Span | None = None


@dataclass
class Mention:
    """One sentence's worth of evidence for an event, before document assembly."""

    doc_id: str
    sentence: Sentence
    event_type: str | None
    sub_event_type: str | None
    trigger: Span | None
    actors: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    date: EventDate | None = None
    toponyms: list[Toponym] = field(default_factory=list)
    source: str | None = None
    certainty: str = "confirmed"
    #: Why the mention is not an event: "negated", "hypothetical", "planned", "cumulative" ...
    excluded: str | None = None
    #: The sentence claims responsibility ("The Taliban claimed the attack"): its actors are the
    #: perpetrators of the event it continues.
    claim: bool = False


#: ACLED's column order for the CSV export; extra Frontlines columns follow these.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)


@dataclass
class Event:
    """One real-world event, in ACLED's vocabulary, with the text that proves it."""

    doc_id: str
    event_date: date | None
    time_precision: int | None
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int = 0
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int = 0
    civilian_targeting: str | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    #: How the country was found: "place" (the event's own place), "report" (the report's other
    #: places), "actors", "demonym" or "collection model" (inferred; no place was named).
    country_source: str | None = None
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int = 0
    injured: int = 0
    arrested: int = 0
    abducted: int = 0
    displaced: int = 0
    #: True when the text says the toll is expected to rise.
    toll_may_rise: bool = False
    source: str | None = None
    certainty: str = "confirmed"
    notes: str = ""
    plover_event_type: str | None = None
    plover_mode: str | None = None
    evidence: list[Span] = field(default_factory=list)

    @property
    def interaction(self) -> int:
        codes = sorted(c for c in (self.inter1, self.inter2) if c)
        if not codes:
            return 0
        if len(codes) == 1:
            return codes[0] * 10
        return codes[0] * 10 + codes[1]

    @property
    def event_id(self) -> str:
        """A deterministic id: the same report and the same evidence give the same id."""
        key = "|".join(
            [
                self.doc_id,
                self.event_type,
                self.sub_event_type,
                self.event_date.isoformat() if self.event_date else "",
                str(self.geonameid or self.location or ""),
                ",".join(f"{s.start}-{s.end}" for s in self.evidence[:1]),
            ]
        )
        return "FL" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:14]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["event_date"] = self.event_date.isoformat() if self.event_date else None
        data["evidence"] = [s.as_dict() for s in self.evidence]
        ordered: dict[str, Any] = {"event_id": self.event_id, "doc_id": self.doc_id}
        ordered.update(data)
        ordered["interaction"] = self.interaction
        ordered["year"] = self.event_date.year if self.event_date else None
        return ordered

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=False)
