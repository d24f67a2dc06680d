"""Sentence-level reading: one :class:`Mention` per sentence that holds an event or a count."""

from __future__ import annotations

import re
from datetime import date

from frontlines.extract.actors import ActorMention, find_actors
from frontlines.extract.attribution import certainty, exclusion, find_source
from frontlines.extract.counts import extract_counts, toll_may_rise
from frontlines.extract.typing import choose_type, find_triggers
from frontlines.model import Actor, EventDate, Mention, Sentence, Span, Toponym

#: "between A and B", "A and B clashed": both sides are named around the trigger.
_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
WEAK_TRIGGER_PRIORITY = 30
#: "The Taliban claimed responsibility for the attack": who did it, told after the event.
_CLAIM = re.compile(
    r"\b(?:claimed|claims|claiming|claim)\s+(?:of\s+)?(?:responsibility|credit)\b|\bclaimed\s+(?:the|this|that|an|both)\s+(?:\w+\s+)?(?:attacks?|bombings?|blasts?|strikes?|killings?|assault|ambush)\b",
    re.IGNORECASE,
)
#: Sentences with no trigger of their own that continue the previous event's story.
CONTINUATION = re.compile(r"\b(incidents?|attacks?|strikes?|raids?|deaths|toll|tolls|victims|casualties|the dead)\b", re.IGNORECASE)


#: Unusual spaces and typographic quotes, mapped one character to one so patterns see plain text.
_PLAIN = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200b": " ", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_CONJOINED = re.compile(r"^\s*(?:,|and|,\s*and|as well as|along with|backed by|supported by)\s*$", re.IGNORECASE)
#: An actor named as the one who speaks ("a Turkish government official said") is a source, not a side.
_SPEAKER_AFTER = re.compile(r"^\s*(?:official|officials|spokesman|spokesperson|spokeswoman|source|sources|media|agency|statement|ministry|minister|said|say|says|told|reported|announced|stated)\b", re.IGNORECASE)


def _conjoined_run(actors: list[ActorMention], anchor: int, step: int, text: str) -> list[ActorMention]:
    """The actor at ``anchor`` and those joined to it by "and" or commas, walking by ``step``."""
    run = [actors[anchor]]
    index = anchor
    while 0 <= index + step < len(actors):
        left, right = (actors[index + step], actors[index]) if step < 0 else (actors[index], actors[index + step])
        if not _CONJOINED.match(text[left.end:right.start]):
            break
        index += step
        run.append(actors[index])
    return run if step > 0 else list(reversed(run))


def split_sides(actors: list[ActorMention], trigger_start: int | None, text: str) -> tuple[list[ActorMention], list[ActorMention]]:
    """(agents, targets): who acted, and against whom.

    The agent is the actor nearest before the trigger, with those joined to it by "and";
    the target is the first actor after it, likewise. "between A and B" names both after it,
    and "by X" after a passive trigger names the agent.
    """
    actors = [a for a in actors if not _SPEAKER_AFTER.match(text[a.end:])]
    if not actors:
        return [], []
    if trigger_start is None:
        return _conjoined_run(actors, 0, 1, text), []
    before = [i for i, a in enumerate(actors) if a.start < trigger_start and a.role != "civilians"]
    after = [i for i, a in enumerate(actors) if a.start >= trigger_start or a.role == "civilians" and i not in before]
    if _BETWEEN.search(text[trigger_start: trigger_start + 40]) and len(after) >= 2 and not before:
        first = actors[after[0]]
        return [first], [a for a in _conjoined_run(actors, after[0], 1, text) if a is not first]
    agents = _conjoined_run(actors, before[-1], -1, text) if before else []
    targets = _conjoined_run(actors, after[0], 1, text) if after else []
    by_agent = [a for a in targets if _BY.search(text[max(0, a.start - 12):a.start])]
    if by_agent:
        targets = [a for a in targets if a not in by_agent]
        agents, targets = by_agent, agents + targets
    elif agents and re.search(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?$", text[:trigger_start]):
        # Passive voice: "Two soldiers were killed" -- the subject is the victim.
        if all(a.role in ("civilians", "state", "police") for a in agents):
            agents, targets = [], agents + targets
    return agents, targets


def read_sentence(
    doc_id: str,
    sentence: Sentence,
    reference: date | None,
    toponyms: list[Toponym],
    dates: list[EventDate],
) -> Mention | None:
    """The event (or the counts) one sentence states, or None when it states neither.

    ``dates`` are the sentence's own dates (see :func:`frontlines.extract.dates.find_dates`).
    """
    # Same-length substitutions only, so every offset still points into the report's text.
    text = sentence.text.translate(_PLAIN)
    offset = sentence.start
    claim = bool(_CLAIM.search(text))
    triggers = [] if claim else find_triggers(text)
    counts = extract_counts(doc_id, text, offset)
    if not counts:
        # Weak triggers ("attack", "front") make an event only when the sentence also gives a toll.
        triggers = [t for t in triggers if t.priority >= WEAK_TRIGGER_PRIORITY]
    if not triggers and not counts and not toll_may_rise(text) and not claim:
        if not (CONTINUATION.search(text) and toponyms):
            return None
    actors = find_actors(text)
    first_trigger = triggers[0] if triggers else None
    agents, targets = split_sides(actors, first_trigger.start if first_trigger else None, text)
    roles = {"agents": {_role(a) for a in agents}, "targets": {_role(a) for a in targets}, "present": {_role(a) for a in actors}}
    victims = [c.span.text for c in counts if c.kind in ("fatalities", "injured", "abducted")]
    if any(not _ARMED_NOUN.search(v) for v in victims) and not roles["targets"] - {"civilians"}:
        # Victims not described as armed ("a sheikh", "two people") are civilians, as ACLED codes them.
        roles["targets"].add("civilians")
    trigger = choose_type(text, triggers, roles)
    excluded = exclusion(text, trigger.start, trigger.end) if trigger else None
    if counts and all("cumulative" in c.flags for c in counts):
        excluded = excluded or "cumulative"
    return Mention(
        doc_id=doc_id,
        sentence=sentence,
        event_type=trigger.event_type if trigger else None,
        sub_event_type=trigger.sub_event_type if trigger else None,
        trigger=Span(doc_id, offset + trigger.start, offset + trigger.end, trigger.text) if trigger else None,
        actors=[_as_actor(doc_id, a, offset) for a in agents],
        targets=[_as_actor(doc_id, a, offset) for a in targets],
        counts=[c for c in counts if "cumulative" not in c.flags],
        date=_nearest(dates, offset + trigger.start) if dates and trigger else (dates[0] if dates else None),
        toponyms=[t for t in toponyms if sentence.start <= t.start < sentence.end],
        source=find_source(text),
        certainty=certainty(text),
        excluded=excluded,
        claim=claim,
    )


_ARMED_NOUN = re.compile(
    r"\b(soldiers?|troops|fighters?|militants?|members?|officers?|policem[ae]n|police|guards?|elements?|"
    r"commanders?|personnel|gunm[ae]n|rebels?|insurgents?|jihadists?|militiam[ae]n|combatants?|recruits|"
    r"servicem[ae]n|attackers?|assailants?|terrorists?|operatives?|cadres|conscripts|mercenaries|bandits|suspects?)\b",
    re.IGNORECASE,
)


def _role(actor: ActorMention) -> str:
    """The side's role; state forces named by their own name (Houthis, PMF) count as state."""
    return "state" if actor.role == "named" and actor.inter == 1 else actor.role


def _nearest(dates: list[EventDate], position: int) -> EventDate:
    """The date closest to the trigger: a dateline at the sentence's head dates the report, not the event."""
    return min(dates, key=lambda d: abs(d.span.start - position) if d.span else 0)


def _as_actor(doc_id: str, mention: ActorMention, offset: int) -> Actor:
    span = Span(doc_id, offset + mention.start, offset + mention.end, mention.text)
    return Actor(mention.name, mention.inter, span, mention.role, mention.home_country)
