"""Event dates: absolute and relative expressions resolved against the report's own date.

dateparser reads absolute dates ("May 30", "9 May 2020") with the report date as its base.
Relative words ("yesterday", "on Wednesday", "last week") are resolved here, because
dateparser's PREFER_DATES_FROM='past' sends "Friday" a week back when the report is itself
dated a Friday. No date is ever after the report's own date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from frontlines.model import EventDate, Span

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAMES = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|dawn))?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")),
    ("day_month", re.compile(rf"\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}(?:,?\s+(?:19|20)\d\d)?\b", re.IGNORECASE)),
    ("month_day", re.compile(rf"\b{_MONTH_NAMES}\s+[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\b(?!\s*(?:km|people|killed))", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?:(?:early|late)\s+(?:on\s+)?|last\s+)?(?:{'|'.join(_WEEKDAYS)})(?:'s|’s)?{_PART_OF_DAY}\b", re.IGNORECASE)),
    ("yesterday", re.compile(rf"\b(?:yesterday{_PART_OF_DAY}|last\s+night|overnight|the\s+previous\s+(?:day|night|evening)|the\s+day\s+before|a\s+day\s+earlier)\b", re.IGNORECASE)),
    ("today", re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today)\b", re.IGNORECASE)),
    ("days_ago", re.compile(r"\b(?P<n>two|three|four|five|six|\d)\s+days\s+(?:ago|earlier)\b", re.IGNORECASE)),
    ("week", re.compile(r"\b(?:last\s+week|earlier\s+this\s+week|this\s+week|the\s+previous\s+week|past\s+week)\b", re.IGNORECASE)),
    ("month", re.compile(r"\b(?:earlier\s+this\s+month|this\s+month|last\s+month|the\s+previous\s+month)\b", re.IGNORECASE)),
    ("in_month", re.compile(rf"\b(?:in|during|since|early|late|mid-?)\s+{_MONTH_NAMES}(?:\s+(?:19|20)\d\d)?\b(?!\s+[0-3]?\d\b)", re.IGNORECASE)),
]
#: A date right after these words dates something else: a campaign's start, a cumulative period.
_NOT_EVENT_DATE = re.compile(
    r"\b(?:began|begun|started|launched|erupted|since|until|till|by|before|after|as of|beginning)\s+(?:on\s+|in\s+)?$",
    re.IGNORECASE,
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@lru_cache(maxsize=4096)
def _parse_absolute(expression: str, reference: date | None) -> date | None:
    settings: dict = {"REQUIRE_PARTS": ["day", "month"], "PREFER_DAY_OF_MONTH": "first"}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    parsed = dateparser.parse(expression, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _has_year(expression: str) -> bool:
    return bool(re.search(r"(?:19|20)\d\d", expression))


def _resolve(kind: str, expression: str, reference: date | None) -> tuple[date, int] | None:
    lowered = expression.lower()
    if kind in ("iso", "day_month", "month_day"):
        cleaned = re.sub(r"\bof\s+", "", re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", expression))
        if reference is None and not _has_year(cleaned):
            return None
        value = _parse_absolute(cleaned, reference)
        if value is None:
            return None
        if reference is not None and not _has_year(cleaned) and (value - reference).days > 60:
            # "on December 30" in a January report is last year's December; "found on 7 May" in
            # a 30 April report is a later development, dropped below as after the report.
            try:
                value = value.replace(year=value.year - 1)
            except ValueError:
                return None
        return value, 1
    if kind == "in_month":
        if reference is None and not _has_year(lowered):
            return None
        month_word = re.search(_MONTH_NAMES, lowered)
        year_match = re.search(r"(?:19|20)\d\d", lowered)
        parsed = _parse_absolute(f"1 {month_word.group(0)} {year_match.group(0) if year_match else ''}".strip(), reference) if month_word else None
        if parsed is None:
            return None
        if reference is not None and not year_match and parsed > reference:
            parsed = parsed.replace(year=parsed.year - 1)
        return parsed, 3
    if reference is None:
        return None
    if kind == "weekday":
        day_name = next(d for d in _WEEKDAYS if d in lowered)
        back = (reference.weekday() - _WEEKDAYS.index(day_name)) % 7
        if lowered.startswith("last") and back == 0:
            back = 7
        return reference - timedelta(days=back), 1
    if kind == "yesterday":
        return reference - timedelta(days=1), 1
    if kind == "today":
        return reference, 1
    if kind == "days_ago":
        number = re.match(r"\S+", lowered).group(0)
        days = _SMALL.get(number) or int(number)
        return reference - timedelta(days=days), 1
    if kind == "week":
        if "last" in lowered or "previous" in lowered or "past" in lowered:
            return reference - timedelta(days=7), 2
        return reference - timedelta(days=reference.weekday()), 2
    if kind == "month":
        if "last" in lowered or "previous" in lowered:
            first = reference.replace(day=1) - timedelta(days=1)
            return first.replace(day=1), 3
        return reference.replace(day=1), 3
    return None


def find_dates(
    doc_id: str, text: str, reference: date | None, offset: int = 0, skip: tuple[int, int] | None = None
) -> list[EventDate]:
    """Event dates stated in one sentence, in order; never after ``reference``.

    ``skip`` is a (start, end) range of the report, such as its dateline, whose dates are not events'.
    """
    found: list[tuple[int, int, EventDate]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if skip and skip[0] <= offset + match.start() < skip[1]:
                continue
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            if _NOT_EVENT_DATE.search(text[max(0, match.start() - 30):match.start()]):
                continue
            resolved = _resolve(kind, match.group(0), reference)
            if resolved is None:
                continue
            value, precision = resolved
            if reference is not None and value > reference:
                continue
            span = Span(doc_id, offset + match.start(), offset + match.end(), match.group(0))
            found.append((match.start(), match.end(), EventDate(value, precision, span)))
    return [event_date for _, _, event_date in sorted(found, key=lambda item: item[0])]
