"""The local process pool and the Dask engine give the in-process output."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from frontlines.cli import main
from frontlines.engine.chunks import chunked
from frontlines.engine.local import extract_local
from frontlines.engine.partitioned import read_parquet_by_month, write_parquet_by_month


def test_events_are_produced(expected_jsonl):
    # Guards the equality tests below against comparing two empty outputs.
    assert len(expected_jsonl) >= 5


def test_chunks_keep_order_and_bounds(reports):
    chunks = list(chunked(reports, max_reports=3, max_characters=300))
    assert [r.doc_id for chunk in chunks for r in chunk] == [r.doc_id for r in reports]
    assert all(len(chunk) <= 3 for chunk in chunks)
    assert all(len(chunk) == 1 or sum(len(r.text) for r in chunk) <= 300 for chunk in chunks)


def test_two_workers_equal_in_process(reports, expected_jsonl):
    # chunk_reports=2 forces several chunks, so the pool really runs and must reorder nothing.
    events = extract_local(iter(reports), workers=2, chunk_reports=2)
    assert [event.to_json() for event in events] == expected_jsonl


def test_single_chunk_stays_in_process(reports, extractor, expected_jsonl):
    done = []
    events = extract_local(reports, workers=4, extractor=extractor, progress=done.append)
    assert [event.to_json() for event in events] == expected_jsonl
    assert sum(done) == len(reports)


def test_dask_local_cluster_equals_local(reports, expected_jsonl):
    from distributed import Client, LocalCluster

    from frontlines.engine.dask import extract_dask

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            done = []
            events = extract_dask(reports, client=client, chunk_reports=3, progress=done.append)
            lines = [event.to_json() for event in events]
    assert sorted(lines) == sorted(expected_jsonl)
    assert sum(done) == len(reports)


def test_parquet_partitioned_by_month(tmp_path, expected_jsonl):
    rows = [json.loads(line) for line in expected_jsonl]
    written = write_parquet_by_month(rows, tmp_path / "events")
    assert written == len(rows)
    months = {row["event_date"][:7] if row["event_date"] else "unknown" for row in rows}
    assert {p.name for p in (tmp_path / "events").iterdir()} == {f"event_month={m}" for m in months}
    table = read_parquet_by_month(tmp_path / "events")
    assert table.num_rows == len(rows)
    assert sorted(table.column("event_id").to_pylist()) == sorted(row["event_id"] for row in rows)
    one_file = next((tmp_path / "events").glob("event_month=*/part-*.parquet"))
    assert "evidence" in pq.read_schema(one_file).names
    for record in table.to_pylist():
        if record["event_date"] is not None:
            assert record["event_date"].isoformat()[:7] == record["event_month"]


def test_cli_workers_and_dask_engine_match(reports_file, tmp_path, expected_jsonl):
    runner = CliRunner()
    local = runner.invoke(main, ["extract", str(reports_file), "--workers", "1"])
    assert local.exit_code == 0, local.output
    dask_out = tmp_path / "dask.jsonl"
    distributed = runner.invoke(main, ["extract", str(reports_file), "--engine", "dask", "--workers", "1", "-o", str(dask_out)])
    assert distributed.exit_code == 0, distributed.output
    local_lines = [line for line in local.stdout.splitlines() if line.startswith("{")]
    assert sorted(local_lines) == sorted(dask_out.read_text().splitlines())
    assert sorted(local_lines) == sorted(expected_jsonl)


def test_cli_parquet_needs_output(reports_file):
    result = CliRunner().invoke(main, ["extract", str(reports_file), "--format", "parquet"])
    assert result.exit_code != 0
    assert "-o DIR" in result.output


def test_cli_scheduler_needs_dask(reports_file):
    result = CliRunner().invoke(main, ["extract", str(reports_file), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code != 0


@pytest.mark.parametrize("workers", ["0", "-1"])
def test_cli_rejects_bad_worker_counts(reports_file, workers):
    assert CliRunner().invoke(main, ["extract", str(reports_file), "--workers", workers]).exit_code != 0


def test_sentence_splitting_skips_the_unused_shared_tok2vec(reports):
    # The senter embeds its own tok2vec; the shared one only cost time. Same sentences without it.
    import spacy

    from frontlines.nlp import load_nlp, sentences_of_many
    from frontlines.nlp.pipeline import MODEL_NAMES

    fast = load_nlp()
    assert "tok2vec" not in fast.pipe_names and "senter" in fast.pipe_names
    for name in MODEL_NAMES:
        try:
            with_shared = spacy.load(name, exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "tagger"])
            break
        except OSError:
            continue
    with_shared.enable_pipe("senter")
    texts = [(r.doc_id, r.text + "\n\n" + r.text) for r in reports]
    assert list(sentences_of_many(texts, fast)) == list(sentences_of_many(texts, with_shared))


def test_cli_parquet_into_an_existing_directory(reports_file, tmp_path, expected_jsonl):
    target = tmp_path / "events"
    target.mkdir()
    runner = CliRunner()
    for _ in range(2):  # the second run replaces the first run's dataset
        result = runner.invoke(main, ["extract", str(reports_file), "--workers", "1", "--format", "parquet", "-o", str(target)])
        assert result.exit_code == 0, result.output
    table = read_parquet_by_month(target)
    assert table.num_rows == len(expected_jsonl)
    assert runner.invoke(main, ["extract", str(reports_file), "-o", str(target)]).exit_code != 0


def test_workers_get_the_extractor_settings(reports):
    # A collection profile set on the extractor must reach the pool's workers, or the
    # pool's output would differ from the in-process output.
    from frontlines.engine.local import portable
    from frontlines.pipeline import Extractor, profile_reports

    configured = Extractor()
    configured.profile = profile_reports(reports, configured.gazetteer)
    shipped = portable(configured)
    assert shipped.profile is configured.profile
    expected = [event.to_json() for event in configured.extract(reports)]
    events = extract_local(iter(reports), workers=2, chunk_reports=3, extractor=configured)
    assert [event.to_json() for event in events] == expected
