"""Are two document-level events the same real-world event?

Hard constraints first, each able to rule a pair out:

- **type family**: armed violence (battles, explosions, violence against civilians) never
  merges with demonstrations (protests, riots); strategic developments, extract's catch-all,
  merge with anything only on the terms for differing event types below;
- **date**: within the wider of the two precision windows (a day-precise date must match
  exactly, so the same place on the next day is a new event; a week or a month widens it);
- **place**: the same country; within a distance that grows with geo_precision; when either
  side is only known to the region (precision 3), or has no coordinates, the admin1 areas
  must agree;
- **actors**: both sides naming both parties, with no name and no actor type in common;
- **event types**: two different types of one family (a "clash" and an "air strike") only
  when they share a named actor and the same toll.

Then points for and against, summed against ``MERGE_THRESHOLD``:

=========================================  ======
same sub-event type                          +2.0
same event type, different sub-event type    +0.5
near-copies of one wire story                +2.0
a named actor in common (two: +2.0)          +1.5
named actors that differ, one side partial   -0.5
the same toll                                +0.5
different tolls in reports of the same day   -0.5
the same place, or within the distance       +0.5
only the same admin1 area                    -0.5
=========================================  ======

So three outlets' accounts of one strike merge on sub-event type and place alone, a toll
revision merges whatever its figure, and two different events in one town on one day (a
bombing and a rocket attack, a drone strike and a ground clash) stay apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from frontlines.consolidate.records import DocEvent

TYPE_FAMILY = {
    "Battles": "armed",
    "Explosions/Remote violence": "armed",
    "Violence against civilians": "armed",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}
#: Days two dates may differ by, for the coarser of the two time precisions (ACLED: 1 day, 2 week, 3 month).
DATE_WINDOW_DAYS = {1: 0, 2: 7, 3: 31}
#: Kilometres two places may lie apart, for the coarser of the two geo precisions
#: (1: the town itself, 2: near / outskirts of it). Precision 3 compares admin1 areas instead.
DISTANCE_KM = {1: 8.0, 2: 25.0}
#: How far "the same admin1 area" may stretch when two exact places disagree: beyond this
#: a mismatch is two places, not two geocodings of one place.
FALLBACK_DISTANCE_KM = 60.0
MERGE_THRESHOLD = 1.5
#: Agreement that lets a pair through the admin1 fallback when the exact places differ: the
#: same sub-event type, a shared actor and the same toll. Less than that, and two towns hit
#: on one day (air strikes on neighbouring towns are common) would merge.
STRONG_EVIDENCE = 4.0

#: Actor names that identify no one: they neither support nor contradict a match.
_GENERIC_ACTORS = re.compile(
    r"^(unidentified|unknown|civilians?|protesters?|rioters?|residents?|people|gunmen|militants?|armed group)\b"
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^\w\s]")
_ACTOR_STOPWORDS = {"the", "of", "forces", "force", "group", "and", "in", "al"}
#: ACLED inter codes that name a kind of victim or crowd, not a party to fighting.
_PASSIVE_INTER = {0, 5, 6, 7}


@dataclass
class MatchResult:
    """``score`` is None when a hard constraint rules the pair out; ``why`` says which."""

    score: float | None
    why: list[str] = field(default_factory=list)

    @property
    def merges(self) -> bool:
        return self.score is not None and self.score >= MERGE_THRESHOLD


def type_family(event_type: str | None) -> str | None:
    return TYPE_FAMILY.get(event_type or "", event_type)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _norm(value: object) -> str:
    return _NON_WORD.sub(" ", str(value or "")).lower().strip()


def actor_key(name: str) -> frozenset[str]:
    """The words that identify an actor: no country in brackets, no filler words."""
    words = _norm(_PARENTHESES.sub(" ", name)).split()
    return frozenset(w for w in words if w not in _ACTOR_STOPWORDS)


def named_actors(event: DocEvent) -> list[frozenset[str]]:
    names: list[str] = []
    for key in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        value = event.fields.get(key)
        if value:
            names.extend(part.strip() for part in str(value).split(";") if part.strip())
    keys = []
    for name in names:
        if _GENERIC_ACTORS.match(_norm(_PARENTHESES.sub(" ", name))):
            continue
        key = actor_key(name)
        if key:
            keys.append(key)
    return keys


def active_inter_codes(event: DocEvent) -> set[int]:
    codes = {int(event.fields.get("inter1") or 0), int(event.fields.get("inter2") or 0)}
    return codes - _PASSIVE_INTER


def _same_actor(a: frozenset[str], b: frozenset[str]) -> bool:
    if a == b or a <= b or b <= a:
        return True
    return len(a & b) / len(a | b) >= 0.5


def _same_admin1(a: DocEvent, b: DocEvent) -> bool | None:
    """True or False when both know their admin1 (or country), None when either does not."""
    admin_a, admin_b = _norm(a.fields.get("admin1")), _norm(b.fields.get("admin1"))
    if admin_a and admin_b:
        return admin_a == admin_b
    country_a = _norm(a.fields.get("iso3") or a.fields.get("country"))
    country_b = _norm(b.fields.get("iso3") or b.fields.get("country"))
    if country_a and country_b and country_a != country_b:
        return False
    return None


def _same_country(a: DocEvent, b: DocEvent) -> bool:
    country_a = _norm(a.fields.get("iso3") or a.fields.get("country"))
    country_b = _norm(b.fields.get("iso3") or b.fields.get("country"))
    return not country_a or not country_b or country_a == country_b


def are_copies(a: DocEvent, b: DocEvent) -> bool:
    """Both come from one wire story (one report is a near-copy of the other, or both copy a third)."""
    return (
        a.copy_of == b.doc_id
        or b.copy_of == a.doc_id
        or (a.copy_of is not None and a.copy_of == b.copy_of)
    )


def match(a: DocEvent, b: DocEvent) -> MatchResult:
    """Score the pair; see the module docstring for the rules."""
    why: list[str] = []
    if a.doc_id == b.doc_id:
        # Extract already split one report's events apart; the store does not undo that.
        return MatchResult(None, ["same report"])

    family_a, family_b = type_family(a.event_type), type_family(b.event_type)
    if family_a != family_b and "strategic" not in (family_a, family_b):
        return MatchResult(None, [f"type families differ ({family_a} / {family_b})"])

    date_a, date_b = a.event_date, b.event_date
    if date_a is None or date_b is None:
        return MatchResult(None, ["no event date"])
    window = DATE_WINDOW_DAYS.get(max(a.time_precision, b.time_precision), 31)
    if abs((date_a - date_b).days) > window:
        return MatchResult(None, [f"dates {date_a} / {date_b} beyond {window} days"])

    score = 0.0
    same_toll = bool(a.fatalities) and a.fatalities == b.fatalities
    if same_toll:
        score += 0.5
        why.append("same toll")
    elif a.fatalities and b.fatalities and a.report_date == b.report_date:
        # A later report revising the toll is expected; two tolls on one day are a hint of two events.
        score -= 0.5
        why.append("different tolls on the same day")

    copies = are_copies(a, b)
    shared_actors = False
    if copies:
        # A wire copy tells the same story: extraction differences in place or actors
        # between the two are noise, not evidence of two events.
        score += 2.0
        why.append("near-duplicate reports")
    else:
        actor_score = _actor_score(a, b, why)
        if actor_score is None:
            return MatchResult(None, why)
        score += actor_score
        shared_actors = actor_score > 0

    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        score += 2.0
        why.append("same sub-event type")
    elif a.event_type == b.event_type:
        # One type, two kinds (an IED and a rocket attack): only as good as what else agrees.
        score += 0.5
        why.append("same event type, different sub-event types")
    elif copies or (shared_actors and same_toll):
        why.append("different event types, but actors and toll agree")
    else:
        # Outlets do call one attack a "clash" and another an "air strike"; but two types
        # in one place on one day are usually two events, unless actors and toll agree.
        why.append("different event types without shared actors and toll")
        return MatchResult(None, why)

    place_score = _place_score(a, b, why, evidence=score if same_toll else 0.0, copies=copies)
    if place_score is None:
        return MatchResult(None, why)
    score += place_score
    return MatchResult(score, why)


def _actor_score(a: DocEvent, b: DocEvent, why: list[str]) -> float | None:
    actors_a, actors_b = named_actors(a), named_actors(b)
    if not actors_a or not actors_b:
        why.append("actors unknown on one side")
        return 0.0
    shared = sum(1 for x in actors_a if any(_same_actor(x, y) for y in actors_b))
    if shared:
        why.append(f"{shared} shared actor(s)")
        return 1.0 + 0.5 * min(shared, 2)
    complete = len(actors_a) >= 2 and len(actors_b) >= 2
    if complete and not (active_inter_codes(a) & active_inter_codes(b)):
        why.append("actors and actor types differ")
        return None
    # Usually one account names only the attacker and the other only the victim.
    why.append("different named actors")
    return -0.5


def _place_score(a: DocEvent, b: DocEvent, why: list[str], *, evidence: float, copies: bool) -> float | None:
    if not _same_country(a, b):
        why.append("countries differ")
        return None
    if copies:
        return 0.0
    geo_a, geo_b = a.fields.get("geonameid"), b.fields.get("geonameid")
    if geo_a and geo_a == geo_b:
        why.append("same place")
        return 0.5
    same_admin1 = _same_admin1(a, b)
    precision = max(a.geo_precision, b.geo_precision)
    coords_a, coords_b = a.coordinates, b.coordinates

    if precision >= 3 or coords_a is None or coords_b is None:
        # One side only knows the region: the regions must agree.
        name_a, name_b = _norm(a.fields.get("location")), _norm(b.fields.get("location"))
        if name_a and name_a == name_b:
            why.append("same place name")
            return 0.5
        if same_admin1 is False:
            why.append("admin1 areas differ")
            return None
        why.append("same admin1 area" if same_admin1 else "region unknown on one side")
        return -0.5

    distance = haversine_km(coords_a, coords_b)
    limit = DISTANCE_KM.get(precision, DISTANCE_KM[2])
    if distance <= limit:
        why.append(f"{distance:.1f} km apart")
        return 0.5
    # Two exact places that disagree may be one place geocoded two ways (a town and its
    # district, a homonym): accept only within one admin1 area, nearby, on strong evidence
    # that includes the same toll.
    if same_admin1 and distance <= FALLBACK_DISTANCE_KM and evidence >= STRONG_EVIDENCE:
        why.append(f"{distance:.0f} km apart but same admin1 and strong agreement")
        return -0.5
    why.append(f"{distance:.0f} km apart (limit {limit:.0f})")
    return None
