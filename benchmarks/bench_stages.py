"""Per-stage timings of the extraction, on the dev set (read at run time from ../shared).

Runs the same functions as ``Extractor.events_of``, one stage at a time, and reports the
share of time each stage takes. A benchmark, not a test: ``python benchmarks/bench_stages.py``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from frontlines.extract.assemble import assemble, focus_country
from frontlines.extract.dates import find_dates
from frontlines.extract.mentions import read_sentence
from frontlines.ingest import make_report
from frontlines.ingest.dateline import find_dateline
from frontlines.ingest.readers import parse_date
from frontlines.nlp import load_nlp, sentences_of_many
from frontlines.pipeline import Extractor, profile_reports, without_actor_names

DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "acled-middle-east-2020.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=DEV_SET)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"skipped: {args.gold} is absent")
        return
    records = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    if args.limit:
        records = records[: args.limit]
    timings: dict[str, float] = defaultdict(float)

    started = time.perf_counter()
    reports = [make_report(r["id"], r["text"], published=parse_date(r.get("published"), document="gold")) for r in records]
    timings["ingest (records, datelines)"] += time.perf_counter() - started

    started = time.perf_counter()
    nlp = load_nlp()
    extractor = Extractor(nlp=nlp)
    gazetteer = extractor.gazetteer
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    extractor.profile = profile_reports(reports, gazetteer)
    timings["collection profile (first pass: geoparse, country model)"] += time.perf_counter() - started

    started = time.perf_counter()
    sentences = dict(sentences_of_many(((r.doc_id, r.text) for r in reports), nlp))
    timings["sentences (spaCy senter)"] += time.perf_counter() - started

    events = 0
    for report in reports:
        started = time.perf_counter()
        toponyms = without_actor_names(extractor.toponyms(report), report.text)
        timings["places (gazetteer matching)"] += time.perf_counter() - started

        started = time.perf_counter()
        dateline = find_dateline(report.text)
        skip = dateline[1:] if dateline else None
        mentions, stated = [], []
        for sentence in sentences[report.doc_id]:
            dates = find_dates(report.doc_id, sentence.text, report.reference_date, sentence.start, skip)
            stated.extend((sentence.index, d) for d in dates)
            mention = read_sentence(report.doc_id, sentence, report.reference_date, toponyms, dates)
            if mention is not None:
                mentions.append(mention)
        timings["sentence reading (types, counts, dates, actors, attribution)"] += time.perf_counter() - started

        started = time.perf_counter()
        events += len(assemble(report, mentions, focus_country(toponyms), stated, toponyms))
        timings["document assembly"] += time.perf_counter() - started

    total = sum(timings.values())
    words = sum(len(r.text.split()) for r in reports)
    print(f"{len(reports)} documents, {words:,} words, {events} events; models and gazetteer loaded in {load_seconds:.2f} s\n")
    print("| stage | seconds | share | ms per document |\n|---|---|---|---|")
    for stage, seconds in timings.items():
        print(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} | {1000 * seconds / len(reports):.2f} |")
    print(f"| **total** | {total:.2f} | 100% | {1000 * total / len(reports):.2f} |")


if __name__ == "__main__":
    main()
