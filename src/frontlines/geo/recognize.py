"""Toponym recognition: gazetteer matching over capitalised n-grams of the text.

Every run of capitalised words (with name-internal connectors such as "al", "ez", "de",
"of") up to six words long is folded by ``name_key`` and looked up in one batch. The
longest n-gram with candidates wins, left to right. spaCy NER is not used: it tags
Aleppo as NORP and Hasakah as ORG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from frontlines.geo import lexicon
from frontlines.geo.gazetteer import KIND_ALIAS, Candidate, Gazetteer
from frontlines.geo.index import KIND_ALTERNATE
from frontlines.geo.names import ARTICLES, ENGLISH_LOOKING_ARTICLES, name_key, plain

MAX_NGRAM = 6

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['\u2019`\u02bf\u02bc][^\W\d_]+)*")
_POSSESSIVE = ("'s", "\u2019s")
#: Lower-case words that may sit inside a place name.
CONNECTORS = frozenset(
    """al el il ul ad ed ar er ur as es us ash esh at et az ez uz an en un ath adh
    de del della dello dei degli di da do dos das du des la le les lo los von van der den
    of on upon sur sous am im bin ibn bint abu bani beni banu e i y and the""".split()
)
_ABBREVIATIONS = frozenset({"st", "mt", "ft"})
#: Words after a name that say what kind of place it is.
ADMIN_QUALIFIERS = {
    "province": "admin1", "governorate": "admin1", "region": "admin1", "state": "admin1",
    "oblast": "admin1", "wilayat": "admin1", "prefecture": "admin1", "emirate": "admin1",
    "district": "admin2", "county": "admin2", "municipality": "admin2", "raion": "admin2",
    "rayon": "admin2", "subdistrict": "admin2", "sub-district": "admin2", "department": "admin2",
    "city": "settlement", "town": "settlement", "village": "settlement", "camp": "settlement",
    "neighbourhood": "settlement", "neighborhood": "settlement", "suburb": "settlement",
    "countryside": "countryside", "outskirts": "countryside", "suburbs": "countryside",
}
_QUALIFIER_AFTER = re.compile(r"(?:['\u2019]s)?[ \t]+(" + "|".join(sorted(ADMIN_QUALIFIERS, key=len, reverse=True)) + r")\b", re.I)
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(ADMIN_QUALIFIERS, key=len, reverse=True)) + r")\s+of\s+(?:the\s+)?$", re.I
)


#: "US dollar", "Syrian pound": a country naming a currency is not a place in the text.
_CURRENCY_AFTER = re.compile(r"[ \-]+(?:dollars?|currency|currencies|pounds?|lira|liras|rials?|riyals?|dinars?|hryvnias?|euros?)\b", re.I)


@dataclass
class Token:
    start: int
    end: int
    text: str
    possessive: bool = False

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Mention:
    """A name in the text and the places it may refer to, before resolution."""

    start: int
    end: int
    text: str
    key: str
    candidates: list[Candidate]
    words: int = 1
    #: "admin1", "admin2", "settlement", "countryside" from "X province", "city of X"...
    qualifier: str | None = None
    notes: dict = field(default_factory=dict)


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        possessive = word.endswith(_POSSESSIVE) and len(word) > 3
        if possessive:
            word, end = word[:-2], end - 2
        tokens.append(Token(start, end, word, possessive))
    return tokens


def _joined(text: str, left: Token, right: Token) -> bool:
    """True when two tokens may belong to one name: one space or a hyphen between them."""
    if left.possessive:
        return False
    gap = text[left.end : right.start]
    if gap in (" ", "-", "\u2010", "- ", " -"):
        return True
    return gap == ". " and left.lower in _ABBREVIATIONS


def _may_start(text: str, tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    lower = token.lower
    if lower in ARTICLES:
        # "al-Hasakah", "Al Jawf", but not "As Aleppo fell" or "at Homs".
        if i + 1 >= len(tokens) or not _joined(text, token, tokens[i + 1]) or not tokens[i + 1].capitalised:
            return False
        hyphenated = text[token.end : tokens[i + 1].start].strip() in ("-", "\u2010")
        if hyphenated or (token.capitalised and lower not in ENGLISH_LOOKING_ARTICLES):
            return True
        # A capitalised "As", "At", "Ad" inside a sentence is an article ("(Qaatabah, Ad Dali)").
        return token.capitalised and not _sentence_initial(text, token.start)
    return token.capitalised


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?:\n"


def candidate_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """(first token, last token) index pairs worth looking up, longest first per start."""
    spans = []
    for i in range(len(tokens)):
        if not _may_start(text, tokens, i):
            continue
        for j in range(i, min(i + MAX_NGRAM, len(tokens))):
            if j > i and not _joined(text, tokens[j - 1], tokens[j]):
                break
            if j > i and not tokens[j].capitalised and tokens[j].lower not in CONNECTORS:
                break
            if tokens[j].capitalised and not (j == i and tokens[j].lower in ARTICLES):
                spans.append((i, j))
    return spans


def _qualifier(text: str, start: int, end: int) -> str | None:
    after = _QUALIFIER_AFTER.match(text, end)
    if after:
        return ADMIN_QUALIFIERS[after.group(1).lower()]
    before = _QUALIFIER_BEFORE.search(text, max(0, start - 40), start)
    if before:
        return ADMIN_QUALIFIERS[before.group(1).lower()]
    return None


def _rejected_single_word(text: str, tokens: list[Token], i: int, candidates: list[Candidate],
                          lowercase_words: set[str], qualified: bool) -> bool:
    """Filters for one-word matches, where common words and people's names hide."""
    token = tokens[i]
    word = plain(token.text)
    letters = token.text.replace(".", "")
    via_alias = any(c.kind == KIND_ALIAS for c in candidates)
    if letters.isupper() and len(letters) <= 4:
        return not via_alias  # "IS", "UN", "HRW": acronyms are places only through the alias list
    if word in lexicon.stoplist() and not qualified:
        return True  # "Bank", "Police" ... but "Orange County" is a place
    if len(letters) <= 2 and not via_alias:
        return True  # "La.", "Va.": abbreviations, not the hamlets they spell
    own_name = any(c.kind != KIND_ALTERNATE for c in candidates)
    strong = own_name and any(c.place.is_country or c.place.is_admin1 or c.place.population >= 100_000 for c in candidates)
    if strong:
        return False
    if token.lower in lowercase_words:
        return True  # "Police ... the police": the word is used as a word in this text
    return _inside_longer_name(text, tokens, i)


#: Capitalised words that may stand before or after a place name without being part of
#: a longer name: directions, calendar words.
_FREE_NEIGHBOURS = frozenset(
    """north south east west northern southern eastern western central upper lower greater new old
    rural downtown inner outer monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december""".split()
)


def _inside_longer_name(text: str, tokens: list[Token], i: int) -> bool:
    """True when a small place's name sits inside a longer capitalised name ("Brands Hatch")."""
    if i > 1 and tokens[i - 1].lower in ARTICLES and _joined(text, tokens[i - 2], tokens[i - 1]) \
            and _joined(text, tokens[i - 1], tokens[i]) and tokens[i - 2].capitalised:
        return True  # "Abd el Hamid": a person's or a longer place's name
    if i + 2 < len(tokens) and tokens[i + 1].lower in ARTICLES and _joined(text, tokens[i], tokens[i + 1]) \
            and _joined(text, tokens[i + 1], tokens[i + 2]) and tokens[i + 2].capitalised:
        return True  # "Ein al Hilweh" when only "Ein" is in the gazetteer
    if i > 0 and _joined(text, tokens[i - 1], tokens[i]):
        previous = tokens[i - 1]
        if previous.capitalised and previous.lower not in _FREE_NEIGHBOURS and previous.lower not in CONNECTORS:
            sentence_start = i - 1 == 0 or re.search(r"[.!?:\n\"“]\s*$", text[max(0, previous.start - 3) : previous.start])
            if not sentence_start:
                return True
    if i + 1 < len(tokens) and _joined(text, tokens[i], tokens[i + 1]):
        following = tokens[i + 1]
        if following.capitalised and following.lower not in _FREE_NEIGHBOURS and following.lower not in ADMIN_QUALIFIERS:
            return True
    return False


_KIN_AFTER = re.compile(
    r"(?:\s+and\s+(?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*)?\s+(?:family|families|clan|clans|tribe|tribes|tribesmen)\b"
)


def _person_or_organisation(text: str, tokens: list[Token], first: int, last: int) -> bool:
    if first > 0 and _joined(text, tokens[first - 1], tokens[first]) and tokens[first - 1].lower in lexicon.person_titles():
        return True
    if first > 0 and text[tokens[first - 1].end : tokens[first].start] == ". " and tokens[first - 1].lower in lexicon.person_titles():
        return True  # "Dr. Jordan"
    if last + 1 < len(tokens):
        following = tokens[last + 1]
        gap = text[tokens[last].end : following.start]
        if gap == " " and following.capitalised and following.lower in lexicon.org_heads() and not tokens[last].possessive:
            return True
    # "the Al Omar and Al Sayid families", "the Jaber clan": kin names, not places.
    return bool(_KIN_AFTER.match(text, tokens[last].end))


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every span of the text that names a place in the gazetteer (unresolved)."""
    tokens = tokenize(text)
    spans = candidate_spans(text, tokens)
    keys = {(i, j): name_key(text[tokens[i].start : tokens[j].end]) for i, j in spans}
    found = gazetteer.candidates(set(keys.values()))
    lowercase_words = {t.text for t in tokens if t.text.islower()}
    fuzzy_keys = {
        key for (i, j), key in keys.items()
        if key not in found and _may_be_fuzzy(text, tokens, i, j, lowercase_words)
    }
    fuzzy = gazetteer.fuzzy_candidates(fuzzy_keys) if fuzzy_keys else {}
    by_start: dict[int, list[int]] = {}
    for i, j in spans:
        by_start.setdefault(i, []).append(j)
    # Where a name spelled exactly starts that a fuzzy span may not swallow: a longer name, or
    # a well-known place ("Sidon Fransabank" is Sidon; but "Sahm El Golan" is not the hamlet Sahm).
    exact_starts = {
        i for (i, j), key in keys.items()
        if key in found and (" " in key or any(_well_known(c.place) for c in found[key]))
    }
    mentions: list[Mention] = []
    regions = lexicon.regions()
    i = 0
    while i < len(tokens):
        ends = sorted(by_start.get(i, ()), reverse=True)
        chosen = None
        # Exact spellings first, longest first; a fuzzy one only where no exact name starts
        # here or inside it ("Sidon Fransabank" is Sidon, not a look-alike of the pair).
        attempts = [(j, found) for j in ends] + [
            (j, fuzzy) for j in ends if not any(k in exact_starts for k in range(i, j + 1))
        ]
        for j, source in attempts:
            key = keys[(i, j)]
            if key in regions:
                chosen = (j, [])
                break
            candidates = source.get(key)
            if not candidates:
                continue
            qualified = _qualifier(text, tokens[i].start, tokens[j].end) in ("admin1", "admin2")
            if j == i and _rejected_single_word(text, tokens, i, candidates, lowercase_words, qualified):
                continue
            if _ends_in_admin_word(tokens, i, j) and any(
                found.get(keys[(i, k)]) and keys[(i, k)] not in regions
                and (k > i or not _rejected_single_word(text, tokens, i, found[keys[(i, k)]], lowercase_words, True))
                for k in ends if i <= k < j
            ):
                continue  # "Idlib Province": take "Idlib" and read "Province" as a qualifier
            chosen = (j, candidates)
            break
        if chosen is None:
            i += 1
            continue
        j, candidates = chosen
        start, end = tokens[i].start, tokens[j].end
        if _person_or_organisation(text, tokens, i, j) or _CURRENCY_AFTER.match(text, tokens[j].end):
            i = j + 1
            continue
        words = sum(1 for t in tokens[i : j + 1] if t.lower not in CONNECTORS)
        mention = Mention(start, end, text[start:end], keys[(i, j)], candidates, words, _qualifier(text, start, end))
        mention.notes["region"] = not candidates
        mentions.append(mention)
        i = j + 1
    return mentions


def _well_known(place) -> bool:
    return place.is_country or place.is_admin1 or place.population >= 50_000


def _may_be_fuzzy(text: str, tokens: list[Token], i: int, j: int, lowercase_words: set[str]) -> bool:
    """Whether a span that matches no name exactly may be matched by spelling similarity.

    Never for English words ("Security", "Protesters"), stoplisted words, acronyms, words the
    text also uses in lower case, or a span after a person's title.
    """
    content = [t for t in tokens[i : j + 1] if t.lower not in CONNECTORS and t.lower not in ARTICLES]
    if not content:
        return False
    stop = lexicon.stoplist()
    for token in content:
        letters = token.text.replace(".", "")
        if letters.isupper() and len(letters) <= 5:
            return False
        if plain(token.text) in stop or token.lower in lowercase_words:
            return False
        if ADMIN_QUALIFIERS.get(token.lower):
            return False
    english = [lexicon.is_english_word(t.text) for t in content]
    if all(english) or (len(content) == 1 and english[0]):
        return False
    return not _person_or_organisation(text, tokens, i, j)


def _ends_in_admin_word(tokens: list[Token], i: int, j: int) -> bool:
    return j > i and ADMIN_QUALIFIERS.get(tokens[j].lower, "settlement") != "settlement"
