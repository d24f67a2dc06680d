"""Reading numbers as reports write them: "3,300", "twenty-six", "at least 5", "10 to 15", "dozens".

Word numbers go through text2num; the qualifiers and vague words follow the lexicon
(data/lexicon.toml), which states ACLED's conventions ("dozens" = 12, "hundreds" = 100).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

from frontlines.data import load

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ["hundred", "thousand", "million"]
_WORD_NUMBER_PART = "|".join(sorted(_UNITS + _TENS + _SCALES, key=len, reverse=True))
#: "twenty-six", "two hundred and fifty", "one thousand"
WORD_NUMBER = rf"(?:(?:{_WORD_NUMBER_PART})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD_NUMBER_PART}))*)"
#: "3,300", "12", "1.5 million" is left as 1 (rare in casualty counts, never guessed)
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)"
NUMBER = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"

_NUMBER_RE = re.compile(rf"^(?:{NUMBER})$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    low: int
    best: int
    high: int
    qualifier: str | None = None  # "at_least", "at_most", "approximately", "range", "vague"


def parse_number(text: str) -> int | None:
    """'3,300' -> 3300, 'twenty-six' -> 26, 'a' -> 1; None when it is not a number."""
    token = text.strip().lower()
    if not token:
        return None
    if token in ("a", "an", "one", "single", "lone"):
        return 1
    digits = token.replace(",", "")
    if digits.isdigit():
        return int(digits)
    if not _NUMBER_RE.match(token):
        return None
    words = re.sub(r"\s+and\s+", " ", token).replace("-", " ")
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


@cache
def _qualifier_patterns() -> dict[str, re.Pattern[str]]:
    lexicon = load("lexicon")["counts"]["qualifiers"]
    return {name: re.compile(rf"(?:{pattern})\s*$", re.IGNORECASE) for name, pattern in lexicon.items()}


@cache
def vague_quantities() -> dict[str, tuple[int, int, int]]:
    table = load("lexicon")["counts"]["vague"]
    return {phrase: tuple(values) for phrase, values in table.items()}  # type: ignore[misc]


@cache
def vague_pattern() -> re.Pattern[str]:
    phrases = sorted(vague_quantities(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def qualify(value: int, preceding_text: str) -> Quantity:
    """Bound ``value`` by the qualifier that ends ``preceding_text`` ("at least", "about", ...)."""
    for name, pattern in _qualifier_patterns().items():
        if pattern.search(preceding_text):
            if name == "at_least":
                return Quantity(value, value, value, "at_least")
            if name == "at_most":
                return Quantity(min(1, value), value, value, "at_most")
            spread = max(1, round(value * 0.2)) if value > 2 else 0
            return Quantity(max(0, value - spread), value, value + spread, "approximately")
    return Quantity(value, value, value)


def vague(phrase: str) -> Quantity:
    """ACLED's convention for a vague word; low and high are the word's plain range."""
    low, best, high = vague_quantities()[phrase.lower()]
    return Quantity(min(low, best), best, max(high, best), "vague")


def range_quantity(first: int, second: int) -> Quantity:
    """'10 to 15': ACLED codes the lower bound as the figure."""
    low, high = sorted((first, second))
    return Quantity(low, low, high, "range")
