"""Toponym-level scoring against GeoWebNews (Gritta, Pilehvar and Collier, 2019).

Gold: one JSON object per article, ``{"id", "text", "toponyms": [{start, end, name,
geonameid, latitude, longitude}]}``. System: ``frontlines places`` lines
``{doc_id, start, end, geonameid, latitude, longitude, ...}``.

* found: a system toponym overlaps the gold span;
* exact: the overlapping toponym has the gold GeoNames id;
* within_161km: it lies within 161 km (100 miles) of the gold point, or has the gold id.
  A missed or unresolved toponym counts as wrong in all three.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from frontlines.errors import MalformedRecord

ACCURACY_KM = 161.0


@dataclass
class GeoScores:
    gold: int = 0
    found: int = 0
    exact: int = 0
    within_161km: int = 0
    system: int = 0
    system_unmatched: int = 0
    distances: list[float] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        def share(n: int) -> float:
            return round(n / self.gold, 4) if self.gold else 0.0

        distances = sorted(self.distances)
        return {
            "documents_gold_toponyms": self.gold,
            "found": share(self.found),
            "exact": share(self.exact),
            "within_161km": share(self.within_161km),
            "median_error_km": round(distances[len(distances) // 2], 1) if distances else None,
            "system_toponyms": self.system,
            "system_not_in_gold": self.system_unmatched,
        }


def read_jsonl(path: str | Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as stream:
        for line_no, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedRecord(f"malformed JSON ({exc.msg})", document=str(path), line=line_no) from None
            if not isinstance(record, dict):
                raise MalformedRecord("each line must be a JSON object", document=str(path), line=line_no)
            yield record


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def score(gold_docs: Iterable[dict], system_rows: Iterable[dict], *, keep_misses: bool = False) -> GeoScores:
    """Score system toponym rows against gold articles."""
    by_doc: dict[str, list[dict]] = {}
    for row in system_rows:
        by_doc.setdefault(str(row.get("doc_id")), []).append(row)
    scores = GeoScores()
    for doc in gold_docs:
        system = by_doc.get(str(doc["id"]), [])
        scores.system += len(system)
        used: set[int] = set()
        for gold in doc.get("toponyms", ()):
            scores.gold += 1
            overlapping = [
                (i, row) for i, row in enumerate(system)
                if _overlap(gold["start"], gold["end"], int(row["start"]), int(row["end"])) > 0
            ]
            if not overlapping:
                if keep_misses:
                    scores.misses.append({"doc": doc["id"], "gold": gold, "why": "not found"})
                continue
            index, row = max(
                overlapping, key=lambda p: _overlap(gold["start"], gold["end"], int(p[1]["start"]), int(p[1]["end"]))
            )
            used.update(i for i, _ in overlapping)
            scores.found += 1
            exact = row.get("geonameid") is not None and str(row["geonameid"]) == str(gold["geonameid"])
            scores.exact += exact
            if row.get("latitude") is None:
                close = False
            else:
                km = 0.0 if exact else distance_km(gold["latitude"], gold["longitude"], row["latitude"], row["longitude"])
                scores.distances.append(km)
                close = km <= ACCURACY_KM
            scores.within_161km += close
            if keep_misses and not exact:
                scores.misses.append({"doc": doc["id"], "gold": gold, "system": row, "why": "near" if close else "wrong"})
        scores.system_unmatched += len(system) - len(used)
    return scores


def run_places(gold_docs: list[dict], gazetteer) -> list[dict]:
    """``frontlines places`` over the gold texts, in memory."""
    from frontlines.geo import find_toponyms

    rows = []
    for doc in gold_docs:
        rows.extend(t.as_dict() for t in find_toponyms(str(doc["id"]), doc["text"], gazetteer))
    return rows
