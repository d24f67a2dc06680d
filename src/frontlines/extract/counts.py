"""Head counts in a sentence: who was killed, injured, arrested, abducted or displaced, and how many.

A count is a number (or "a", or a vague word) followed by an optional noun for people, tied to
a kind word that sits right after it ("27 soldiers ... dead", "were killed") or right before it
("killing 3", "death toll rose to 15"). Counts joined by "and" share the kind word that follows
the last of them, which is how "27 regime soldiers and 26 IS militants dead" sums by side.
Breakdowns ("including 3 children", "5 of them") add nothing; cumulative tolls are flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from frontlines.data import load
from frontlines.extract.numbers import NUMBER, Quantity, parse_number, qualify, range_quantity, vague, vague_pattern
from frontlines.model import Count, Span

#: Words allowed between a number and its noun: "27 regime soldiers", "two pro-Houthi elements".
_MODIFIER = r"(?:[\w'’.-]+\s+){0,4}?"
_PASSIVE_FILLER = (
    r"(?:(?:were|was|have|has|had|been|are|is|got|being|be|reportedly|allegedly|also|all|later|"
    r"subsequently|reported|confirmed|believed|said|to|have|been|who|of\s+them|in\s+total|so\s+far|"
    r"initially|eventually|as\s+a\s+result|,|and|found|left|\([^)]{0,80}\)|,\s*including\s+[^,;]{1,40},)\s*){0,4}"
)


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int  # end of the noun (or of the number when there is no noun)
    quantity: Quantity
    noun: str | None
    breakdown: bool


@cache
def _lexicon() -> dict:
    return load("lexicon")


@cache
def _kind_patterns() -> dict[str, re.Pattern[str]]:
    kinds = _lexicon()["counts"]["kinds"]
    return {kind: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) for kind, pattern in kinds.items()}


@cache
def _any_kind() -> str:
    return "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _lexicon()["counts"]["kinds"].items())


@cache
def _right_kind() -> re.Pattern[str]:
    return re.compile(rf"^\s*{_PASSIVE_FILLER}(?:{_any_kind()})\b", re.IGNORECASE)


@cache
def _left_kind() -> re.Pattern[str]:
    fillers = r"(?:(?:at least|more than|up to|about|around|nearly|some|an estimated|the|another|a further|further|over|as many as|all|only|least|of)\s+)*"
    return re.compile(
        rf"(?:\b(?:{_any_kind()})|\bbod(?:y|ies) of|\btoll\s+(?:[\w'’-]+\s+){{0,9}}?(?:to|of|at|reached|hit)"
        rf"|\btoll\b[^.;]{{0,140}}?\b(?:risen|rose|climbed|increased|reached|jumped|stands|stood)(?:\s+to)?)\s+{fillers}$",
        re.IGNORECASE,
    )


@cache
def _noun_pattern() -> re.Pattern[str]:
    nouns = sorted(_lexicon()["counts"]["person_nouns"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in nouns) + r")\b", re.IGNORECASE)


@cache
def _context(name: str) -> re.Pattern[str]:
    return re.compile(_lexicon()["counts"]["context"][name], re.IGNORECASE)


#: Nouns that carry their own kind: "3,300 refugees" are displaced, "12 bodies" are dead.
_NOUN_KINDS = {
    "refugees": "displaced", "refugee": "displaced", "idps": "displaced", "displaced people": "displaced",
    "displaced persons": "displaced", "bodies": "fatalities", "dead": "fatalities",
    "detainees": "arrested", "detainee": "arrested", "hostages": "abducted", "hostage": "abducted",
    "captives": "abducted", "fatalities": "fatalities", "fatality": "fatalities", "deaths": "fatalities",
    "injuries": "injured",
}
_SINGULAR_NOUN = re.compile(
    r"^(?:[\w'’-]+\s+){0,2}?(?:civilian|soldier|man|woman|child|boy|girl|teenager|toddler|infant|baby|"
    r"policeman|police officer|officer|guard|member|fighter|militant|commander|leader|official|"
    r"journalist|doctor|nurse|farmer|shepherd|resident|villager|student|worker|driver|person|"
    r"protester|demonstrator|suspect|rebel|insurgent|gunman|elder|cleric|imam|mukhtar|citizen|"
    r"merchant|trader|teacher|detainee|prisoner|passenger|pilgrim|activist|father|mother|son|"
    r"daughter|brother|wife|husband|relative|local|national|contractor|employee|individual|tribesman|"
    r"bystander|sheikh|hawker|vendor|fisherman|herder|pilot|engineer|paramedic|medic|judge|lawyer|"
    r"mayor|governor|director|chief|colonel|general|captain|lieutenant|sergeant|major|"
    r"policewoman|gendarme|jihadist|militiaman|elderly man|elderly woman|youth|young man|young woman)\b",
    re.IGNORECASE,
)
_DEFINITE_AFTER_KIND = re.compile(
    r"\b(?:killing|killed|kills|assassinat\w+|executed|executing|murder\w*|shot dead|gunned down|death of|"
    r"injuring|injured|wounding|wounded|abduct\w+|kidnap\w+|arrest\w+|detain\w+)\s+(?P<article>the|a|an)\s+"
    r"(?=(?:[\w'-]+\s+){0,3}?(?:[a-z]+)\b)",
    re.IGNORECASE,
)
_RIGHT_LOOSE = re.compile(
    r"^\s+(?:from|of|in|at|near|belonging to|who|whom|that)\s+[^,;.]{0,50}?\s(?:died|was killed|were killed|was shot dead|were shot dead|was found dead|were found dead|succumbed)\b",
    re.IGNORECASE,
)
#: "Other sources report that 2 were killed": a second figure widens the range, never replaces the first.
_ALTERNATIVE_SOURCE = re.compile(
    r"\b(?:other|another|different|conflicting|some)\s+(?:sources?|reports?|accounts?|outlets?)\b|\baccording to other\b",
    re.IGNORECASE,
)
_NUMBER_AT = re.compile(rf"\b(?P<num>{NUMBER})\b", re.IGNORECASE)
_RANGE_AFTER = re.compile(rf"^\s*(?:to|-|–|or)\s*(?P<num>{NUMBER})\b", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_ARTICLE_AT = re.compile(r"\b(?:a|an|one)\s+", re.IGNORECASE)
_BREAKDOWN_BEFORE = re.compile(r"(?:\bincluding|\bamong them|\bamong whom|\bof whom|\bamong the dead|\bamong the victims|\bincluding at least)\s+$", re.IGNORECASE)
_BREAKDOWN_AFTER = re.compile(r"^\s*(?:of (?:them|whom|those|the dead|the victims))\b", re.IGNORECASE)
_ALTERNATIVE_AFTER = re.compile(
    r"^,?\s*(?:(?:or|and/or)\s+(?:injured|wounded|captured|arrested|missing)|,\s*(?:injured|wounded)\s*(?:,|or)\s*(?:or\s+)?(?:captured|arrested|missing))",
    re.IGNORECASE,
)
_KILLED_AND_INJURED_BEFORE = re.compile(r"\b(?:killing|killed) and (?:injuring|wounding|injured|wounded)\s+$", re.IGNORECASE)
_CODED_AS = re.compile(rf"\b(?:fatalities|deaths)\s+(?:were\s+|are\s+)?coded\s+(?:as|to|at)\s+(?P<num>{NUMBER})\b", re.IGNORECASE)
_SPLIT_NOTE = re.compile(rf"\b(?P<num>{NUMBER})\s+fatalities\s+(?:were\s+)?split\b", re.IGNORECASE)
_PRONOUN_AFTER_KILL = re.compile(r"\b(?:killing|killed|wounding|wounded|injuring|injured|arresting|arrested|abducting|abducted|kidnapping|kidnapped)\s+(?:him|her)\b", re.IGNORECASE)


def _phrases(text: str, skip: list[tuple[int, int]]) -> list[_Phrase]:
    """Number phrases with their people nouns, in order, outside the ``skip`` ranges."""
    found: list[_Phrase] = []
    taken_until = -1
    candidates: list[tuple[int, int, Quantity | None]] = []
    for match in _NUMBER_AT.finditer(text):
        candidates.append((match.start(), match.end(), None))
    for match in vague_pattern().finditer(text):
        candidates.append((match.start(), match.end(), vague(match.group(0))))
    for match in _ARTICLE_AT.finditer(text):
        if _SINGULAR_NOUN.match(text[match.end():]):
            word_end = match.start() + len(match.group(0).rstrip())
            candidates.append((match.start(), word_end, Quantity(1, 1, 1)))
    # "killing the driver", "assassinated an official": one person, named by a kill word right before.
    for match in _DEFINITE_AFTER_KIND.finditer(text):
        start = match.start("article")
        candidates.append((start, start + len(match["article"]), Quantity(1, 1, 1)))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    for start, end, quantity in candidates:
        if start < taken_until or any(a <= start < b for a, b in skip):
            continue
        before = text[max(0, start - 40):start]
        if quantity is None:
            value = parse_number(text[start:end])
            if value is None:
                continue
            if _looks_like_date_or_measure(text, start, end):
                continue
            following = _RANGE_AFTER.match(text[end:])
            if following and (second := parse_number(following["num"])) is not None and second > value:
                quantity = range_quantity(value, second)
                end += following.end()
            elif _BETWEEN_BEFORE.search(before) and (
                other := re.match(rf"^\s+and\s+(?P<num>{NUMBER})\b", text[end:], re.IGNORECASE)
            ):
                second = parse_number(other["num"])
                if second is not None:
                    quantity = range_quantity(value, second)
                    end += other.end()
            else:
                quantity = qualify(value, before)
        noun_match = re.match(rf"\s+{_MODIFIER}(?P<noun>{_noun_pattern().pattern})", text[end:], re.IGNORECASE)
        noun = None
        phrase_end = end
        if noun_match and not re.search(r"[,;:()]", noun_match.group(0)):
            noun = noun_match["noun"].lower()
            phrase_end = end + noun_match.end()
            # "1 police personnel": the head is the last of a run of people nouns.
            while (follow := re.match(rf"\s+(?P<noun>{_noun_pattern().pattern})\b", text[phrase_end:], re.IGNORECASE)) and (
                follow["noun"].lower() not in _NOUN_KINDS
            ):
                noun = follow["noun"].lower()
                phrase_end += follow.end()
        # "5 of them" breaks down a figure already given; "arrested six of them" gives one.
        breakdown = bool(_BREAKDOWN_BEFORE.search(before) or found and _BREAKDOWN_AFTER.match(text[end:]))
        found.append(_Phrase(start, phrase_end, quantity, noun, breakdown))
        taken_until = phrase_end
    return found


def _looks_like_date_or_measure(text: str, start: int, end: int) -> bool:
    """'On 9 May 2020', 'in 2011', '500 metres', '50mm', '10 am' are not head counts."""
    after = text[end:end + 14].lower()
    before = text[max(0, start - 12):start].lower()
    if re.match(r"^\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", after):
        return True
    if re.search(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$", before):
        return True
    if re.match(r"^\s*(?:%|percent|per cent|km|kilomet|metres|meters|miles|mm|cm|kg|tons|tonnes|am\b|pm\b|o'clock|hours?|days?|weeks?|months?|years?|minutes?|dollars|usd|\$|liras?|pounds|rials?|times)", after):
        return True
    value = text[start:end].replace(",", "")
    return value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100


def _kind_of(text: str, phrase: _Phrase) -> tuple[str | None, str]:
    """The kind word tied to ``phrase``, and where it was found ("right", "left", "noun")."""
    if phrase.noun in _NOUN_KINDS:
        return _NOUN_KINDS[phrase.noun], "noun"
    # Wide enough for "the death toll from Tuesday's strikes on the town ... has risen to".
    before = text[max(0, phrase.start - 180):phrase.start]
    left = _left_kind().search(before)
    if left:
        # The "toll ... rose to" alternative has no kind group of its own: a toll is of the dead.
        return next((k for k, v in left.groupdict().items() if v), "fatalities"), "left"
    right = _right_kind().match(text[phrase.end:])
    if right:
        return next(k for k, v in right.groupdict().items() if v), "right"
    if phrase.noun and _RIGHT_LOOSE.match(text[phrase.end:]):
        # "a man from Saqba in Rural Damascus died": a place phrase between the person and the verb.
        return "fatalities", "right"
    return None, ""


def extract_counts(doc_id: str, text: str, offset: int = 0) -> list[Count]:
    """Counts in one sentence, ``text``, whose first character sits at ``offset`` in the report."""
    counts: list[Count] = []
    cumulative = bool(_context("cumulative").search(text))
    may_rise = bool(_context("may_rise").search(text))
    alternative = bool(_ALTERNATIVE_SOURCE.search(text))
    coder_notes = [m for pattern in (_CODED_AS, _SPLIT_NOTE) for m in pattern.finditer(text)]
    phrases = _phrases(text, [(m.start(), m.end()) for m in coder_notes])
    kinds = [_kind_of(text, phrase) for phrase in phrases]
    # Coordinated counts share the kind word after the last of them: "27 soldiers and 26 militants dead".
    for index in range(len(phrases) - 2, -1, -1):
        if kinds[index][0] is None and phrases[index].noun:
            gap = text[phrases[index].end:phrases[index + 1].start]
            if re.fullmatch(r"\s*(?:,|and|as well as|,\s*and)\s*", gap) and kinds[index + 1][1] == "right":
                kinds[index] = kinds[index + 1]
    for phrase, (kind, where) in zip(phrases, kinds):
        if kind is None or phrase.breakdown:
            continue
        if where == "" or (phrase.noun is None and where == "right" and not _right_kind().match(text[phrase.end:])):
            continue
        before = text[max(0, phrase.start - 60):phrase.start]
        if re.search(rf"\b(?:{_lexicon()['counts']['context']['not_victims']})\s+(?:\w+\s+){{0,2}}$", before, re.IGNORECASE):
            continue
        flags = set()
        quantity = phrase.quantity
        after_kind = text[phrase.end:]
        if kind == "fatalities" and (_ALTERNATIVE_AFTER.search(_kind_tail(after_kind)) or _KILLED_AND_INJURED_BEFORE.search(before)):
            # "killed, injured or captured": nobody can say how many died.
            quantity = Quantity(0, 0, quantity.high, "ambiguous")
            flags.add("ambiguous")
        if cumulative:
            flags.add("cumulative")
        if may_rise:
            flags.add("may_rise")
        if alternative:
            flags.add("alternative")
        if quantity.qualifier:
            flags.add(quantity.qualifier)
        span = Span(doc_id, offset + phrase.start, offset + phrase.end, text[phrase.start:phrase.end])
        counts.append(Count(kind, quantity.low, quantity.best, quantity.high, span, frozenset(flags)))
    for match in _PRONOUN_AFTER_KILL.finditer(text):
        word = match.group(0).split()[0].lower()
        kind = next((k for k, p in _kind_patterns().items() if p.fullmatch(word)), None)
        if kind:
            span = Span(doc_id, offset + match.start(), offset + match.end(), match.group(0))
            counts.append(Count(kind, 1, 1, 1, span, frozenset({"cumulative"} if cumulative else set())))
    # ACLED coder notes ("fatalities coded as 10") state the figure outright; assembly lets them rule.
    for match in coder_notes:
        value = parse_number(match["num"])
        if value is not None:
            span = Span(doc_id, offset + match.start(), offset + match.end(), match.group(0))
            counts.append(Count("fatalities", value, value, value, span, frozenset({"coded"})))
    return counts


def _kind_tail(text: str) -> str:
    """The words right after the kind word, where "or injured" would sit."""
    match = _right_kind().match(text)
    return text[match.end():] if match else text


def has_explicit_zero(text: str) -> bool:
    return bool(_context("explicit_zero").search(text))


def toll_may_rise(text: str) -> bool:
    return bool(_context("may_rise").search(text))
