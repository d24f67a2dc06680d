"""Who says so, and how sure: the source of an event and its certainty; and what is not an event
(negated, hypothetical, planned, threatened)."""

from __future__ import annotations

import re
from functools import cache

from frontlines.data import load

_CAPITALISED = r"(?:[A-Z][\w'’.-]*|of|for|the|and|on|al|el)(?:\s+(?:[A-Z][\w'’.-]*|of|for|the|and|on|al|el|\([A-Z]+\)))*"
_ACCORDING_TO = re.compile(rf"\baccording to (?:the |a |an )?(?P<who>{_CAPITALISED}|(?:\w+\s){{0,3}}(?:official|officials|sources|source|spokesman|spokesperson|ministry|monitor|group|agency|police|army))", re.UNICODE)
_SAID = re.compile(r"(?P<who>(?:The |the )?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|for|the|and|on|\([A-Z]+\)))*)\s+(?:said|says|reported|reports|announced|claimed|stated|confirmed|added)\b")
_NOT_SOURCES = {"He", "She", "They", "It", "We", "I", "The", "This", "That", "There", "Police", "On", "In"}


@cache
def _lexicon() -> dict:
    return load("lexicon")


@cache
def _source_aliases() -> list[tuple[re.Pattern[str], str]]:
    table = _lexicon()["sources"]["aliases"]
    pairs = []
    for canonical, aliases in table.items():
        for alias in aliases:
            flags = 0 if alias.isupper() else re.IGNORECASE
            pairs.append((re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w])", flags), canonical))
    return sorted(pairs, key=lambda pair: -len(pair[0].pattern))


@cache
def _compiled(section: str, key: str) -> re.Pattern[str]:
    return re.compile(_lexicon()[section][key], re.IGNORECASE)


_LOWER_SAID = re.compile(
    r"\b(?P<who>(?:(?:local|provincial|regional|security|military|police|medical|hospital|health|government|army|tribal|rebel|opposition|district|village|community|interior|defence|defense|foreign|state|provincial)\s+)*"
    r"(?:officials?|sources|police|medics|doctors|residents|witnesses|activists|spokesm[ae]n|leaders?|elders?|governor|mayor|ministry))\s+(?:said|say|says|told|reported|confirmed)\b",
    re.IGNORECASE,
)


def find_source(text: str) -> str | None:
    """The reporting source named in a sentence, normalised where it is a known one."""
    for pattern, canonical in _source_aliases():
        if pattern.search(text):
            return canonical
    for pattern in (_ACCORDING_TO, _SAID):
        match = pattern.search(text)
        if match:
            who = match["who"].strip().rstrip(",.")
            who = re.sub(r"^(?:the|The)\s+", "", who)
            if who and who.split()[0] not in _NOT_SOURCES and len(who) > 2:
                return who
    lower = _LOWER_SAID.search(text)
    if lower:
        return lower["who"]
    return None


def certainty(text: str) -> str:
    """'alleged' for claims, 'reported' for hearsay and hedges, else 'confirmed'."""
    if _compiled("certainty", "alleged").search(text):
        return "alleged"
    if _compiled("certainty", "reported").search(text):
        return "reported"
    return "confirmed"


def exclusion(text: str, trigger_start: int, trigger_end: int | None = None) -> str | None:
    """Why the event a trigger names did not happen, or None.

    Judged on the words governing the trigger, not the whole sentence: in "miners protested
    against plans to privatise the mine", the plan is not the protest's.
    """
    before = text[max(0, trigger_start - 60):trigger_start]
    if_clause = _compiled("modality", "if_clause").match(text)
    if if_clause and trigger_start <= if_clause.end():
        return "hypothetical"
    if _compiled("modality", "negated_before").search(before):
        return "negated"
    if _compiled("modality", "planned_before").search(before):
        return "planned"
    return None
