"""Toponym resolution: choose one place per mention, or none.

Each candidate gets a score from evidence that adds up (a log-linear model with
hand-set weights):

* prior: population, feature kind (country, admin1, capital), how the name belongs to it;
* qualifier: "X province" wants an admin area, "the town of X" a settlement;
* focus: the document's countries, from country names, demonyms and confident picks;
* hierarchy: "Andar district, Ghazni province", "Hasakah, Syria", "Syria's Hasakah";
* proximity: near the document's other places.

An explicit "none of these" candidate competes with a fixed score, so a mention whose
only candidates are tiny, far-away namesakes resolves to nothing.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from frontlines.geo import lexicon
from frontlines.geo.gazetteer import KIND_ALIAS, KIND_FUZZY, Candidate, Gazetteer
from frontlines.geo.index import KIND_ALTERNATE, KIND_NAME
from frontlines.geo.link import precision_of, role_of
from frontlines.geo.names import plain
from frontlines.geo.recognize import Mention, find_mentions
from frontlines.model import Place, Toponym

log = logging.getLogger(__name__)

#: The score of "none of these": candidates must beat it to be chosen.
ABSTAIN_SCORE = 1.2
FOCUS_WEIGHT = 3.0
HIERARCHY_BONUS = 4.0
OFF_FOCUS_PENALTY = 1.5
UNSUPPORTED_PENALTY = 0.5
#: Focus weight of a name whose plausible places all lie in one country.
MENTION_VOTE = 0.5
#: Prior penalty of a fuzzy spelling match, plus this slope times (1 - similarity).
FUZZY_PENALTY = 1.0
FUZZY_SLOPE = 4.0
FUZZY_BESIDE_EXACT = 2.0
#: A fuzzy match needs one of: a stated hierarchy ("Sfuhen, Idleb"), a place of the text
#: within 50 km, or this share of the collection's places (see ``country_prior``). The
#: document's country focus alone is not enough: "Cohen" in a US story is not Cheyenne.
FUZZY_MIN_COLLECTION = 0.05
#: The most a collection prior adds to a candidate (a country with all of the collection's places).
PRIOR_WEIGHT = 2.0
PRIOR_FLOOR = 0.001

_DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b")
_CONTAINED_IN = re.compile(
    r"^(?:\s+(?:district|province|governorate|city|town|village|county|region|state|sub-?district|area))?"
    r"\s*(?:,|\(|,?\s+in|,?\s+of)\s*(?:the\s+)?(?:(?:\w+ern|central)\s+)?"
    r"(?:(?:province|governorate|district|city|town|region|state|county)\s+of\s+)?$",
    re.I,
)
_POSSESSIVE_GAP = re.compile(r"^['\u2019]s\s+(?:(?:\w+ern|central)\s+)?(?:(?:province|city|town|region)\s+of\s+)?$", re.I)


def haversine_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def contains(outer: Place, inner: Place) -> bool:
    """True when ``inner`` lies inside ``outer`` by the administrative codes (or is beside a town)."""
    if outer is inner or outer.country_code != inner.country_code:
        return False
    if outer.is_country:
        return not inner.is_country
    if outer.is_admin1:
        return not inner.is_admin1 and inner.admin1_code == outer.admin1_code
    if outer.feature_code == "ADM2":
        return inner.feature_class == "P" and inner.admin1_code == outer.admin1_code and inner.admin2 == outer.name
    if outer.feature_class == "P" and inner.feature_class in ("P", "A"):
        return haversine_km(outer, inner) < 30
    return False


def _is_broad(place: Place) -> bool:
    return place.is_country or place.feature_code == "CONT"


@dataclass
class _Scored:
    candidate: Candidate
    prior: float
    total: float = 0.0


def _prior(mention: Mention, candidate: Candidate, cities_within: set[tuple[str, str]]) -> float:
    place = candidate.place
    score = 0.45 * math.log10(place.population + 1)
    code = place.feature_code
    if place.is_country:
        score += 3.5
    elif code == "CONT":
        score += 3.0
    elif place.is_admin1:
        score += 1.0
    elif code == "ADM2":
        # A district is rarely named bare: "Liverpool" is the city, "Atlantic" not a county.
        score += 0.2 if mention.qualifier in ("admin1", "admin2") else -2.5
    elif code == "PPLC":
        score += 1.5
    elif code in ("PPLA", "PPLG"):
        score += 0.6
    elif code in ("PPLA2", "PPLA3"):
        score += 0.3
    elif code in ("PPLH", "PPLQ", "PPLW", "PPLCH"):
        score -= 1.5
    if candidate.kind == KIND_NAME:
        score += 0.3
    elif candidate.kind == KIND_ALIAS:
        score += 1.0
    elif candidate.kind == KIND_FUZZY:
        # A spelling that only resembles the name: it needs the context (focus, the
        # collection's countries, a stated hierarchy, nearby places) to win.
        score -= FUZZY_PENALTY + FUZZY_SLOPE * (1.0 - candidate.similarity)
        if any(c.kind != KIND_FUZZY for c in mention.candidates):
            score -= FUZZY_BESIDE_EXACT  # the name is spelled exactly like some other place
    else:
        # An alternate name that does not fold to the place's own name ("Human" for Uman)
        # is weaker evidence, above all for one word.
        score -= 1.0 if mention.words == 1 else 0.3
    score += 0.3 * (mention.words - 1)
    qualifier = mention.qualifier
    is_admin = place.feature_class == "A" and not place.is_country
    if qualifier in ("admin1", "admin2"):
        wanted = "ADM1" if qualifier == "admin1" else "ADM2"
        if code == wanted:
            score += 3.5
        elif is_admin:
            score += 2.0
        else:
            score -= 1.5
    elif qualifier == "settlement":
        score += 1.5 if place.feature_class == "P" else -3.0
    elif qualifier == "countryside":
        score += 0.5 if place.is_admin1 or place.feature_class == "P" else -1.0
    if qualifier not in ("admin1", "admin2") and place.is_admin1 and (place.country_code, place.admin1_code or "") in cities_within:
        # "Aleppo", "Idlib", "Kabul": a bare name means the city, not the province named after it.
        score -= 2.0
    return score


def _focus_weights(text: str, mentions: list[Mention], gazetteer: Gazetteer, focus_country: str | None) -> Counter:
    weights: Counter = Counter()
    demonyms = lexicon.demonyms()
    for match in _DEMONYM.finditer(text):
        cc = demonyms.get(plain(match.group()))
        if cc:
            weights[cc] += 0.5
    for mention in mentions:
        named = {c.place.country_code for c in mention.candidates if c.place.is_country and c.kind != KIND_ALTERNATE}
        if len(named) == 1:
            weights[named.pop()] += 1.0
    if focus_country:
        country = gazetteer.country(focus_country)
        if country is not None:
            weights[country.country_code] += max(3.0, sum(weights.values()))
    return weights


def resolve_mentions(
    text: str,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    focus_country: str | None = None,
    prior: Mapping[str, float] | None = None,
) -> list[tuple[Mention, Place | None, float]]:
    """Pick a place (or none) for each mention; returns (mention, place, confidence).

    ``prior`` is a collection-level share of places by country (see ``frontlines.collection``):
    between namesakes the text cannot tell apart, the one in a country the collection is
    about wins.
    """
    if not mentions:
        return []
    scored: list[list[_Scored]] = []
    for mention in mentions:
        cities_within = {
            (c.place.country_code, c.place.admin1_code or "")
            for c in mention.candidates
            if c.place.feature_class == "P" and c.place.population >= 1000
        }
        scored.append([_Scored(c, _prior(mention, c, cities_within)) for c in mention.candidates])

    # Focus: country names, demonyms and focus_country, plus a soft vote from every other
    # name: each distinct name spreads one vote over the countries of its candidates, by
    # their probability. Two rounds, so agreeing names ("Tripoli" and "el Mina") pull each
    # other into one country. A name never votes for itself.
    base = _focus_weights(text, mentions, gazetteer, focus_country)
    hierarchy = _hierarchy_bonuses(text, mentions)
    keys = [m.key for m in mentions]
    key_counts = Counter(keys)
    totals = [[o.prior for o in options] for options in scored]
    for _ in range(2):
        votes: dict[str, Counter] = {}
        for key, options, values in zip(keys, scored, totals):
            if key in votes:
                continue
            votes[key] = _country_vote(options, values)
        first_picks = [options[max(range(len(options)), key=values.__getitem__)] for options, values in zip(scored, totals)]
        totals = []
        for index, options in enumerate(scored):
            weights = Counter(base)
            for key, vote in votes.items():
                if key != keys[index]:
                    for cc, share in vote.items():
                        weights[cc] += MENTION_VOTE * share * key_counts[key]
            total_weight = sum(weights.values())
            focused = total_weight >= 0.9
            # One entry per distinct place: a long report names the same towns again and again,
            # and proximity is computed against every context place for every candidate.
            context = list({
                (place.latitude, place.longitude): place
                for k in range(len(mentions))
                if keys[k] != keys[index] and not _is_broad(place := first_picks[k].candidate.place)
            }.values())
            values = []
            for option in options:
                place = option.candidate.place
                stated = hierarchy.get((index, id(place)), 0.0)
                value = option.prior + stated
                share = weights.get(place.country_code, 0.0) / total_weight if total_weight else 0.0
                value += FOCUS_WEIGHT * share
                if share < 0.05 and not _is_broad(place) and place.population < 100_000:
                    # A small place in a country nothing else in the text points to.
                    value -= OFF_FOCUS_PENALTY if focused else UNSUPPORTED_PENALTY
                near = _proximity(place, context) if not _is_broad(place) and context else 0.0
                value += near
                collection_share = prior.get(place.country_code, 0.0) if prior else 0.0
                if prior:
                    # 0 for a country the collection never places, up to PRIOR_WEIGHT for its main one.
                    value += PRIOR_WEIGHT * (math.log10(collection_share + PRIOR_FLOOR) - math.log10(PRIOR_FLOOR)) / -math.log10(PRIOR_FLOOR)
                if option.candidate.kind == KIND_FUZZY and not (
                    stated or near >= 1.5 or collection_share >= FUZZY_MIN_COLLECTION
                ):
                    value = -math.inf  # a look-alike spelling with nothing in the context for it
                values.append(value)
            totals.append(values)
    for options, values in zip(scored, totals):
        for option, value in zip(options, values):
            option.total = value

    results = []
    for mention, options in zip(mentions, scored):
        best = max(options, key=lambda s: s.total)
        confidence = _confidence(options, best.total, key=lambda s: s.total)
        place = best.candidate.place if best.total > ABSTAIN_SCORE else None
        results.append((mention, place, confidence if place else 0.0))
    return results


def _confidence(options: list[_Scored], best: float, key=lambda s: s.prior) -> float:
    """Softmax probability of the best option against the others and "none of these"."""
    if best == -math.inf:
        return 0.0
    exps = [math.exp(key(o) - best) for o in options] + [math.exp(ABSTAIN_SCORE - best)]
    return 1.0 / sum(exps)


def _country_vote(options: list[_Scored], values: list[float]) -> Counter:
    """How one name's probability spreads over countries (places, not country records)."""
    best = max(values)
    if best == -math.inf:
        return Counter()
    weights = [math.exp(v - best) for v in values]
    norm = sum(weights) + math.exp(ABSTAIN_SCORE - best)
    vote: Counter = Counter()
    for option, weight in zip(options, weights):
        if not _is_broad(option.candidate.place) and option.candidate.kind != KIND_FUZZY:
            vote[option.candidate.place.country_code] += weight / norm
    return vote


def _proximity(place: Place, context: list[Place]) -> float:
    bonus = 0.0
    for other in context:
        # A degree of latitude is 111 km: places this far apart north-south are beyond 150 km
        # without the trigonometry, which long reports would otherwise do millions of times.
        distance = 1000.0 if abs(place.latitude - other.latitude) > 1.4 else haversine_km(place, other)
        if distance < 50:
            bonus = max(bonus, 1.5)
        elif distance < 150:
            bonus = max(bonus, 1.0)
        elif place.admin1_code and other.country_code == place.country_code and other.admin1_code == place.admin1_code:
            bonus = max(bonus, 0.5)
    return bonus


def _hierarchy_bonuses(text: str, mentions: list[Mention]) -> dict[tuple[int, int], float]:
    """Bonuses for candidate pairs that a stated hierarchy joins ("A, B", "A in B", "B's A")."""
    bonuses: dict[tuple[int, int], float] = {}
    for index in range(len(mentions) - 1):
        first, second = mentions[index], mentions[index + 1]
        gap = text[first.end : second.start]
        if len(gap) > 60:
            continue
        if _CONTAINED_IN.match(gap):
            inner, outer = index, index + 1
        elif _POSSESSIVE_GAP.match(gap):
            inner, outer = index + 1, index
        else:
            continue
        for a in mentions[inner].candidates:
            for b in mentions[outer].candidates:
                if contains(b.place, a.place):
                    bonuses[(inner, id(a.place))] = HIERARCHY_BONUS
                    bonuses[(outer, id(b.place))] = max(bonuses.get((outer, id(b.place)), 0.0), 1.5)
    return bonuses


def find_toponyms(
    doc_id: str,
    text: str,
    gazetteer: Gazetteer,
    *,
    focus_country: str | None = None,
    prior: Mapping[str, float] | None = None,
) -> list[Toponym]:
    """Every toponym in the text, resolved, with its role and precision, sorted by start."""
    mentions = find_mentions(text, gazetteer)
    toponyms = [
        Toponym(doc_id=doc_id, start=m.start, end=m.end, text=m.text, place=None, role="other", precision=3)
        for m in mentions if m.notes.get("region")
    ]
    mentions = [m for m in mentions if not m.notes.get("region")]
    for mention, place, confidence in resolve_mentions(text, mentions, gazetteer, focus_country, prior):
        if place is None and mention.qualifier is None:
            continue  # a name-like word with no fitting place and no sign it is a place
        toponyms.append(
            Toponym(
                doc_id=doc_id, start=mention.start, end=mention.end, text=mention.text, place=place,
                score=confidence, role=role_of(text, mention.start, mention.end),
                precision=precision_of(text, mention.start, mention.end, place, mention.qualifier),
            )
        )
    toponyms.sort(key=lambda t: t.start)
    return toponyms


def document_countries(toponyms: list[Toponym]) -> Counter:
    """ISO2 codes of a document's resolved toponyms, by count (a focus for later stages)."""
    return Counter(t.place.country_code for t in toponyms if t.place is not None and t.place.country_code)

