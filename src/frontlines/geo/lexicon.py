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

# The English word list keeps fuzzy spelling matches off ordinary words ("Security" must not
# become a village "Sakarat"); it lives with the other data loaders.
from frontlines.data.english import english_words, is_english_word  # noqa: F401
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
def admin1_english() -> dict[tuple[str, str], str]:
    """(ISO2, folded GeoNames admin1 name) -> the English name reports use ("Beyrouth" -> "Beirut")."""
    table = {}
    for line_no, fields in _read("admin1_english.tsv"):
        if len(fields) != 3:
            raise DataFileError("expected ISO2, GeoNames name, English name", document="admin1_english.tsv", line=line_no)
        table[(fields[0].upper(), plain(fields[1]))] = fields[2]
    return table


def english_admin1(country_code: str, name: str | None) -> str | None:
    """The English name of an admin1 area, where GeoNames gives a French or local one."""
    if not name:
        return name
    return admin1_english().get((country_code, plain(name)), name)


@cache
def demonyms() -> dict[str, str]:
    table = {}
    for line_no, fields in _read("demonyms.tsv"):
        if len(fields) != 2 or len(fields[1]) != 2:
            raise DataFileError("expected demonym<TAB>ISO2", document="demonyms.tsv", line=line_no)
        table[plain(fields[0])] = fields[1].upper()
    return table


