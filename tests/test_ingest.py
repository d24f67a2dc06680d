import io
import json
from datetime import date


from frontlines.errors import BinaryDocument, EmptyDocument, EncodingError, MalformedRecord, MissingPath, NotEnglish
from frontlines.ingest import find_reference_date, iter_reports

ENGLISH = "Gunmen attacked a checkpoint near the town on Monday, killing two soldiers, officials said."


def read(paths, **kwargs):
    errors = []
    reports = list(iter_reports(paths, on_error=errors.append, **kwargs))
    return reports, errors


def test_datelines():
    assert find_reference_date("KABUL, Afghanistan (Jan. 25, 2013) -- Taliban fighters") == date(2013, 1, 25)
    assert find_reference_date("Headline\n\n05 June, 2015\nBody text follows here.") == date(2015, 6, 5)
    assert find_reference_date("BEIRUT, Sept. 12, 2014 (AP) - text") == date(2014, 9, 12)


def test_no_dateline_means_no_reference_date_never_today():
    assert find_reference_date("Gunmen attacked a checkpoint on Monday.") is None
    assert find_reference_date("BEIRUT, June 5 (Reuters) - no year given") is None


def test_txt_html_and_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.html").write_text(f"<html><head><title>T</title></head><body><nav>Home | About</nav><article><p>{ENGLISH}</p><p>{ENGLISH}</p></article></body></html>")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "r1", "text": ENGLISH, "published": "2020-05-01", "source": "X"}) + "\n")
    reports, errors = read([str(tmp_path)])
    assert errors == []
    by_id = {r.doc_id: r for r in reports}
    assert by_id["r1"].published == date(2020, 5, 1) and by_id["r1"].source == "X"
    html = next(r for r in reports if r.doc_id.endswith("b.html"))
    assert "Home | About" not in html.text and "checkpoint" in html.text


def test_cli_published_date_applies_to_undated_reports(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    [report], _ = read([str(tmp_path / "a.txt")], published=date(2021, 1, 2))
    assert report.published == date(2021, 1, 2)
    assert report.doc_id == str(tmp_path / "a.txt")


def test_bad_inputs_each_get_a_coded_error_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 bomb killed two people in the town".encode("latin-1"))
    (tmp_path / "french.txt").write_text("Des hommes armés ont attaqué un poste de contrôle près de la ville lundi, selon les responsables de la région.")
    (tmp_path / "good.txt").write_text(ENGLISH)
    (tmp_path / "bad.jsonl").write_text('{"id": "ok", "text": "%s"}\n{not json}\n{"id": "x"}\n' % ENGLISH)
    reports, errors = read([str(tmp_path), str(tmp_path / "missing.txt")])
    kinds = {type(e) for e in errors}
    assert {EmptyDocument, BinaryDocument, EncodingError, NotEnglish, MalformedRecord, MissingPath} <= kinds
    assert sorted(r.doc_id.rsplit("/", 1)[-1] for r in reports) == ["good.txt", "ok"]
    jsonl_errors = [e for e in errors if isinstance(e, MalformedRecord)]
    assert {e.line for e in jsonl_errors} == {2, 3}
    for error in errors:
        line = error.one_line()
        assert "\n" not in line and (str(tmp_path) in line or "missing" in line)


def test_stdin_jsonl():
    stream = io.BytesIO((json.dumps({"id": "s1", "text": ENGLISH}) + "\n").encode())
    reports, errors = read(["-"], stdin=stream)
    assert [r.doc_id for r in reports] == ["s1"] and errors == []


def test_oversized_document_is_refused(tmp_path, monkeypatch):
    from frontlines.ingest import readers

    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 100)
    (tmp_path / "big.txt").write_text(ENGLISH * 10)
    reports, errors = read([str(tmp_path / "big.txt")])
    assert reports == [] and "limit" in errors[0].one_line()


def test_hostile_html_yields_text_only(tmp_path):
    page = "<html><body><script>alert('x')</script><article><p>%s</p><p>%s</p></article><iframe src='javascript:alert(1)'></iframe></body></html>" % (ENGLISH, ENGLISH)
    (tmp_path / "h.html").write_text(page)
    [report], errors = read([str(tmp_path / "h.html")])
    assert "alert" not in report.text and "<" not in report.text
