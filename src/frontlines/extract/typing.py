"""Event typing in ACLED's taxonomy: trigger words pick a sub-event type, actors refine it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from frontlines.data import load
from frontlines.errors import DataFileError


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    sub_event_type: str
    event_type: str
    priority: int


@cache
def taxonomy() -> dict[str, str]:
    """sub-event type -> event type."""
    table = load("taxonomy")["event_types"]
    return {sub: event for event, subs in table.items() for sub in subs}


@cache
def disorder_type(event_type: str) -> str:
    return load("taxonomy")["disorder"][event_type]


@cache
def plover(sub_event_type: str) -> tuple[str, str]:
    entry = load("plover")["sub_event_type"][sub_event_type]
    return entry["event_type"], entry["mode"]


@cache
def _rules() -> list[tuple[re.Pattern[str], str, str, int]]:
    subs = taxonomy()
    rules = []
    for rule in load("triggers")["rule"]:
        sub = rule["sub_event_type"]
        if sub not in subs:
            raise DataFileError(f"trigger rule names unknown sub-event type {sub!r}", document="triggers.toml")
        rules.append((re.compile(rule["pattern"], re.IGNORECASE), sub, subs[sub], int(rule["priority"])))
    return rules


def find_triggers(text: str) -> list[Trigger]:
    """Every trigger in ``text``, best first (priority, then position)."""
    triggers = [
        Trigger(m.start(), m.end(), m.group(0), sub, event, priority)
        for pattern, sub, event, priority in _rules()
        for m in pattern.finditer(text)
    ]
    return sorted(triggers, key=lambda t: (-t.priority, t.start))


_STRONG_CLASH = re.compile(r"clash|exchang|fought|fighting|battle|firefight|gun ?fight", re.IGNORECASE)
_INTERVENTION = re.compile(
    r"\b(dispers\w+|intervened|tear ?gas|water cannons?|rubber bullets|batons?|beat|arrest\w*|detain\w*|removed|prevented|broke up|cracked down|by force)\b",
    re.IGNORECASE,
)
_VIOLENT_CROWD = re.compile(r"\b(burn\w*|set fire|threw|throwing|hurled|pelted|stones|rocks|molotov|stormed|vandali\w+|smashed|attacked|clashed|blocked \w+ roads? (with|by) burning)\b", re.IGNORECASE)
_PROTEST = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}


_PASSIVE_MODIFIER_BEFORE = re.compile(r"\b(?:been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PASSIVE_MODIFIER_AFTER = re.compile(r"^\s+by\b", re.IGNORECASE)
_CROWD_SUBTYPES = {"Peaceful protest", "Protest with intervention", "Violent demonstration", "Mob violence"}


def _describes_the_past(text: str, trigger: Trigger) -> bool:
    """'families of people killed by ...', 'activists who had been executed': a participle that
    describes someone, not the event the sentence reports."""
    return bool(
        _PASSIVE_MODIFIER_BEFORE.search(text[max(0, trigger.start - 30):trigger.start])
        or _PASSIVE_MODIFIER_AFTER.match(text[trigger.end:])
    )


def choose_type(text: str, triggers: list[Trigger], roles: dict[str, set[str]]) -> Trigger | None:
    """The sentence's event type, refined by who is involved.

    ``roles`` maps "agents" and "targets" to the actor roles found on each side, and
    "present" to every actor role in the sentence
    (e.g. {"agents": {"state"}, "targets": {"civilians"}, "present": {"state", "civilians"}}).
    """
    if not triggers:
        return None
    best = triggers[0]
    crowd = [t for t in triggers if t.sub_event_type in _CROWD_SUBTYPES]
    if crowd and best.sub_event_type not in _CROWD_SUBTYPES and _describes_the_past(text, best):
        best = crowd[0]
    # A phrase that contains the best trigger reads it in context: "defused an IED" is not a blast.
    enclosing = [
        t for t in triggers[1:]
        if t.event_type == "Strategic developments" and t.start <= best.start and best.end <= t.end and (t.end - t.start) > (best.end - best.start)
    ]
    if enclosing:
        best = max(enclosing, key=lambda t: (t.end - t.start, t.priority))
    subs = {t.sub_event_type for t in triggers}
    agents, targets = roles.get("agents", set()), roles.get("targets", set())
    everyone = agents | targets | roles.get("present", set())
    armed = {"state", "police", "named", "unidentified", "rebels", "identity"}

    def retype(sub: str) -> Trigger:
        return Trigger(best.start, best.end, best.text, sub, taxonomy()[sub], best.priority)

    if best.sub_event_type == "Shelling/artillery/missile attack" and "Armed clash" in subs:
        clash = next(t for t in triggers if t.sub_event_type == "Armed clash")
        if _STRONG_CLASH.search(clash.text):
            return clash
    if best.sub_event_type == "Armed clash" and everyone & {"rioters", "protesters"} and not (everyone & {"named", "rebels", "unidentified"}):
        # Rioters who "clashed with" the police are a violent demonstration, not a battle.
        return retype("Violent demonstration")
    if best.sub_event_type in ("Attack", "Armed clash"):
        civilians_only = "civilians" in targets and not (targets & armed)
        if best.sub_event_type == "Armed clash" and civilians_only and not _STRONG_CLASH.search(best.text):
            return retype("Attack")
        if best.sub_event_type == "Armed clash" and "civilians" in agents | targets and re.match(r"clash", best.text, re.IGNORECASE) and not (
            everyone & {"named", "rebels", "unidentified", "identity"}
        ):
            # Residents clashing with security forces are rioters: ACLED's violent demonstration.
            return retype("Violent demonstration")
        if best.sub_event_type == "Attack" and not civilians_only and targets & armed:
            if "protesters" in everyone:
                return retype("Excessive force against protesters")
            return retype("Armed clash")
    if best.sub_event_type in ("Government regains territory", "Non-state actor overtakes territory"):
        # Ground taken by state forces is regained; by anyone else, overtaken.
        state_took_it = bool(agents & {"state", "police"})
        return retype("Government regains territory" if state_took_it else "Non-state actor overtakes territory")
    if best.sub_event_type == "Abduction/forced disappearance" and targets & {"state", "police", "named"}:
        return retype("Armed clash")
    if best.sub_event_type in _PROTEST | {"Violent demonstration", "Arrests"} and (
        "protesters" in everyone or "rioters" in everyone or subs & _PROTEST
    ):
        if best.sub_event_type == "Excessive force against protesters":
            return best
        if "rioters" in everyone or _VIOLENT_CROWD.search(text) and subs & {"Violent demonstration"}:
            return retype("Violent demonstration")
        if _INTERVENTION.search(text) or targets & {"state", "police"}:
            return retype("Protest with intervention")
        return retype("Peaceful protest")
    if best.sub_event_type == "Arrests" and not (agents & {"state", "police"}) and "unidentified" in agents:
        return retype("Abduction/forced disappearance")
    return best
