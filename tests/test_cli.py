import csv
import io
import json

from click.testing import CliRunner

from frontlines.cli import main

REPORT = "KABUL, Afghanistan (Jan. 25, 2013) -- A roadside bomb killed three soldiers in Kabul on Thursday, officials said."


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_extract_jsonl_csv_geojson(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT)
    out = run("extract", str(path))
    assert out.exit_code == 0, out.output
    [event] = [json.loads(line) for line in out.stdout.splitlines()]
    assert event["doc_id"] == str(path)
    assert event["event_date"] == "2013-01-24" and event["fatalities"] == 3
    assert event["sub_event_type"] == "Remote explosive/landmine/IED"
    csv_out = run("extract", str(path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    header = csv_out.stdout.splitlines()[0].split(",")
    assert header[:3] == ["event_id_cnty", "event_date", "year"] and rows[0]["fatalities"] == "3"
    geo = json.loads(run("extract", str(path), "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["geometry"]["type"] == "Point"


def test_stdin_and_published_override(tmp_path):
    line = json.dumps({"id": "a1", "text": "Gunmen killed two civilians in Kabul yesterday, police said."})
    out = run("extract", "-", "--published", "2020-03-10", input=line + "\n")
    [event] = [json.loads(x) for x in out.stdout.splitlines()]
    assert event["doc_id"] == "a1" and event["event_date"] == "2020-03-09"


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(REPORT)
    (tmp_path / "empty.txt").write_text("")
    out = run("extract", str(tmp_path), str(tmp_path / "nope.txt"))
    assert out.exit_code == 0
    assert "empty.txt" in out.stderr and "nope.txt" in out.stderr
    assert "skipped 2 document(s)" in out.stderr
    assert len(out.stdout.splitlines()) == 1


def test_nothing_readable_is_a_failure(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = run("extract", str(tmp_path / "empty.txt"))
    assert out.exit_code != 0 and "F101" in out.stderr


def test_output_file(tmp_path):
    (tmp_path / "r.txt").write_text(REPORT)
    target = tmp_path / "out" / "events.jsonl"
    assert run("extract", str(tmp_path / "r.txt"), "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text().splitlines()[0])["fatalities"] == 3
