"""Document-level assembly: the mentions of one event across sentences become one event.

Rules, in the order an ACLED coder applies them:
- a sentence with a trigger starts an event unless an earlier event of the same type,
  date and place is being continued ("the clashes left 27 soldiers dead");
- a sentence with no trigger but with counts, places or "the toll is expected to rise"
  continues the event before it;
- tolls are never added across sentences: a later sentence that repeats or breaks down a
  toll adds nothing, so each kind keeps its largest sentence total;
- an event whose sentences name places in different provinces is split, one event per
  province, and its counts are split across them as evenly as whole people allow.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from datetime import date

from frontlines.extract.actors import countries, resolve_inter, resolve_name
from frontlines.extract.counts import toll_may_rise
from frontlines.extract.typing import disorder_type, plover
from frontlines.model import COUNT_KINDS, Actor, Event, EventDate, Mention, Place, Report, Span, Toponym

#: A resolution at least this confident places an event even against the collection model's guess.
SURE_PLACE = 0.6
#: How far (km) two named places may lie apart and still be the same event's place.
SAME_PLACE_KM = 30.0
_UNKNOWN_AIR = Actor("Unidentified Military Forces", 8, role="unidentified")
_UNKNOWN_ARMED = Actor("Unidentified Armed Group ({country})", 3, role="unidentified")
_CIVILIANS = Actor("Civilians ({country})", 7, role="civilians")
_PROTESTERS = Actor("Protesters ({country})", 6, role="protesters")
_RIOTERS = Actor("Rioters ({country})", 5, role="rioters")


@dataclass
class _Draft:
    mentions: list[Mention]
    may_rise: bool = False
    #: Who claimed the event, from a later "X claimed responsibility" sentence.
    claimed_by: list[Actor] = field(default_factory=list)

    @property
    def head(self) -> Mention:
        """The mention that types the event: the first, or a crowd's most severe moment."""
        stating = [m for m in self.mentions if m.sub_event_type]
        if _family(stating[0]) == "crowd":
            crowd = [m for m in stating if _family(m) == "crowd"]
            return max(crowd, key=lambda m: CROWD_SEVERITY.index(m.sub_event_type))
        return stating[0]

    @property
    def types(self) -> tuple[str, str]:
        """(event type, sub-event type); arrests at a demonstration make it one met with intervention."""
        head = self.head
        if head.sub_event_type == "Peaceful protest" and any(m.sub_event_type == "Arrests" for m in self.mentions):
            return "Protests", "Protest with intervention"
        return head.event_type, head.sub_event_type

    @property
    def explicit_date(self) -> EventDate | None:
        return next((m.date for m in self.mentions if m.date and m.sub_event_type), None) or next(
            (m.date for m in self.mentions if m.date), None
        )

    def event_places(self) -> list[Toponym]:
        return [t for m in self.mentions for t in _event_toponyms(m)]


def _event_toponyms(mention: Mention) -> list[Toponym]:
    return [t for t in mention.toponyms if t.place is not None and t.role == "event" and not t.place.is_country]


def _distance_km(a: Toponym, b: Toponym) -> float:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (pa.latitude, pa.longitude, pb.latitude, pb.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _same_area(a: Toponym, b: Toponym) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return False
    if pa.geonameid is not None and pa.geonameid == pb.geonameid:
        return True
    if pa.is_admin1 or pb.is_admin1:
        return pa.country_code == pb.country_code and (pa.admin1 or pa.name) == (pb.admin1 or pb.name)
    return _distance_km(a, b) <= SAME_PLACE_KM


_BARE_TOLL = re.compile(r"killed|died|dead|shot dead|death", re.IGNORECASE)

#: Demonstrations escalate: one crowd on one day is one event, typed by its most severe moment.
CROWD_SEVERITY = [
    "Peaceful protest", "Protest with intervention", "Arrests", "Mob violence",
    "Violent demonstration", "Excessive force against protesters",
]


def _family(mention: Mention) -> str | None:
    if mention.event_type in ("Protests", "Riots"):
        return "crowd"
    return mention.event_type


def _compatible(draft: _Draft, mention: Mention, reference: date | None) -> bool:
    head = draft.head
    same_crowd = _family(head) == "crowd" and (_family(mention) == "crowd" or mention.sub_event_type == "Arrests")
    if not same_crowd:
        if head.event_type != mention.event_type:
            return False
        if head.event_type != "Battles" and head.sub_event_type != mention.sub_event_type:
            return False
    draft_date = draft.explicit_date
    if mention.date and draft_date and mention.date.value != draft_date.value:
        return False
    if mention.date and not draft_date and reference and mention.date.value != reference:
        return False
    new_places = _event_toponyms(mention)
    old_places = draft.event_places()
    if new_places and old_places:
        return any(_same_area(a, b) for a in new_places for b in old_places)
    return True


def _group_mentions(mentions: list[Mention], reference: date | None) -> list[_Draft]:
    drafts: list[_Draft] = []
    pending: list[Mention] = []
    for mention in mentions:
        if mention.excluded:
            continue
        if mention.sub_event_type is None:
            if drafts and mention.claim:
                drafts[-1].claimed_by.extend(a for a in mention.actors + mention.targets if a.role == "named")
            if drafts:
                drafts[-1].mentions.append(mention)
                drafts[-1].may_rise |= toll_may_rise(mention.sentence.text)
            else:
                pending.append(mention)
            continue
        if drafts and _BARE_TOLL.fullmatch(mention.trigger.text) and mention.counts and not _event_toponyms(mention):
            # "Total 6 soldiers were reportedly killed.": a toll for the event just told, not a new one.
            drafts[-1].mentions.append(mention)
            continue
        target = next((d for d in reversed(drafts) if _compatible(d, mention, reference)), None)
        if target is None:
            drafts.append(_Draft(pending + [mention]))
            pending = []
        else:
            target.mentions.append(mention)
        drafts_may_rise = toll_may_rise(mention.sentence.text)
        (target or drafts[-1]).may_rise |= drafts_may_rise
    # An undated, unplaced mention right before (or after) an event of the same type, with no
    # other event between them, is that event's preamble or its echo.
    kept: list[_Draft] = []
    for position, draft in enumerate(drafts):
        if not draft.event_places() and draft.explicit_date is None:
            neighbours = drafts[position + 1:position + 2] + kept[-1:]
            twin = next(
                (d for d in neighbours if d.head.sub_event_type == draft.head.sub_event_type and (d.event_places() or d.explicit_date)),
                None,
            )
            if twin is not None:
                twin.mentions[:0] = draft.mentions
                twin.mentions.sort(key=lambda m: m.sentence.index)
                twin.may_rise |= draft.may_rise
                continue
        kept.append(draft)
    return kept


def _place_groups(draft: _Draft, focus: str | None) -> list[list[Toponym]]:
    """The draft's event places, one group per province of the country where it happened.

    Places in another country ("Moscow has not commented") are not split off as events of
    their own: an event in two countries is told as two events, each with its own trigger.
    """
    groups: dict[tuple[str, str], list[Toponym]] = {}
    places = [t for t in draft.event_places() if not t.place.feature_code.startswith("CONT")]
    votes: Counter[str] = Counter()
    for toponym in places:
        votes[toponym.place.country_code] += _place_weight(toponym)
    home_country = focus if focus in votes else (votes.most_common(1)[0][0] if votes else None)
    for toponym in places:
        if toponym.place.country_code != home_country:
            continue
        place = toponym.place
        key = (place.country_code, place.admin1 or place.name)
        groups.setdefault(key, []).append(toponym)
    return list(groups.values())


def _best_place(toponyms: list[Toponym], trigger: Span | None) -> tuple[Toponym, int]:
    """The surest non-province place, nearest the trigger; its ACLED precision.

    Unlike ``geo.link.choose_event_place`` (specificity first, for one sentence), the
    resolver's confidence ranks first here: across an event's sentences a confidently
    resolved town beats a more specific namesake picked against the odds (on the dev set,
    0.724 against 0.706 of places within 25 km)."""
    specific = [t for t in toponyms if not t.place.is_admin1]
    pool = specific or toponyms

    def rank(t: Toponym) -> tuple:
        distance = abs(t.start - trigger.start) if trigger else 0
        return (-t.score, distance)

    chosen = min(pool, key=rank) if len(pool) > 1 else pool[0]
    if chosen.place.is_admin1:
        return chosen, 3
    same = [t for t in toponyms if t.place.geonameid == chosen.place.geonameid]
    return chosen, max([t.precision for t in same] + [1])


def _split(value: int, parts: int, index: int) -> int:
    base, remainder = divmod(value, parts)
    return base + (1 if index < remainder else 0)


def _counts(draft: _Draft) -> dict[str, tuple[int, int, int]]:
    """Per kind, the largest sentence total (low, best, high); coder notes rule when present."""
    totals: dict[str, tuple[int, int, int]] = {}
    coded = [c for m in draft.mentions for c in m.counts if "coded" in c.flags]
    alternatives: dict[str, list[int]] = {}
    for mention in draft.mentions:
        per_kind: dict[str, list[int]] = {}
        for count in mention.counts:
            if "coded" in count.flags:
                continue
            if "alternative" in count.flags:
                alternatives.setdefault(count.kind, []).extend((count.low, count.high))
                continue
            low, best, high = per_kind.setdefault(count.kind, [0, 0, 0])
            per_kind[count.kind] = [low + count.low, best + count.best, high + count.high]
        for kind, (low, best, high) in per_kind.items():
            if kind not in totals or best > totals[kind][1]:
                previous = totals.get(kind)
                totals[kind] = (min(low, previous[0]) if previous else low, best, max(high, previous[2]) if previous else high)
    for kind, values in alternatives.items():
        # Conflicting sources widen the range; the best figure stays the first, more
        # conservative report's, as ACLED keeps the lower of conflicting tolls.
        low, best, high = totals.get(kind, (min(values), min(values), min(values)))
        totals[kind] = (min([low] + values), best, max([high] + values))
    if coded:
        value = max(c.best for c in coded)
        totals["fatalities"] = (value, value, value)
    return totals


def _side(actors: list[Actor], country: str | None, coreferent: Actor | None) -> list[tuple[str, int]]:
    resolved: list[tuple[str, int]] = []
    for actor in actors:
        if actor.role == "unidentified" and coreferent is not None and actor.span is not None and actor.span.text.lower() in ("militants", "insurgents", "jihadists", "fighters", "attackers", "assailants"):
            actor = coreferent
        entry = (resolve_name(actor, country), resolve_inter(actor, country))
        if entry not in resolved:
            resolved.append(entry)
    return resolved


def assemble(
    report: Report,
    mentions: list[Mention],
    focus_country: str | None,
    stated_dates: list[tuple[int, EventDate]] = (),
    report_places: list[Toponym] = (),
    focus_source: str = "report",
) -> list[Event]:
    """Events of one report, from its sentence mentions, in text order.

    ``stated_dates`` are (sentence index, date) for every date the report states, event or not;
    ``report_places`` every toponym in the report, the last resort for placing an event;
    ``focus_source`` how ``focus_country`` was found ("report" places, or "collection model").
    """
    reference = report.reference_date
    drafts = _group_mentions(mentions, reference)
    events: list[Event] = []
    named_non_state: Actor | None = None
    previous_place: tuple[Toponym, int] | None = None
    for draft in drafts:
        head = draft.head
        groups = _place_groups(draft, focus_country)
        if not groups and previous_place is not None:
            chosen_places = [previous_place]
        elif not groups and (fallback := _report_place(report_places, focus_country)) is not None:
            # The event's own sentences name no place; the report names one elsewhere.
            chosen_places = [fallback]
        else:
            chosen_places = [_best_place(group, head.trigger) for group in groups] or [None]  # type: ignore[list-item]
        if chosen_places[0] is not None:
            previous_place = chosen_places[0]
        counts = _counts(draft)
        # Sides come from the sentences that state the event, in order; a name on both sides is an agent.
        stating = [m for m in draft.mentions if m.sub_event_type]
        agents = draft.claimed_by + [a for m in stating for a in m.actors if not (draft.claimed_by and a.role == "unidentified")]
        targets = [a for m in stating for a in m.targets]
        if head.event_type == "Battles":
            # Civilians caught in a battle are its victims, not a side: ACLED codes the two armed sides.
            targets = [a for a in targets if a.role != "civilians"]
        for actor in agents + targets:
            if actor.role == "named" and actor.inter in (2, 3) and named_non_state is None:
                named_non_state = actor
        for mention in mentions:  # a named group earlier in the report is who "the militants" are
            if mention.sentence.index >= head.sentence.index:
                break
            for actor in mention.actors + mention.targets:
                if actor.role == "named" and actor.inter in (2, 3):
                    named_non_state = actor
        # An undated event takes the last date the report stated before it ("On 2 May, ...
        # Soldiers also fired ..."), else the report's own date.
        when = draft.explicit_date or next(
            (d for index, d in reversed(stated_dates) if index < head.sentence.index),
            None,
        )
        parts = len(chosen_places)
        for index, chosen in enumerate(chosen_places):
            toponym, precision = chosen if chosen else (None, None)
            place = toponym.place if toponym else None
            country_code, country_source = _country(place, focus_country, focus_source, agents + targets, report.text)
            event = _event(report, draft, head, place, precision, country_code, when, counts, parts, index, agents, targets, named_non_state)
            event.country_source = country_source if event.country else None
            events.append(event)
    return events


def _event(report, draft, head, place, precision, country_code, when, counts, parts, index, agents, targets, coreferent) -> Event:
    country_entry = countries().get(country_code or "")
    event_type, sub = draft.types
    agent_side = _side(agents, country_code, coreferent)
    target_side = [t for t in _side(targets, country_code, coreferent) if t not in agent_side]
    if not agent_side:
        default = {
            "Air/drone strike": _UNKNOWN_AIR,
            "Peaceful protest": _PROTESTERS, "Protest with intervention": _PROTESTERS,
            "Excessive force against protesters": _PROTESTERS,
            "Violent demonstration": _RIOTERS, "Mob violence": _RIOTERS,
        }.get(sub)
        if default is None and event_type in ("Explosions/Remote violence", "Violence against civilians"):
            default = _UNKNOWN_ARMED
        if default is not None:
            agent_side = _side([default], country_code, None)
        elif target_side and event_type == "Battles":
            agent_side, target_side = target_side[:1], target_side[1:]
    if event_type == "Violence against civilians" and not any(inter == 7 for _, inter in target_side):
        target_side = _side([_CIVILIANS], country_code, None) + target_side
    if event_type == "Riots":
        # A crowd that turns violent is coded as rioters.
        agent_side = [(name.replace("Protesters (", "Rioters ("), 5) if inter == 6 else (name, inter) for name, inter in agent_side]
        target_side = [(name.replace("Protesters (", "Rioters ("), 5) if inter == 6 else (name, inter) for name, inter in target_side]
    if event_type in ("Protests", "Riots"):
        # The protesters are actor 1; whoever intervened is actor 2.
        crowd = [a for a in agent_side + target_side if a[1] in (5, 6)]
        # Residents who join a crowd are the crowd; civilians are its target only when hurt.
        hurt = any(counts.get(kind, (0, 0, 0))[1] for kind in ("fatalities", "injured"))
        others = [a for a in agent_side + target_side if a[1] not in (5, 6) and (a[1] != 7 or hurt)]
        agent_side, target_side = (crowd or agent_side), (others if crowd else target_side)
        if sub == "Peaceful protest":
            target_side = []
    actor1 = agent_side[0] if agent_side else (None, 0)
    actor2 = target_side[0] if target_side else (None, 0)
    fatal = counts.get("fatalities", (0, 0, 0))
    notes = " ".join(head.sentence.text.split())
    evidence: list[Span] = []
    for mention in sorted(draft.mentions, key=lambda m: m.sentence.index):
        span = Span(mention.doc_id, mention.sentence.start, mention.sentence.end, mention.sentence.text)
        if span not in evidence:
            evidence.append(span)
    certainty_order = ["confirmed", "reported", "alleged"]
    # The sentences that carry the figures decide how sure the event is; else those that state it.
    stating = [m for m in draft.mentions if m.sub_event_type]
    deciding = [m for m in stating if m.counts] or stating
    certainty = max((m.certainty for m in deciding), key=certainty_order.index, default="confirmed")
    source = next((m.source for m in draft.mentions if m.source), None) or report.source
    plover_type, plover_mode = plover(sub)
    return Event(
        doc_id=report.doc_id,
        event_date=when.value if when else report.reference_date,
        time_precision=when.precision if when else (1 if report.reference_date else None),
        disorder_type=disorder_type(event_type),
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1[0],
        assoc_actor_1="; ".join(name for name, _ in agent_side[1:]) or None,
        inter1=actor1[1],
        actor2=actor2[0],
        assoc_actor_2="; ".join(name for name, _ in target_side[1:]) or None,
        inter2=actor2[1],
        civilian_targeting="Civilian targeting" if actor2[1] == 7 else None,
        # ACLED's country names ("Palestine", not GeoNames' "Palestinian Territory") where known.
        country=(country_entry["name"] if country_entry else None) or (place.country if place else None),
        iso3=(country_entry["iso3"] if country_entry else None) or (place.iso3 if place else None),
        admin1=place.admin1 if place and not place.is_admin1 else (place.name if place else None),
        admin2=place.admin2 if place else None,
        location=place.name if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=precision if place else None,
        geonameid=place.geonameid if place else None,
        fatalities=_split(fatal[1], parts, index),
        fatalities_low=_split(fatal[0], parts, index),
        fatalities_high=_split(fatal[2], parts, index),
        injured=_split(counts.get("injured", (0, 0, 0))[1], parts, index),
        arrested=_split(counts.get("arrested", (0, 0, 0))[1], parts, index),
        abducted=_split(counts.get("abducted", (0, 0, 0))[1], parts, index),
        displaced=_split(counts.get("displaced", (0, 0, 0))[1], parts, index),
        toll_may_rise=draft.may_rise,
        source=source,
        certainty=certainty,
        notes=notes[:300],
        plover_event_type=plover_type,
        plover_mode=plover_mode,
        evidence=evidence,
    )


def _country(
    place: Place | None, focus: str | None, focus_source: str, actors: list[Actor], text: str
) -> tuple[str | None, str | None]:
    """The event's country (ISO2) and how it was found, from the surest evidence down."""
    if place is not None:
        return place.country_code, "place"
    if focus:
        return focus, focus_source
    if country := _actors_country(actors):
        return country, "actors"
    if country := demonym_country(text):
        return country, "demonym"
    return None, None


def _report_place(toponyms: list[Toponym], focus: str | None) -> tuple[Toponym, int] | None:
    """The report's first place that can be an event's, in its focus country: precision 2 at
    best, since the text does not tie it to the event."""
    usable = [
        t for t in toponyms
        if t.place is not None and t.role == "event" and not t.place.is_country and not t.place.feature_code.startswith("CONT")
    ]
    # In the focus country first; else a place the resolver is sure of, which outweighs a
    # focus that only the collection's word model gave.
    chosen = next((t for t in usable if not focus or t.place.country_code == focus), None)
    chosen = chosen or next((t for t in usable if t.score >= SURE_PLACE), None)
    if chosen is None:
        return None
    return chosen, 3 if chosen.place.is_admin1 else max(2, chosen.precision)


@cache
def _demonym_pattern() -> re.Pattern[str]:
    words = {d: iso2 for iso2, entry in countries().items() for d in entry["demonyms"] if len(d) > 3}
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


def demonym_country(text: str) -> str | None:
    """The country whose demonym the text uses most ("Yemeni-Saudi border", "Lebanese mothers")."""
    lookup = {d: iso2 for iso2, entry in countries().items() for d in entry["demonyms"]}
    votes = Counter(lookup[m.group(1)] for m in _demonym_pattern().finditer(text))
    return votes.most_common(1)[0][0] if votes else None


def _actors_country(actors: list[Actor]) -> str | None:
    """Where an unplaced event happened, judged by who took part: the victims' or crowd's
    country first ("Palestinian farmers"), then a named local group's home ("pro-Houthi forces")."""
    for roles in (("civilians", "protesters"), ("named", "state", "police")):
        for actor in actors:
            if actor.role in roles and actor.home_country and actor.inter != 8:
                return actor.home_country
    return None


def _place_weight(toponym: Toponym) -> float:
    """How strongly a resolved name points to its country. A named country or province is
    stronger evidence than a town name, which may be a namesake half a world away; between
    equally sure towns, the larger one."""
    place = toponym.place
    if place.is_country or place.is_admin1:
        return 3.0
    return max(toponym.score, 0.1) + 0.02 * math.log10(place.population + 1)


def focus_country(toponyms: list[Toponym], hint: str | None = None) -> str | None:
    """The country a report is about: the one its places point to most, with ``hint`` (what
    the collection's country model says of the report) counting as a named province would."""
    votes: Counter[str] = Counter()
    for toponym in toponyms:
        # Where fighters came from or people fled to says nothing of where the report is.
        if toponym.place is None or toponym.role != "event":
            continue
        votes[toponym.place.country_code] += _place_weight(toponym)
    if hint and votes:
        votes[hint] += 3.0
    return votes.most_common(1)[0][0] if votes else hint


__all__ = ["assemble", "focus_country", "COUNT_KINDS"]
