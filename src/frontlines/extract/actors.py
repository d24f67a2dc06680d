"""Actors: who acted against whom, as canonical names with ACLED actor-type codes.

Names come from data/actors.toml (named groups and generic actors) and data/countries.toml
(demonyms, so "Iraqi police" is "Police Forces of Iraq"). Generic actors are resolved with
the event's country only at assembly, when that country is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from frontlines.data import load
from frontlines.errors import DataFileError
from frontlines.model import Actor


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    #: A canonical name, or a template with "{country}" for generic actors.
    name: str
    inter: int
    role: str  # "named", "state", "police", "civilians", "protesters", "rioters", "unidentified", ...
    home_country: str | None = None  # ISO2
    theatre: str | None = None  # ISO2 of the country a foreign intervention operates in

    @property
    def is_generic(self) -> bool:
        return "{country}" in self.name


@dataclass(frozen=True)
class _Alias:
    name: str
    inter: int
    role: str
    home_country: str | None
    theatre: str | None = None


@cache
def countries() -> dict[str, dict]:
    """ISO2 -> {iso2, iso3, name, demonyms}."""
    return {entry["iso2"]: entry for entry in load("countries")["country"]}


@cache
def country_name(iso2: str | None) -> str | None:
    if not iso2:
        return None
    entry = countries().get(iso2.upper())
    return entry["name"] if entry else None


@cache
def _alias_table() -> tuple[dict[str, _Alias], dict[str, _Alias]]:
    """(case-sensitive aliases, lower-cased aliases) -> actor."""
    exact: dict[str, _Alias] = {}
    folded: dict[str, _Alias] = {}
    data = load("actors")
    for entry in data["actor"]:
        inter = int(entry["inter"])
        if not 1 <= inter <= 8:
            raise DataFileError(f"actor {entry['name']!r} has inter {inter}, outside 1..8", document="actors.toml")
        actor = _Alias(entry["name"], inter, "named", entry.get("country"), entry.get("theatre"))
        for alias in entry["aliases"]:
            _add(alias, actor, exact, folded)
    for entry in data["generic"]:
        actor = _Alias(entry["name"], int(entry["inter"]), entry["role"], None)
        for alias in entry["aliases"]:
            folded.setdefault(alias.lower(), actor)
    # Demonym forms: "Syrian army" is Syria's military wherever the event is.
    nouns = {
        "state": [
            "army", "forces", "troops", "soldiers", "military", "armed forces", "air force", "warplanes", "jets",
            "aircraft", "aircrafts", "military aircraft", "military aircrafts", "drones", "drone", "navy", "artillery",
            "helicopters", "helicopter", "government forces", "government", "regime", "regime forces", "border guards",
            "tanks", "tank", "military police", "intelligence", "rocket", "rockets", "missile", "missiles", "shelling",
            "airstrike", "airstrikes", "air strike", "air strikes", "snipers", "sniper", "patrol", "patrols",
            "special forces", "gunboats", "warships", "coast guard", "commandos", "paratroopers",
        ],
        "police": ["police", "policemen", "police officers", "security forces", "riot police", "gendarmerie", "authorities"],
        "civilians": ["civilians", "civilian", "nationals", "citizens", "man", "woman", "men", "women", "child", "children", "boy", "girl", "youth", "youths", "farmers", "fishermen", "shepherd", "shepherds", "workers", "family", "families", "villagers", "residents", "refugees", "migrants", "detainees", "prisoners"],
        "protesters": ["protesters", "demonstrators"],
    }
    names = {"state": "Military Forces of {0}", "police": "Police Forces of {0}", "civilians": "Civilians ({0})", "protesters": "Protesters ({0})"}
    inters = {"state": 1, "police": 1, "civilians": 7, "protesters": 6}
    for iso2, entry in countries().items():
        # "three Palestinians", "two Syrians": nationals, counted as that country's civilians.
        for plural in entry.get("nationals", []):
            folded.setdefault(plural.lower(), _Alias(names["civilians"].format(entry["name"]), 7, "civilians", iso2))
        for demonym in entry["demonyms"]:
            for role, words in nouns.items():
                actor = _Alias(names[role].format(entry["name"]), inters[role], role, iso2)
                for word in words:
                    folded.setdefault(f"{demonym} {word}".lower(), actor)
    return exact, folded


def _add(alias: str, actor: _Alias, exact: dict[str, _Alias], folded: dict[str, _Alias]) -> None:
    # Acronyms ("IS", "PDF", "AA") only match in capitals, or "is" would be the Islamic State.
    if alias.isupper() or sum(ch.isupper() for ch in alias) >= 2 and len(alias) <= 5:
        exact.setdefault(alias, actor)
    else:
        folded.setdefault(alias.lower(), actor)


def trie_alternation(words: list[str]) -> str:
    """One regex alternation for many words, shaped as a trie: "ab|ac" becomes "a(?:b|c)".

    Python's re tries alternatives one by one at every position; with thousands of aliases a
    flat alternation is slow, a trie lets it rule out most of them on the first letters."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    exact, folded = _alias_table()
    # Greedy trie branches try longer continuations first, so the longest alias wins.
    boundary_left = r"(?<![\w-])"
    boundary_right = r"(?![\w])"
    return (
        re.compile(rf"{boundary_left}(?:{trie_alternation(list(exact))}){boundary_right}"),
        re.compile(rf"{boundary_left}(?:{trie_alternation(list(folded))}){boundary_right}", re.IGNORECASE),
    )


def find_actors(text: str) -> list[ActorMention]:
    """Actor mentions in ``text``, longest alias first, without overlaps, in order."""
    return list(_find_actors_cached(text))


@lru_cache(maxsize=512)
def _find_actors_cached(text: str) -> tuple[ActorMention, ...]:
    # A report is read for actors as a whole (place hints) and sentence by sentence.
    exact, folded = _alias_table()
    exact_re, folded_re = _patterns()
    found: list[ActorMention] = []
    for pattern, table, fold in ((folded_re, folded, True), (exact_re, exact, False)):
        for match in pattern.finditer(text):
            if any(m.start < match.end() and match.start() < m.end for m in found):
                continue
            alias = table[match.group(0).lower() if fold else match.group(0)]
            found.append(
                ActorMention(match.start(), match.end(), match.group(0), alias.name, alias.inter, alias.role, alias.home_country, alias.theatre)
            )
    return tuple(_absorb_generic_heads(sorted(found, key=lambda m: m.start), text))


def _absorb_generic_heads(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """'Islamic State militants', 'Boko Haram fighters': a named group followed by a generic
    noun is that group, not a second, unidentified actor."""
    merged: list[ActorMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.role == "named"
            and mention.role in ("unidentified", "rebels", "state", "identity")
            and not text[previous.end:mention.start].strip()
        ):
            merged[-1] = ActorMention(
                previous.start, mention.end, text[previous.start:mention.end], previous.name, previous.inter, previous.role,
                previous.home_country, previous.theatre,
            )
            continue
        merged.append(mention)
    return merged


def resolve_name(mention: ActorMention | Actor, country_iso2: str | None) -> str:
    """'Military Forces of {country}' with the event's country filled in."""
    if not mention.is_generic:
        return mention.name
    name = country_name(country_iso2)
    if name is None:
        return mention.name.replace(" of {country}", "").replace(" ({country})", "")
    return mention.name.format(country=name)


def resolve_inter(mention: ActorMention | Actor, country_iso2: str | None) -> int:
    """State forces acting outside their own country are external forces (8), as ACLED codes them."""
    if mention.inter == 1 and mention.home_country and country_iso2 and mention.home_country != country_iso2.upper():
        return 8
    return mention.inter
