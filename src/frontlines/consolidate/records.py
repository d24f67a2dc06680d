"""The consolidator's view of a document-level event: extract's output plus report metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

CERTAINTY_RANK = {"confirmed": 3, "reported": 2, "alleged": 1}


@dataclass(frozen=True)
class DocEvent:
    """One event as one report tells it.

    ``fields`` is ``Event.as_dict()`` as extract produced it (JSON-ready: dates as ISO
    strings, evidence as span dicts); the properties below read the parts that matching
    and reconciliation use.
    """

    event_id: str
    doc_id: str
    fields: dict[str, Any]
    #: The report's publication date, the clock for "which figure is current".
    published: date | None = None
    source: str | None = None
    #: The doc_id of the report this one is a near-copy of, if any.
    copy_of: str | None = None
    #: Arrival order in the store: a tie-breaker that keeps results deterministic.
    arrival: int = 0

    @property
    def event_type(self) -> str | None:
        return self.fields.get("event_type")

    @property
    def sub_event_type(self) -> str | None:
        return self.fields.get("sub_event_type")

    @property
    def event_date(self) -> date | None:
        value = self.fields.get("event_date")
        if not value:
            return None
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])

    @property
    def time_precision(self) -> int:
        return int(self.fields.get("time_precision") or 1)

    @property
    def geo_precision(self) -> int:
        return int(self.fields.get("geo_precision") or 1)

    @property
    def coordinates(self) -> tuple[float, float] | None:
        lat, lon = self.fields.get("latitude"), self.fields.get("longitude")
        if lat is None or lon is None:
            return None
        return float(lat), float(lon)

    @property
    def fatalities(self) -> int:
        return int(self.fields.get("fatalities") or 0)

    @property
    def certainty_rank(self) -> int:
        return CERTAINTY_RANK.get(self.fields.get("certainty") or "reported", 2)

    @property
    def report_date(self) -> date | None:
        """When this account was written: the report's date, else the event's."""
        return self.published or self.event_date
