"""GeoNames files: loading, bad files, and the gazetteer commands."""

import hashlib
import json
import zipfile

import pytest
from click.testing import CliRunner

from frontlines.cli import main
from frontlines.geo import Gazetteer, add_geonames_files, find_toponyms
from frontlines.geo.geonames_files import GeoNamesFileError


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def village_file(tmp_path, make_row):
    path = tmp_path / "SY.txt"
    rows = [
        make_row(999001, "Tall Baydar", 36.72, 40.66, "SY", "01", 800, alternates=("Tal Baydar", "Tell Beydar")),
        make_row(999002, "Khirbat al Ward", 36.6, 40.9, "SY", "01", 0, fcode="PPL"),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_add_places_and_admin_tables(small_index_file, village_file, tmp_path):
    admin2 = tmp_path / "admin2Codes.txt"
    admin2.write_text("SY.01.0101\tAl-Hasakah District\tAl-Hasakah District\t173813\n", encoding="utf-8")
    counts = add_geonames_files([village_file, admin2], small_index_file)
    assert counts == {str(admin2): 1, str(village_file): 2}
    gaz = Gazetteer.open(small_index_file)
    (village,) = [p for p in gaz.lookup("Tell Baydar") if p.geonameid == 999001]
    assert village.admin1 == "Al-Hasakah" and village.country == "Syria" and village.iso3 == "SYR"
    found = {t.text: t for t in find_toponyms("d", "Clashes in Tal Baydar, Hasakah province.", gaz)}
    assert found["Tal Baydar"].place.geonameid == 999001
    sources = [s["path"] for s in gaz.info()["sources"]]
    assert str(village_file.resolve()) in sources


def test_zip_files_load(small_index_file, village_file, tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(village_file, "SY.txt")
        zf.writestr("readme.txt", "not data")
    assert add_geonames_files([archive], small_index_file) == {str(archive): 2}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("SY.txt", "999001\tTall Baydar\tTall Baydar\t\t36.72\n", "expected 19 tab-separated columns"),
        ("SY.txt", "", "holds no rows"),
        ("SY.txt", "x\t" * 18 + "x\n", "geonameid is not a number"),
        ("SY.zip", "PK\x03\x04 truncated", "not a readable zip archive"),
        ("admin1CodesASCII.txt", "SY01\tAleppo\n", "admin1CodesASCII"),
    ],
)
def test_bad_file_leaves_the_index_intact(small_index_file, village_file, tmp_path, name, content, message):
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_text(content, encoding="utf-8")
    before = digest(small_index_file)
    with pytest.raises(GeoNamesFileError, match=message) as raised:
        add_geonames_files([village_file, bad], small_index_file)
    assert "\n" not in str(raised.value) and str(bad) in str(raised.value)
    assert digest(small_index_file) == before
    assert not list(small_index_file.parent.glob(".*.tmp"))


def test_partial_file_reports_its_line(small_index_file, village_file, tmp_path):
    partial = tmp_path / "IQ.txt"
    text = village_file.read_text(encoding="utf-8")
    partial.write_text(text + text[: len(text) // 3], encoding="utf-8")
    with pytest.raises(GeoNamesFileError, match=r"IQ.txt:3"):
        add_geonames_files([partial], small_index_file)


def test_cli_gazetteer_add_and_info(small_index_file, village_file, monkeypatch):
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(small_index_file))
    runner = CliRunner()
    added = runner.invoke(main, ["gazetteer", "add", str(village_file)])
    assert added.exit_code == 0, added.output
    assert "2 rows" in added.output
    info = runner.invoke(main, ["gazetteer", "info", "--json"])
    assert info.exit_code == 0, info.output
    data = json.loads(info.output)
    assert data["path"] == str(small_index_file)
    assert any(s["path"] == str(village_file.resolve()) and s["rows"] == 2 for s in data["sources"])
    text_info = runner.invoke(main, ["gazetteer", "info"])
    assert "admin1 areas" in text_info.output


def test_cli_add_bad_file_is_a_one_line_error(small_index_file, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(small_index_file))
    bad = tmp_path / "SY.txt"
    bad.write_text("1\t2\t3\n", encoding="utf-8")
    before = digest(small_index_file)
    result = CliRunner().invoke(main, ["gazetteer", "add", str(bad)])
    assert result.exit_code == 1
    assert "F201" in result.output and "19 tab-separated columns" in result.output
    assert digest(small_index_file) == before


def test_cli_places_jsonl_and_csv(small_index_file, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(small_index_file))
    report = tmp_path / "report.txt"
    report.write_text("Government forces shelled the city of Aleppo and villages in Idlib province.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["places", str(report)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["text"] for r in rows] == ["Aleppo", "Idlib"]
    assert rows[0]["geonameid"] == 170063 and rows[1]["feature_code"] == "ADM1"
    assert set(rows[0]) == {"doc_id", "start", "end", "text", "geonameid", "name", "feature_code", "latitude",
                            "longitude", "country", "iso3", "admin1", "admin2", "score"}
    out = tmp_path / "places.csv"
    result = CliRunner().invoke(main, ["places", str(report), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("doc_id,start,end,text,geonameid")


def test_cli_evaluate_places(small_index_file, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(small_index_file))
    gold = tmp_path / "gold.jsonl"
    text = "Shelling hit Aleppo and Tripoli, Lebanon."
    toponyms = [
        {"start": 13, "end": 19, "name": "Aleppo", "geonameid": "170063", "latitude": 36.2, "longitude": 37.16},
        {"start": 24, "end": 31, "name": "Tripoli", "geonameid": "266826", "latitude": 34.43, "longitude": 35.84},
        {"start": 33, "end": 40, "name": "Lebanon", "geonameid": "272103", "latitude": 33.83, "longitude": 35.83},
    ]
    gold.write_text(json.dumps({"id": "g1", "text": text, "toponyms": toponyms}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate-places", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["found"] == 1.0 and scores["exact"] == 1.0 and scores["within_161km"] == 1.0
