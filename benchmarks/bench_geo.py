"""Geoparsing benchmark: gazetteer build and load times, places throughput, RSS.

    .venv/bin/python benchmarks/bench_geo.py [--docs ../shared/eval/geowebnews.jsonl]
        [--with-spacy] [--index PATH]

Builds the default index into a temporary directory (unless --index names an existing
one), opens it, runs ``find_toponyms`` over the documents and prints a small table.
With --with-spacy the spaCy pipeline is loaded first, so RSS is what the whole
extractor holds.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = REPO.parent / "shared" / "eval" / "geowebnews.jsonl"


def rss_mb() -> float:
    """Current resident set size, from /proc (peak as a fallback off Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="JSONL with 'text' per line")
    parser.add_argument("--index", type=Path, help="use this index instead of building one")
    parser.add_argument("--with-spacy", action="store_true", help="load the spaCy pipeline too")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the documents")
    args = parser.parse_args()

    from frontlines.geo import Gazetteer, find_toponyms
    from frontlines.geo.gazetteer import build_default_index_file

    rows: list[tuple[str, str]] = []
    if args.with_spacy:
        started = time.perf_counter()
        from frontlines.nlp import load_nlp

        load_nlp()
        rows.append(("spaCy load", f"{time.perf_counter() - started:.2f} s"))

    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None or not index.exists():
            index = Path(tmp) / "gazetteer-v1.sqlite"
            started = time.perf_counter()
            build_default_index_file(index)
            rows.append(("gazetteer build", f"{time.perf_counter() - started:.1f} s"))
        rows.append(("index size", f"{index.stat().st_size / 1e6:.0f} MB"))
        started = time.perf_counter()
        gazetteer = Gazetteer.open(index)
        rows.append(("gazetteer load", f"{time.perf_counter() - started:.3f} s"))

        texts = [json.loads(line)["text"] for line in args.docs.open(encoding="utf-8") if line.strip()]
        characters = sum(len(t) for t in texts)
        toponyms = 0
        started = time.perf_counter()
        for _ in range(args.repeat):
            for number, text in enumerate(texts):
                toponyms += len(find_toponyms(str(number), text, gazetteer))
        elapsed = time.perf_counter() - started
        docs = len(texts) * args.repeat
        rows.append(("documents", f"{len(texts)} x {args.repeat} ({characters / len(texts):.0f} chars avg)"))
        rows.append(("places throughput", f"{docs / elapsed:.0f} docs/s, {characters * args.repeat / elapsed / 1e6:.2f} MB/s"))
        rows.append(("toponyms per doc", f"{toponyms / docs:.1f}"))
        rows.append(("RSS", f"{rss_mb():.0f} MB" + (" (with spaCy)" if args.with_spacy else "")))
        gazetteer.close()

    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
