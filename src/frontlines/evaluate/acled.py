"""Scoring extraction against ACLED-style gold documents, per field, the way the project is judged.

Events are compared per document, so splitting one event or merging two is not punished twice:
- event type, sub-event type and actor type (inter codes): P/R/F1 over (document, value) pairs;
- fatalities: the document's total must equal the gold total (overall, and on documents with deaths);
- date, admin1, country: a document is right when one of its events has the gold value;
- places: a gold event counts when an event of its document lies within 10, 25 or 161 km.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from unidecode import unidecode

from frontlines.ingest import make_report
from frontlines.ingest.readers import parse_date
from frontlines.model import Report

DISTANCES_KM = (10, 25, 161)
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ath|adh)[\s-]+")
_ADMIN_WORDS = re.compile(r"\b(?:province|governorate|district|region|state|muhafazat|vilayeti|ili|city|county|oblast|mintaqat|mohafazat)\b")


def normalise_name(name: str | None) -> str:
    if not name:
        return ""
    text = unidecode(name).lower().replace("'", "").replace("’", "")
    text = _ADMIN_WORDS.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = _ARTICLE.sub("", text)
    return text.replace(" ", "")


def same_name(a: str | None, b: str | None) -> bool:
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return False
    return na == nb or SequenceMatcher(None, na, nb).ratio() >= 0.8


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def as_dict(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class Scores:
    documents: int = 0
    event_type: PRF = field(default_factory=PRF)
    sub_event_type: PRF = field(default_factory=PRF)
    inter: PRF = field(default_factory=PRF)
    fatalities_exact: int = 0
    deadly_documents: int = 0
    fatalities_exact_deadly: int = 0
    date: int = 0
    admin1: int = 0
    country: int = 0
    gold_events: int = 0
    within: dict[int, int] = field(default_factory=lambda: {d: 0 for d in DISTANCES_KM})

    def as_dict(self) -> dict[str, Any]:
        n = self.documents or 1
        return {
            "documents": self.documents,
            "event_type": self.event_type.as_dict(),
            "sub_event_type": self.sub_event_type.as_dict(),
            "inter": self.inter.as_dict(),
            "fatalities_exact": round(self.fatalities_exact / n, 4),
            "fatalities_exact_deadly": round(self.fatalities_exact_deadly / (self.deadly_documents or 1), 4),
            "date": round(self.date / n, 4),
            "admin1": round(self.admin1 / n, 4),
            "country": round(self.country / n, 4),
            **{f"within_{d}km": round(self.within[d] / (self.gold_events or 1), 4) for d in DISTANCES_KM},
        }


def score_document(scores: Scores, gold: list[dict[str, Any]], predicted: list[dict[str, Any]], doc_id: str) -> None:
    scores.documents += 1
    scores.event_type.add({e["event_type"] for e in predicted}, {g["event_type"] for g in gold})
    scores.sub_event_type.add({e["sub_event_type"] for e in predicted}, {g["sub_event_type"] for g in gold})
    predicted_inter = {int(e.get(k) or 0) for e in predicted for k in ("inter1", "inter2")} - {0}
    gold_inter = {int(g.get(k) or 0) for g in gold for k in ("inter1", "inter2")} - {0}
    scores.inter.add(predicted_inter, gold_inter)
    gold_dead = sum(int(g.get("fatalities") or 0) for g in gold)
    predicted_dead = sum(int(e.get("fatalities") or 0) for e in predicted)
    scores.fatalities_exact += gold_dead == predicted_dead
    if gold_dead > 0:
        scores.deadly_documents += 1
        scores.fatalities_exact_deadly += gold_dead == predicted_dead
    predicted_dates = {e.get("event_date") for e in predicted}
    scores.date += any(g.get("event_date") in predicted_dates for g in gold)
    scores.admin1 += any(same_name(g.get("admin1"), e.get("admin1")) for g in gold for e in predicted)
    scores.country += any(same_name(g.get("country"), e.get("country")) for g in gold for e in predicted)
    for g in gold:
        scores.gold_events += 1
        if g.get("latitude") is None:
            continue
        distances = [
            haversine_km(float(g["latitude"]), float(g["longitude"]), e["latitude"], e["longitude"])
            for e in predicted
            if e.get("latitude") is not None
        ]
        nearest = min(distances, default=math.inf)
        for d in DISTANCES_KM:
            scores.within[d] += nearest <= d


def read_gold(path: str | Path) -> list[tuple[Report, list[dict[str, Any]]]]:
    documents = []
    with open(path, encoding="utf-8") as stream:
        for line_no, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            published = parse_date(record.get("published"), document=str(path), line=line_no)
            report = make_report(str(record["id"]), record["text"], published=published, origin="metadata")
            documents.append((report, record.get("gold", [])))
    return documents


def evaluate(
    documents: Iterable[tuple[Report, list[dict[str, Any]]]], extractor=None, *, profile: bool = True
) -> tuple[Scores, dict[str, list[dict]]]:
    """Run the extraction over gold documents; return the scores and the predictions by document.

    As ``frontlines extract`` does for files, the collection is profiled from the documents' own
    texts first (never from the gold), unless ``profile`` is False.
    """
    from frontlines.pipeline import Extractor, extract, profile_reports

    documents = list(documents)
    if extractor is None:
        extractor = Extractor()
    if profile and extractor.profile is None:
        extractor.profile = profile_reports((report for report, _ in documents), extractor.gazetteer)
    by_doc: dict[str, list[dict[str, Any]]] = {report.doc_id: [] for report, _ in documents}
    for event in extract((report for report, _ in documents), extractor=extractor):
        by_doc[event.doc_id].append(event.as_dict())
    scores = Scores()
    for report, gold in documents:
        score_document(scores, gold, by_doc[report.doc_id], report.doc_id)
    return scores, by_doc
