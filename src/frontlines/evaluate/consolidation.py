"""Pairwise precision, recall and F1 of merging, against gold clusters of reports.

The gold set is a directory with ``reports.jsonl`` (``{"id", "text", "title",
"published", "source", "url"}``) and ``gold.jsonl`` (``{"id", "cluster"}``: the real-world
event each report is about). Every report is ingested into a fresh store; each report is
then labelled with the consolidated event of its lead event (the one whose evidence comes
first in the text: news leads with its main event). Two reports are predicted together
when they share that label, and in gold when they share a cluster.

An exact copy is labelled like the report it copies. A report from which extraction found
no event is in no predicted pair: its gold pairs count as misses.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from frontlines.errors import DataFileError
from frontlines.ingest import iter_reports
from frontlines.store import Store
from frontlines.store.store import Extractor

REPORTS_FILE = "reports.jsonl"
GOLD_FILE = "gold.jsonl"


@dataclass
class ConsolidationScore:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    reports: int
    gold_clusters: int
    predicted_events: int
    #: Reports whose lead event was merged with a report of another gold cluster, and the reverse.
    wrong_merges: list[tuple[str, str]] = field(default_factory=list)
    missed_merges: list[tuple[str, str]] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_gold(directory: Path) -> dict[str, str]:
    path = directory / GOLD_FILE
    if not path.exists():
        raise DataFileError(f"no {GOLD_FILE} in {directory}", document=str(directory))
    gold: dict[str, str] = {}
    with path.open(encoding="utf-8") as stream:
        for line_no, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                gold[str(record["id"])] = str(record["cluster"])
            except (json.JSONDecodeError, KeyError, TypeError):
                raise DataFileError('each line needs {"id", "cluster"}', document=str(path), line=line_no) from None
    return gold


def pairwise_scores(gold: dict[str, str], predicted: dict[str, str]) -> tuple[int, int, int, list, list]:
    """Gold pairs, predicted pairs, correct pairs, and the wrong and missed pairs."""
    true_pairs = predicted_pairs = correct = 0
    wrong, missed = [], []
    for a, b in combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_predicted = a in predicted and b in predicted and predicted[a] == predicted[b]
        true_pairs += same_gold
        predicted_pairs += same_predicted
        correct += same_gold and same_predicted
        if same_predicted and not same_gold:
            wrong.append((a, b))
        elif same_gold and not same_predicted:
            missed.append((a, b))
    return true_pairs, predicted_pairs, correct, wrong, missed


def lead_event_labels(store: Store) -> dict[str, str]:
    """doc_id -> the consolidated event holding the report's lead event."""
    lead: dict[str, tuple[int, str]] = {}
    for event in store.iter_events():
        for span in event.get("evidence") or []:
            doc_id, start = span.get("doc_id"), span.get("start") or 0
            if doc_id and (doc_id not in lead or start < lead[doc_id][0]):
                lead[doc_id] = (start, event["event_id"])
        for doc_id in event.get("doc_ids") or []:
            # An event with no evidence span still labels its reports.
            lead.setdefault(doc_id, (1 << 30, event["event_id"]))
    labels = {doc_id: event_id for doc_id, (_start, event_id) in lead.items()}
    for doc_id, original in store.report_copies().items():
        if doc_id not in labels and original in labels:
            labels[doc_id] = labels[original]
    return labels


def evaluate_consolidation(
    directory: str | Path, *, extractor: Extractor | None = None, url: str | None = None
) -> ConsolidationScore:
    """Ingest the gold set's reports into a fresh store (a temporary SQLite file unless
    ``url`` is given) and score merging against its clusters."""
    directory = Path(directory)
    gold = read_gold(directory)
    reports_path = directory / REPORTS_FILE
    if not reports_path.exists():
        raise DataFileError(f"no {REPORTS_FILE} in {directory}", document=str(directory))
    with tempfile.TemporaryDirectory(prefix="frontlines-consolidation-") as scratch:
        with Store(url or f"sqlite:///{Path(scratch) / 'gold.db'}", extractor=extractor) as store:
            store.ingest(iter_reports([str(reports_path)]))
            labels = lead_event_labels(store)
            predicted_events = store.counts()["events"]
    predicted = {doc_id: label for doc_id, label in labels.items() if doc_id in gold}
    true_pairs, predicted_pairs, correct, wrong, missed = pairwise_scores(gold, predicted)
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    clusters: dict[str, int] = defaultdict(int)
    for cluster in gold.values():
        clusters[cluster] += 1
    return ConsolidationScore(
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct,
        reports=len(gold),
        gold_clusters=len(clusters),
        predicted_events=predicted_events,
        wrong_merges=wrong,
        missed_merges=missed,
        unlabelled=sorted(set(gold) - set(predicted)),
    )
