"""Event location linking: the role of each toponym, its precision, and an event's place.

A place named in a sentence is not always where the event happened: "fighters sent from
Deir Ezzor" (origin), "fled into Turkey" (destination), "the Britain-based Observatory"
and "a Kabul-based official" (based). Only role "event" toponyms can place an event.
"""

from __future__ import annotations

import re
from dataclasses import replace

from frontlines.model import Place, Toponym

ROLES = ("event", "origin", "destination", "based", "other")

#: Words that may sit between a preposition and the name: "from the eastern province of".
_LEAD_IN = (
    r"(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|neighbou?ring|nearby|rebel-held|"
    r"besieged|embattled|restive|government-held)\s+)*"
    r"(?:(?:province|governorate|city|town|village|region|district|area|countryside|capital|port)\s+of\s+)?"
    r"(?:the\s+)?"
)
_ORIGIN = re.compile(r"\bfrom\s+" + _LEAD_IN + r"$", re.I)
_DESTINATION = re.compile(
    r"(?:\b(?:into|towards?|to)\s+|\bborder\s+(?:in|with)\s+|\b(?:fled|flee|fleeing|escaped|deported|returned|travell?ed|headed|heading)\s+(?:to\s+)?)"
    + _LEAD_IN + r"$",
    re.I,
)
#: What is fired "into Israel" lands there: the place is where the event happened.
_PROJECTILE_INTO = re.compile(
    r"\b(?:fired|launched|lobbed|shot)\b[^.;]{0,80}\b(?:rockets?|missiles?|shells?|mortars?|projectiles?|drones?)\b[^.;]{0,60}\b(?:into|towards?|at)\s+"
    + _LEAD_IN + r"$|\b(?:rockets?|missiles?|shells?|mortars?|projectiles?)\b[^.;]{0,60}\b(?:fired|launched)\b[^.;]{0,60}\b(?:into|towards?|at)\s+" + _LEAD_IN + r"$",
    re.I,
)
_NOT_DESTINATION = re.compile(r"\b(?:close|next|near|adjacent|according|up|due|similar|belonging|loyal|home|prior)\s+to\s+" + _LEAD_IN + r"$", re.I)
_BASED_AFTER = re.compile(r"^(?:['\u2019]s)?[\s\-\u2010\u2013]*based\b", re.I)
#: "Turkey-backed factions", "the Saudi-led coalition", "Iran-aligned militias": a patron, not a place.
_PATRON_AFTER = re.compile(
    r"^[\s\-\u2010\u2013]*(?:backed|supported|sponsored|funded|armed|trained|led|aligned|allied|affiliated|controlled|run)\b",
    re.I,
)
_BASED_BEFORE = re.compile(r"\b(?:based|headquartered|registered)\s+in\s+(?:the\s+)?$", re.I)
_OTHER_AFTER = re.compile(
    r"^(?:['\u2019]s)?\s+(?:government|foreign\s+ministry|ministry|embassy|president|prime\s+minister|"
    r"officials?|ambassador|envoy|delegation|consulate|parliament)\b",
    re.I,
)
#: A place as the subject of a speech act stands for its government: "Moscow has not commented",
#: "Ankara denied", "Washington said". It is not where anything happened.
_SPEAKER_AFTER = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+|did\s+)?(?:not\s+|yet\s+to\s+|also\s+|later\s+|quickly\s+)*"
    r"(?:said|says|say|commented|comment|denied|denies|condemned|condemns|blamed|blames|accused|accuses|"
    r"announced|announces|responded|responds|warned|warns|claimed|claims|insisted|insists|rejected|rejects|"
    r"welcomed|welcomes|called\s+for|urged|urges|vowed|vows|demanded|demands|summoned|threatened)\b",
    re.I,
)
_NEAR_BEFORE = re.compile(
    r"(?:\b(?:near|nearby|outside|around|outskirts\s+of|countryside\s+of|vicinity\s+of|close\s+to|next\s+to|"
    r"suburbs?\s+of|environs\s+of|edge\s+of|gates\s+of|outside\s+of)\s+|"
    r"\b\d[\d,.]*\s*(?:metres|meters|m|km|kilometres|kilometers|miles)\s+(?:\w+\s+){0,2}(?:from|of|outside)\s+)"
    + _LEAD_IN + r"$",
    re.I,
)
_NEAR_AFTER = re.compile(r"^(?:['\u2019]s)?\s+(?:countryside|outskirts|suburbs|environs|vicinity|surroundings|area)\b", re.I)
_ROAD_AFTER = re.compile(r"^\s*[-\u2010\u2013\u2014/]\s*[^\W\d_][\w'\u2019 -]{0,40}?\s+(?:road|highway|motorway|route)\b", re.I)
_ROAD_SECOND = re.compile(r"[-\u2010\u2013\u2014/]\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]\s")


def _window_before(text: str, start: int, width: int = 80) -> str:
    window = text[max(0, start - width) : start]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def role_of(text: str, start: int, end: int) -> str:
    """Why a toponym can or cannot be an event's place, from the words around it."""
    before = _window_before(text, start)
    after = text[end : end + 40]
    if _BASED_AFTER.match(after) or _BASED_BEFORE.search(before):
        return "based"
    if _ORIGIN.search(before):
        return "origin"
    if _DESTINATION.search(before) and not _NOT_DESTINATION.search(before) and not _PROJECTILE_INTO.search(before):
        return "destination"
    if _OTHER_AFTER.match(after) or _SPEAKER_AFTER.match(after) or _PATRON_AFTER.match(after):
        return "other"
    if _ROAD_SECOND.search(text[max(0, start - 3) : start]) and re.match(r"^\s+(?:road|highway|motorway|route)\b", after, re.I):
        return "other"  # the second town of "the Aleppo-Damascus road": the first one places it
    return "event"


def precision_of(text: str, start: int, end: int, place: Place | None, qualifier: str | None = None) -> int:
    """ACLED geo_precision: 1 the town itself, 2 near it or a district, 3 a province or region."""
    if place is not None and (place.is_admin1 or place.is_country or place.feature_code in ("CONT", "RGN")):
        return 3
    before = _window_before(text, start, 60)
    after = text[end : end + 60]
    if qualifier == "countryside" or _NEAR_BEFORE.search(before) or _NEAR_AFTER.match(after):
        return 2
    if _ROAD_AFTER.match(after):
        return 2
    if place is not None and place.feature_code.startswith("ADM"):
        return 2
    return 1


#: How specific a place is: lower is better for an event location.
def _specificity(place: Place) -> int:
    if place.feature_class == "P":
        return 0
    if place.feature_code in ("ADM3", "ADM4", "ADM5", "ADMD"):
        return 1
    if place.feature_code == "ADM2":
        return 2
    if place.is_admin1:
        return 3
    return 9


def choose_event_place(
    toponyms: list[Toponym], start: int, end: int, trigger_start: int | None = None
) -> Toponym | None:
    """The place where an event described in ``text[start:end]`` happened.

    Only role "event" toponyms inside the span count. The most specific place wins (a
    town over its district over its province), the one nearest the trigger among equals.
    A province is the fallback, with precision 3. Countries and continents never place
    an event: no place is better than a country centroid.
    """
    usable = [
        t for t in toponyms
        if t.role == "event" and t.place is not None and start <= t.start and t.end <= end
        and _specificity(t.place) < 9
    ]
    if not usable:
        return None
    anchor = trigger_start if trigger_start is not None else start

    def rank(t: Toponym) -> tuple:
        # English puts the place after the event word ("shelling struck Aleppo").
        distance = t.start - anchor if t.start >= anchor else 1.5 * (anchor - t.start)
        return (_specificity(t.place), distance, -t.score)  # type: ignore[arg-type]

    best = min(usable, key=rank)
    if best.place is not None and best.place.is_admin1 and best.precision != 3:
        best = replace(best, precision=3)
    return best
