"""One record from the several reports of one event: tolls, places, sources, history.

Tolls are never summed across reports: two outlets reporting "12 killed" describe the
same twelve people. The best figure is the most credible current one; low and high span
what the reports said; the history keeps every figure with who said it and when.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from datetime import date, datetime
from typing import Any

from frontlines.consolidate.records import DocEvent

COUNT_FIELDS = ("injured", "arrested", "abducted", "displaced")
PLACE_FIELDS = (
    "country",
    "iso3",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
)
ACTOR_FIELDS = ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "civilian_targeting")
TYPE_FIELDS = ("disorder_type", "event_type", "sub_event_type", "plover_event_type", "plover_mode")
#: Fields of extract's output that an analyst may correct with ``frontlines edit``.
EDITABLE_FIELDS = frozenset(
    {
        "event_date",
        "time_precision",
        *TYPE_FIELDS,
        *ACTOR_FIELDS,
        *PLACE_FIELDS,
        "fatalities",
        "fatalities_low",
        "fatalities_high",
        *COUNT_FIELDS,
        "toll_may_rise",
        "certainty",
        "notes",
    }
)


def _vote(members: Sequence[DocEvent], key: Callable[[DocEvent], Hashable]) -> DocEvent:
    """The member whose ``key`` most members share; ties go to the earliest arrival."""
    counts = Counter(key(m) for m in members)
    return min(members, key=lambda m: (-counts[key(m)], m.arrival))


def _toll_key(member: DocEvent) -> tuple:
    # Most credible current figure: anything but an allegation first; then the latest
    # report (a revision supersedes what came before); then the more certain source; then,
    # on one day, the higher figure, since tolls rise as bodies are counted.
    return (
        member.certainty_rank > 1,
        member.report_date or date.min,
        member.certainty_rank,
        member.fatalities,
        member.arrival,
    )


def _current_count(members: Sequence[DocEvent], kind: str) -> int:
    stated = [m for m in members if int(m.fields.get(kind) or 0) > 0]
    if not stated:
        return 0
    return int(max(stated, key=lambda m: (m.report_date or date.min, m.certainty_rank, m.arrival)).fields[kind])


def reconcile_tolls(members: Sequence[DocEvent]) -> dict[str, Any]:
    """Best, low and high fatalities, whether the toll may rise, and the history."""
    stating = [m for m in members if m.fatalities > 0 or int(m.fields.get("fatalities_high") or 0) > 0]
    history = [
        {
            "doc_id": m.doc_id,
            "source": m.source,
            "published": m.published.isoformat() if m.published else None,
            "fatalities": m.fatalities,
            "low": _low(m),
            "high": _high(m),
            "certainty": m.fields.get("certainty"),
            "may_rise": bool(m.fields.get("toll_may_rise")),
        }
        for m in sorted(stating, key=lambda m: (m.report_date or date.min, m.arrival))
    ]
    if not stating:
        return {"fatalities": 0, "fatalities_low": 0, "fatalities_high": 0, "toll_may_rise": False, "fatality_history": []}
    current = max(stating, key=_toll_key)
    best = current.fatalities
    return {
        "fatalities": best,
        "fatalities_low": min([best, *(_low(m) for m in stating)]),
        "fatalities_high": max([best, *(_high(m) for m in stating)]),
        "toll_may_rise": bool(current.fields.get("toll_may_rise")),
        "fatality_history": history,
    }


def _low(member: DocEvent) -> int:
    low = int(member.fields.get("fatalities_low") or 0)
    return low if 0 < low <= member.fatalities else member.fatalities


def _high(member: DocEvent) -> int:
    return max(int(member.fields.get("fatalities_high") or 0), member.fatalities)


def reconcile(
    event_id: str,
    members: Sequence[DocEvent],
    *,
    overrides: dict[str, Any] | None = None,
    updated_at: datetime,
) -> dict[str, Any]:
    """The consolidated record of one event from its document-level events (non-empty)."""
    if not members:
        raise ValueError(f"event {event_id} has no reports to reconcile")
    members = sorted(members, key=lambda m: m.arrival)
    founder = members[0]
    record: dict[str, Any] = {"event_id": event_id, "doc_id": founder.doc_id}
    record.update({k: v for k, v in founder.fields.items() if k not in ("event_id", "doc_id")})

    typed = _vote(members, lambda m: (m.event_type, m.sub_event_type))
    record.update({k: typed.fields.get(k) for k in TYPE_FIELDS})

    # The most precise date, and among equally precise ones the date most reports give.
    finest_time = min(m.time_precision for m in members)
    dated = _vote([m for m in members if m.time_precision == finest_time], lambda m: m.event_date)
    record["event_date"] = dated.fields.get("event_date")
    record["time_precision"] = dated.fields.get("time_precision")

    # The most precise place with coordinates, and among those the one most reports name.
    located = [m for m in members if m.coordinates is not None] or list(members)
    finest_place = min(m.geo_precision for m in located)
    placed = _vote(
        [m for m in located if m.geo_precision == finest_place],
        lambda m: m.fields.get("geonameid") or m.fields.get("location"),
    )
    record.update({k: placed.fields.get(k) for k in PLACE_FIELDS})

    # The account that names the most actors, among those agreeing on the event type.
    same_type = [m for m in members if m.event_type == typed.event_type]
    described = max(same_type, key=lambda m: (sum(1 for k in ACTOR_FIELDS if m.fields.get(k)), -m.arrival))
    record.update({k: described.fields.get(k) for k in ACTOR_FIELDS})

    record.update(reconcile_tolls(members))
    for kind in COUNT_FIELDS:
        record[kind] = _current_count(members, kind)
    record["certainty"] = max(members, key=lambda m: (m.certainty_rank, -m.arrival)).fields.get("certainty")
    record["notes"] = next((m.fields.get("notes") for m in members if m.fields.get("notes")), "")

    doc_ids = list(dict.fromkeys(m.doc_id for m in members))
    in_cluster = set(doc_ids)
    copies = {m.doc_id: m.copy_of for m in members if m.copy_of and m.copy_of in in_cluster}
    independent = [m for m in members if m.doc_id not in copies]
    sources = list(dict.fromkeys(m.source or m.doc_id for m in independent))
    record["source"] = "; ".join(dict.fromkeys(m.source for m in members if m.source)) or None
    record["doc_ids"] = doc_ids
    record["sources"] = sources
    record["n_sources"] = len(sources)
    record["copies"] = copies
    record["doc_event_ids"] = [m.event_id for m in members]
    report_dates = [m.report_date for m in members if m.report_date]
    record["first_reported"] = min(report_dates).isoformat() if report_dates else None
    record["updated_at"] = updated_at.isoformat(timespec="seconds")

    seen_spans = set()
    evidence = []
    for m in members:
        for span in m.fields.get("evidence") or []:
            key = (span.get("doc_id"), span.get("start"), span.get("end"))
            if key not in seen_spans:
                seen_spans.add(key)
                evidence.append(span)
    record["evidence"] = evidence

    apply_overrides(record, overrides or {})
    return record


def apply_overrides(record: dict[str, Any], overrides: dict[str, Any]) -> None:
    """An analyst's corrections win over anything the reports say."""
    for name, value in overrides.items():
        record[name] = value
    if {"fatalities", "fatalities_low", "fatalities_high"} & overrides.keys():
        best = int(record.get("fatalities") or 0)
        record["fatalities_low"] = min(int(record.get("fatalities_low") or 0), best)
        record["fatalities_high"] = max(int(record.get("fatalities_high") or 0), best)
    record["corrected_fields"] = sorted(overrides)
    record["interaction"] = _interaction(record.get("inter1"), record.get("inter2"))
    event_date = record.get("event_date")
    record["year"] = int(str(event_date)[:4]) if event_date else None


def _interaction(inter1: Any, inter2: Any) -> int:
    codes = sorted(int(c) for c in (inter1, inter2) if c)
    if not codes:
        return 0
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]
