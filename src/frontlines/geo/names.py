"""Name keys: one spelling-insensitive key per place name.

The same function turns gazetteer names and text n-grams into keys, so "Deir ez-Zor",
"Deir Ezzor" and "Dayr az Zawr" meet in the index as ``dair zor``. The folding rules are
the common transliteration variants of Arabic, Persian, Pashto, Kurdish and Urdu names;
they are applied to every name, so a collision costs a candidate, never a missed match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

#: Arabic article forms (and their sun-letter assimilations) written as separate words.
ARTICLES = frozenset(
    "al el il ul ad ed ar er as es ash esh at et az ez uz an en ath adh".split()
)
#: Articles that are also English words: in running text they count as part of a name
#: only when hyphenated to it ("as-Suwayda"), never in "As Aleppo fell".
ENGLISH_LOOKING_ARTICLES = frozenset("ad an as at es et en ed er".split())

#: Words naming the kind of an administrative area; dropped to make a second key for
#: admin records ("Aleppo Governorate" -> "alepo") and recognised after names in text.
ADMIN_WORDS = frozenset(
    """province provinces governorate governorates district districts region state oblast county
    municipality muhafazat muhafazah mohafazat wilayat wilayah velayat vilayeti ostan rayon raion
    department prefecture emirate territory division subdivision qada kaza nahiya subdistrict
    sub-district""".split()
)

#: Bump when the folding rules change: an index built with other keys is rebuilt.
NAME_KEY_VERSION = "3"

_APOSTROPHES = re.compile(r"[\'\u2019\u2018`\u02bf\u02be\u02bc\u00b4]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ASSIMILATED_ARTICLE = re.compile(r"^[aeu]([bcdfghjklmnpqrstvwxyz])\1(?=[a-z]{2})")
_DOUBLED = re.compile(r"([a-z])\1+")
_FOLDS = (
    ("dh", "z"),
    ("q", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ei", "ai"),
    ("ey", "ai"),
    ("ay", "ai"),
    ("aw", "o"),
)


def is_latin(name: str) -> bool:
    """True for names written in Latin script (with or without diacritics)."""
    for char in name:
        code = ord(char)
        if code < 0x250 or 0x1E00 <= code < 0x1F00 or 0x2000 <= code < 0x2070:
            continue
        if unicodedata.category(char).startswith(("P", "Z", "M")):
            continue
        if code in (0x2BF, 0x2BE, 0x2BC):  # transliteration marks for ayn and hamza
            continue
        return False
    return True


#: Common first words of Arabic place names, spelled many ways ("Tell", "Tal", "Tall").
_WORD_VARIANTS = {
    "tel": "tal", "tell": "tal", "tall": "tal",
    "jebel": "jabal", "jabal": "jabal", "jbel": "jabal", "djebel": "jabal",
    "kfar": "kafr", "kafar": "kafr",
    "khirbet": "khirbat", "khirbit": "khirbat", "kherbet": "khirbat", "khirbeh": "khirbat", "khirba": "khirbat",
    "kefr": "kafr", "kfr": "kafr",
    "beni": "bani", "bni": "bani", "banu": "bani",
    "ayn": "ain", "ein": "ain", "aïn": "ain", "ayin": "ain",
    "wady": "wadi", "ouadi": "wadi", "oued": "wadi", "wed": "wadi",
    "bayt": "bait", "beit": "bait", "beyt": "bait",
    "dayr": "dair", "deir": "dair", "dier": "dair",
}


def _fold_token(token: str) -> str:
    token = _WORD_VARIANTS.get(token, token)
    for old, new in _FOLDS:
        token = token.replace(old, new)
    # Arabic has no o/u contrast: Zor, Zour, Zur; Mosul, Musul.
    token = token.replace("o", "u")
    token = _DOUBLED.sub(r"\1", token)
    if len(token) > 3 and token.endswith(("ah", "eh")):
        token = token[:-2] + "a"
    # -iyah / -iyeh / -iye / -ieh / -iya / -ia: Nasiriyah = Nasriya, Nabatiyeh = Nabatieh = Nabatiye.
    if len(token) > 4 and token.endswith(("iye", "iya", "ie")):
        token = token[: -3 if token.endswith(("iye", "iya")) else -2] + "ia"
    return token


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The index key of a place name: ASCII, lower case, articles dropped, variants folded."""
    ascii_name = unidecode(name).lower()
    ascii_name = _APOSTROPHES.sub("", ascii_name)
    tokens = _NON_ALNUM.sub(" ", ascii_name).split()
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in ARTICLES] or tokens[-1:]
    for i in range(1, len(tokens)):
        tokens[i] = _ASSIMILATED_ARTICLE.sub(r"\1", tokens[i])
    return " ".join(_fold_token(t) for t in tokens)


def admin_key(name: str) -> str | None:
    """A second key for an admin area without its kind word ("Kabul Province" -> "kabul")."""
    ascii_name = _NON_ALNUM.sub(" ", unidecode(name).lower()).split()
    kept = [t for t in ascii_name if t not in ADMIN_WORDS]
    if not kept or len(kept) == len(ascii_name):
        return None
    return name_key(" ".join(kept))


def plain(name: str) -> str:
    """Lower-case ASCII without punctuation, for comparing names loosely (no folding)."""
    return " ".join(_NON_ALNUM.sub(" ", unidecode(name).lower()).split())


#: Generic first words of Arabic place names ("Tall Abu Rasayn" is often just "Abu Rasin") and
#: last words that tell namesakes apart ("Zunnar Kabir", "X al-Sharqi"): dropped for the core key.
GENERIC_FIRST_WORDS = frozenset("tal khirbat karyat karia mazraa mazrat hai jabal wadi".split())
GENERIC_LAST_WORDS = frozenset(
    """kabir kabira saghir saghira sagir sharki sharkia gharbi gharbia shamali shamalia janubi janubia
    fukani fuka fokani tahtani tahta tahtania wusta ulia ulya sufla jadid jadida kadim kadima""".split()
)
_VOWELISH = re.compile(r"[aeiouyw]+")


def core_key(key: str) -> str | None:
    """A name key without generic first and last words ("tal abu rasain" -> "abu rasain"), or None."""
    tokens = key.split()
    if len(tokens) > 1 and tokens[0] in GENERIC_FIRST_WORDS:
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[-1] in GENERIC_LAST_WORDS:
        tokens = tokens[:-1]
    core = " ".join(tokens)
    return core if core != key else None


def skeleton(key: str) -> str:
    """The consonant skeleton of a name key: no spaces, vowels, y or w; doubled letters single.

    "kuamishli" and "kamishli" share "kmshl"; "nasriya" and "nasiria" share "nsr";
    "kafrnabl" and "kafr nabl" share "kfrnbl". Used only to find fuzzy candidates.
    """
    compact = key.replace(" ", "")
    return _DOUBLED.sub(r"\1", _VOWELISH.sub("", compact.replace("j", "g")))


def vowel_pattern(key: str) -> str:
    """A key with spaces dropped and each vowel run written "a": compared for fuzzy matches."""
    return _VOWELISH.sub("a", key.replace(" ", ""))


_TRANSLITERATION_MARKS = re.compile(r"[\u02bf\u02be\u02bb\u02bc\u2018\u2019`\u00b4]")


def ascii_name(name: str) -> str:
    """The ASCII form of a Latin-script name for output: "Ma‘arrat an Nu‘mān" -> "Ma'arrat an Nu'man".

    Ayn and hamza marks become apostrophes inside a word and vanish at its edges ("‘Afrīn" -> "Afrin").
    """
    marked = _TRANSLITERATION_MARKS.sub("'", name)
    text = unidecode(marked)
    text = re.sub(r"(?<![A-Za-z])'+|'+(?![A-Za-z])", "", text)
    return " ".join(text.split())


_ADMIN_PREFIX = re.compile(
    r"^(?:muhafazat|mohafazat|muhafazah|mintaqat|sha'?`?biyat|wilayat|velayat|ostan|mayorality\s+of|"
    r"governorate\s+of|province\s+of)(?:[-\s]+e)?[-\s]+",
    re.I,
)
_ADMIN_SUFFIX = re.compile(r"\s+(?:governorate|muhafazat)$", re.I)


def clean_admin_name(name: str) -> str:
    """An admin1 name without local kind words: "Muhafazat Kirkuk" -> "Kirkuk",
    "Wilayat-e Baghlan" -> "Baghlan", "Basra Governorate" -> "Basra"."""
    stripped = ascii_name(_ADMIN_SUFFIX.sub("", _ADMIN_PREFIX.sub("", name.strip())).strip())
    if not stripped:
        return name
    return stripped[0].upper() + stripped[1:]
