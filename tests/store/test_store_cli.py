"""The store's commands, through click's CliRunner, with the fake extractor swapped in."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from fake_extract import event_line, fake_extract, unique_prose

from frontlines.cli import main
from frontlines.store import store as store_module

STRIKE = {"type": "Explosions/Remote violence", "sub": "Air/drone strike", "killed": 12}


@pytest.fixture
def reports_file(tmp_path: Path) -> Path:
    rows = [
        {"id": "a", "text": unique_prose("a") + "\n" + event_line(**STRIKE), "published": "2020-05-12", "source": "Levant Press"},
        {"id": "b", "text": unique_prose("b") + "\n" + event_line(**dict(STRIKE, killed=15)), "published": "2020-05-13", "source": "Syrian Monitor"},
        {"id": "c", "text": unique_prose("c") + "\n" + event_line(**dict(STRIKE, date="2020-05-13", killed=4)), "published": "2020-05-13"},
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "default_extractor", lambda: fake_extract)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_events_edit_round_trip(store_url: str, reports_file: Path, tmp_path: Path) -> None:
    invoke("ingest", str(reports_file), "--db", store_url)
    invoke("ingest", str(reports_file), "--db", store_url)
    rows = [json.loads(line) for line in invoke("events", "--db", store_url).splitlines()]
    assert [(r["event_date"], r["fatalities"], r["doc_ids"]) for r in rows] == [
        ("2020-05-12", 15, ["a", "b"]),
        ("2020-05-13", 4, ["c"]),
    ]
    assert len(invoke("events", "--db", store_url, "--since", "2020-05-13").splitlines()) == 1
    assert invoke("events", "--db", store_url, "--country", "Iraq") == ""

    edited = json.loads(invoke("edit", rows[0]["event_id"], "fatalities=14", "--note", "morgue list", "--db", store_url))
    assert edited["fatalities"] == 14 and edited["corrected_fields"] == ["fatalities"]

    csv_text = invoke("events", "--db", store_url, "--format", "csv")
    assert csv_text.splitlines()[0].startswith("event_id_cnty,event_date")
    parquet = tmp_path / "events.parquet"
    invoke("events", "--db", store_url, "--format", "parquet", "-o", str(parquet))
    table = pq.read_table(parquet)
    assert table.num_rows == 2 and table.column("fatalities").to_pylist() == [14, 4]
    assert table.column("doc_ids").to_pylist()[0] == ["a", "b"]
    geojson = json.loads(invoke("events", "--db", store_url, "--format", "geojson"))
    assert len(geojson["features"]) == 2
    assert invoke("events", "--db", store_url, "--merged") == ""


def test_edit_errors_are_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = CliRunner().invoke(main, ["edit", "FLnone", "fatalities=3", "--note", "n", "--db", db])
    assert result.exit_code == 1 and "F400 no event FLnone" in result.output
    result = CliRunner().invoke(main, ["edit", "FLnone", "fatalities", "--note", "n", "--db", db])
    assert result.exit_code == 2 and "FIELD=VALUE" in result.output


def test_default_database_is_a_wal_sqlite_file(tmp_path: Path, reports_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRONTLINES_DB", raising=False)
    invoke("ingest", str(reports_file))
    import sqlite3

    assert (tmp_path / "frontlines.db").exists()
    with sqlite3.connect(tmp_path / "frontlines.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
