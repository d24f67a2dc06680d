"""A cheap English check, so that a French or Arabic report is refused with a clear error
instead of yielding confident nonsense."""

from __future__ import annotations

import re

_COMMON = frozenset(
    "the of and to in a is that for on was with by as at from were have has had be are "
    "it an which said after killed people two three their they this been but not or who "
    "over more into its his her than also between during near against forces".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_english(text: str, *, sample_chars: int = 5000) -> bool:
    words = _WORD.findall(text[:sample_chars])
    if len(words) < 8:
        # Too short to judge by function words; judge by script instead.
        letters = [ch for w in words for ch in w]
        return not letters or sum(ch.isascii() for ch in letters) / len(letters) > 0.6
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.6:
        return False
    common = sum(1 for w in words if w.lower() in _COMMON)
    return common / len(words) >= 0.06
