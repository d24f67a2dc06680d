"""What a collection of reports is about, learned from the collection itself before extraction.

Single reports are often too short to say which country they are in: "protesters blocked the
Tripoli highway" has namesakes in Lebanon and Libya, and "residents blocked a road in a
village" names no place at all. A collection is not: most of its reports place themselves
confidently. A first pass over the collection learns

- a **country prior**: the share of its confidently placed names by country, which breaks ties
  between namesakes (see ``geo.resolve``); and
- a **country model**: a naive Bayes model of the words of the reports that place themselves,
  which gives a country (never coordinates) to an event whose report names no place, when the
  model is sure.

Nothing is built in for any region: a Lebanon feed teaches Lebanon, a Sahel feed the Sahel.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontlines.model import Report, Toponym

if TYPE_CHECKING:
    from frontlines.geo import Gazetteer

#: A first pass over a very large collection reads this many reports; the rest only use it.
DEFAULT_SAMPLE = 20_000
#: The model names a country only when it is at least this sure.
MIN_POSTERIOR = 0.9
#: ...and only from a collection with at least this many self-placed reports to learn from.
MIN_TRAINING_REPORTS = 50
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOPWORDS = frozenset(
    "the and for that with from this were was have has had are their they them been into over "
    "after about which while also said says than its his her who whom where when there other "
    "more most some such only not but all any each both being between during against under "
    "reported reportedly report according".split()
)


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


@dataclass
class CollectionProfile:
    """The country prior and country model of one collection."""

    country_prior: dict[str, float] = field(default_factory=dict)
    word_counts: dict[str, Counter] = field(default_factory=dict)
    report_counts: Counter = field(default_factory=Counter)

    @property
    def trained(self) -> bool:
        return sum(self.report_counts.values()) >= MIN_TRAINING_REPORTS and len(self.report_counts) >= 1

    def learn(self, country: str, text: str) -> None:
        self.report_counts[country] += 1
        self.word_counts.setdefault(country, Counter()).update(words(text))
        self._sizes = None

    def _vocabulary_and_totals(self) -> tuple[int, dict[str, int]]:
        # Computed once after learning, not per prediction: the vocabulary may be large.
        if getattr(self, "_sizes", None) is None:
            vocabulary = len({w for counts in self.word_counts.values() for w in counts}) or 1
            self._sizes = (vocabulary, {country: sum(counts.values()) for country, counts in self.word_counts.items()})
        return self._sizes

    def predict_country(self, text: str) -> tuple[str, float] | None:
        """(ISO2, posterior) for a report's country, or None when the model is not sure."""
        if not self.trained:
            return None
        tokens = words(text)
        if not tokens:
            return None
        vocabulary, totals = self._vocabulary_and_totals()
        total_reports = sum(self.report_counts.values())
        scores: dict[str, float] = {}
        for country, counts in self.word_counts.items():
            denominator = totals[country] + vocabulary
            score = math.log(self.report_counts[country] / total_reports)
            for token in tokens:
                score += math.log((counts.get(token, 0) + 1) / denominator)
            scores[country] = score
        best = max(scores, key=scores.__getitem__)
        top = scores[best]
        posterior = 1.0 / sum(math.exp(s - top) for s in scores.values())
        return (best, posterior) if posterior >= MIN_POSTERIOR else None


def confident_country(toponyms: list[Toponym]) -> str | None:
    """The country a report places itself in, when it does so clearly: it names a country or a
    province, or a town the resolver is sure of, and no other country."""
    sure = {
        t.place.country_code
        for t in toponyms
        if t.place is not None
        and t.place.country_code
        and t.role not in ("based", "other")
        and (t.place.is_country or t.place.is_admin1 or t.score >= 0.7)
    }
    return sure.pop() if len(sure) == 1 else None


def profile_collection(
    reports: Iterable[Report], gazetteer: Gazetteer, *, sample: int = DEFAULT_SAMPLE
) -> CollectionProfile:
    """Learn a collection's country prior and country model from (a sample of) its reports."""
    from frontlines.geo import find_toponyms

    profile = CollectionProfile()
    votes: Counter = Counter()
    for index, report in enumerate(reports):
        if index >= sample:
            break
        toponyms = find_toponyms(report.doc_id, report.text, gazetteer)
        for toponym in toponyms:
            place = toponym.place
            if place is None or toponym.role in ("based", "other") or not place.country_code:
                continue
            if place.is_country or place.is_admin1:
                votes[place.country_code] += 1.0
            elif toponym.score >= 0.7:
                votes[place.country_code] += 0.5
        country = confident_country(toponyms)
        if country:
            profile.learn(country, report.text)
    total = sum(votes.values())
    profile.country_prior = {cc: count / total for cc, count in votes.items()} if total else {}
    return profile
