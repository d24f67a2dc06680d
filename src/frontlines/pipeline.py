"""The library entry point: reports in, events out. Every engine and the CLI call this.

    >>> from frontlines import extract
    >>> from frontlines.ingest import make_report
    >>> events = list(extract([make_report("r1", text)]))

The gazetteer and the spaCy pipeline are passed in or loaded once; ``extract`` streams, so the
same function serves one report, a batch, a process pool and a Dask partition.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from frontlines.collection import CollectionProfile, profile_collection
from frontlines.extract.assemble import assemble, focus_country
from frontlines.extract.actors import find_actors
from frontlines.extract.dates import find_dates
from frontlines.extract.mentions import read_sentence
from frontlines.ingest.dateline import find_dateline
from frontlines.model import Event, Report, Sentence, Toponym

if TYPE_CHECKING:
    from spacy.language import Language

    from frontlines.geo import Gazetteer

log = logging.getLogger(__name__)


class Extractor:
    """Holds the loaded resources (spaCy, gazetteer) so they are loaded once per process."""

    def __init__(
        self,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        profile: CollectionProfile | None = None,
    ):
        self._nlp = nlp
        self._gazetteer = gazetteer
        #: What the collection is about (see :func:`profile_reports`); None reads each report alone.
        self.profile = profile
        self._last_prediction: tuple[str | None, CollectionProfile | None, str | None] = (None, None, None)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from frontlines.nlp import load_nlp

            self._nlp = load_nlp()
        return self._nlp

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from frontlines.geo import Gazetteer

            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def toponyms(self, report: Report) -> list[Toponym]:
        from frontlines.geo import find_toponyms

        return find_toponyms(
            report.doc_id,
            report.text,
            self.gazetteer,
            focus_country=actors_home(report.text) or self._predicted_country(report.text),
            prior=self.profile.country_prior if self.profile else None,
        )

    def _predicted_country(self, text: str) -> str | None:
        # Asked twice per report (for place resolution, then for assembly): remember the last.
        last_text, last_profile, last_country = self._last_prediction
        if last_text is not text or last_profile is not self.profile:
            predicted = self.profile.predict_country(text) if self.profile else None
            last_country = predicted[0] if predicted else None
            self._last_prediction = (text, self.profile, last_country)
        return last_country

    def events_of(self, report: Report, sentences: list[Sentence]) -> list[Event]:
        toponyms = without_actor_names(self.toponyms(report), report.text)
        dateline = find_dateline(report.text)
        skip = dateline[1:] if dateline else None
        mentions = []
        stated_dates = []
        for sentence in sentences:
            dates = find_dates(report.doc_id, sentence.text, report.reference_date, sentence.start, skip)
            stated_dates.extend((sentence.index, d) for d in dates)
            mention = read_sentence(report.doc_id, sentence, report.reference_date, toponyms, dates)
            if mention is not None:
                mentions.append(mention)
        # What the collection's country model says of the report backs its place names, and
        # gives a report that names no place a country (never coordinates).
        hint = self._predicted_country(report.text) if any(m.sub_event_type for m in mentions) else None
        focus = focus_country(toponyms, hint)
        named_places = any(t.place is not None and t.role not in ("based", "other") for t in toponyms)
        source = "report" if named_places else "collection model"
        return assemble(report, mentions, focus, stated_dates, toponyms, focus_source=source)

    def extract(self, reports: Iterable[Report], batch_size: int = 64) -> Iterator[Event]:
        from frontlines.nlp import sentences_of_many

        pending: dict[str, Report] = {}

        def texts() -> Iterator[tuple[str, str]]:
            # Keys are unique even when two reports share a doc_id.
            for number, report in enumerate(reports):
                key = f"{number}:{report.doc_id}"
                pending[key] = report
                yield key, report.text

        for key, sentences in sentences_of_many(texts(), self.nlp, batch_size=batch_size):
            report = pending.pop(key)
            yield from self.events_of(report, sentences)


def profile_reports(reports: Iterable[Report], gazetteer: Gazetteer | None = None) -> CollectionProfile:
    """What a collection is about, learned in a first pass before extraction (see
    ``frontlines.collection``): a Lebanese feed's "Tripoli" then resolves to Lebanon, a Libyan
    feed's to Libya. It needs no spaCy and costs one geoparse per report."""
    return profile_collection(reports, gazetteer or default_extractor().gazetteer)


def actors_home(text: str) -> str | None:
    """The country a report's actors belong to ("pro-Houthi forces" -> YE, "Palestinian
    farmers" -> PS): a hint for places whose names exist in several countries."""
    votes: Counter[str] = Counter()
    for actor in find_actors(text):
        if actor.theatre:
            votes[actor.theatre] += 1
        elif actor.home_country and actor.inter != 8 and actor.role in ("named", "civilians", "protesters"):
            votes[actor.home_country] += 1
    return votes.most_common(1)[0][0] if votes else None


def without_actor_names(toponyms: list[Toponym], text: str) -> list[Toponym]:
    """Drop place names that are part of an actor's name: "Boko" in Boko Haram is not Baku,
    "Shabaab" in al-Shabaab is not a village, "Kurdistan" in the Kurdistan Workers' Party is no place."""
    named = [(a.start, a.end) for a in find_actors(text) if a.role == "named"]
    return [t for t in toponyms if not any(start <= t.start and t.end <= end for start, end in named)]


_default: Extractor | None = None


def default_extractor() -> Extractor:
    global _default
    if _default is None:
        _default = Extractor()
    return _default


def extract(reports: Iterable[Report], *, extractor: Extractor | None = None) -> Iterator[Event]:
    """Events from reports, streaming, in input order."""
    return (extractor or default_extractor()).extract(reports)
