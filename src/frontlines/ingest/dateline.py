"""The reference date of a report that came without metadata: its dateline.

Wire datelines look like "KABUL, Afghanistan (Jan. 25, 2013)", "BEIRUT, June 5 (Reuters)"
or a bare "05 June, 2015" line under the headline. Only the opening of the report is
searched: a date deeper in the text is an event date, not the report's.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

#: "Jan. 25, 2013", "June 5 2015", "June 5" (year optional)
_MDY = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.IGNORECASE)
#: "25 January 2013", "05 June, 2015"
_DMY = re.compile(rf"\b{_DAY}\s+{_MONTH},?(?:\s+{_YEAR})?\b", re.IGNORECASE)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
#: An all-caps place at the start of a line followed by a comma: the dateline's mark.
_DATELINE_HEAD = re.compile(r"^\s*[A-Z][A-Z .'\-]{2,40},", re.MULTILINE)
#: How far into the report a dateline may sit (headline, standfirst, byline).
_OPENING_CHARS = 600


def _build(year: int | None, month_word: str, day: str) -> date | None:
    month = _MONTHS.get(month_word.lower()[:3])
    if not month or year is None:
        return None
    try:
        return date(year, month, int(day))
    except ValueError:
        return None


def _match_date(fragment: str) -> tuple[date | None, bool]:
    """Return (date, had_year) for the first date in ``fragment``."""
    iso = _ISO.search(fragment)
    if iso:
        try:
            return date(int(iso["year"]), int(iso["month"]), int(iso["day"])), True
        except ValueError:
            pass
    for pattern in (_MDY, _DMY):
        found = pattern.search(fragment)
        if found and found["year"]:
            return _build(int(found["year"]), found["month"], found["day"]), True
    return None, False


def find_reference_date(text: str) -> date | None:
    """The report's own date from its dateline or a date line under the headline, else None."""
    found = find_dateline(text)
    return found[0] if found else None


def find_dateline(text: str) -> tuple[date, int, int] | None:
    """(date, start, end) of the report's dateline: the span that dates the report, not an event."""
    opening = text[:_OPENING_CHARS]
    offset = 0
    # A line that is nothing but a date ("05 June, 2015", "June 5, 2015") is the publication line.
    for line in opening.splitlines(keepends=True):
        stripped = line.strip().strip("()")
        if 6 <= len(stripped) <= 40:
            found, had_year = _match_date(stripped)
            if found and had_year and len(re.sub(r"[\d\W]", "", stripped)) <= 12:
                return found, offset, offset + len(line)
        offset += len(line)
    head = _DATELINE_HEAD.search(opening)
    if head:
        window = opening[head.start(): head.end() + 80]
        found, _ = _match_date(window)
        if found:
            return found, head.start(), head.end() + 80
    return None
