"""A cheap English check, so that a French or Arabic report is refused with a clear error
instead of yielding confident nonsense."""

from __future__ import annotations

import re

from frontlines.data.english import english_words, is_english_word

#: Function words, which WordNet's lemma list leaves out.
_FUNCTION_WORDS = frozenset(
    "the of and to in a an is that for on was with by as at from were have has had be are it "
    "which who whom whose this these those they them their its his her he she we our you not no "
    "nor or but if than then there when where while after before during between into over under "
    "about against among since until also been being would could should will may might must "
    "any all both each some such only own other another more most".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Below this share of English words among a text's lower-case words, it is not English.
MIN_ENGLISH_SHARE = 0.5


def looks_english(text: str, *, sample_chars: int = 5000) -> bool:
    words = _WORD.findall(text[:sample_chars])
    letters = [ch for w in words for ch in w]
    if letters and sum(ch.isascii() for ch in letters) / len(letters) < 0.6:
        return False  # mostly another script
    # Capitalised words are names in any language; judge by the others.
    lower = [w for w in words if w.islower()]
    if len(lower) < 6 or not english_words():
        return True  # too little to judge (or no word list installed): let it through
    english = sum(1 for w in lower if w in _FUNCTION_WORDS or is_english_word(w))
    return english / len(lower) >= MIN_ENGLISH_SHARE
