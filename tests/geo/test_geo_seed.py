"""The seed report on the default gazetteer, and GeoWebNews floors."""

from frontlines.evaluate.geowebnews import read_jsonl, run_places, score
from frontlines.geo import choose_event_place, find_toponyms


def test_seed_report(seed_report_path, default_gazetteer):
    text = seed_report_path.read_text(encoding="utf-8")
    toponyms = find_toponyms("seed", text, default_gazetteer)
    by_text: dict[str, list] = {}
    for t in toponyms:
        by_text.setdefault(t.text, []).append(t)
    for name in ("Hasakah", "Aleppo", "Idlib"):
        assert by_text[name], name
        for t in by_text[name]:
            assert t.place.country_code == "SY" and t.place.iso3 == "SYR"
            assert t.place.admin1 and t.place.feature_code in ("PPL", "PPLA", "ADM1")
    assert {t.place.feature_code for t in by_text["Idlib"]} == {"ADM1"}  # "Idlib province"
    assert all(t.role != "event" for t in by_text["Turkey"])
    assert all(t.role != "event" for t in by_text["Deir Ezzor"])
    assert not any(t.text in ("Human", "Security Council", "Wednesday") for t in toponyms)
    # Every event in the report happened in Syria, never in Turkey or on a country centroid.
    for sentence_start in (m.start() for m in __import__("re").finditer(r"[^.\n]+", text)):
        chosen = choose_event_place(toponyms, sentence_start, len(text))
        if chosen is not None:
            assert chosen.place.country_code == "SY" and not chosen.place.is_country


def test_geowebnews_floors(geowebnews_path, default_gazetteer):
    gold = list(read_jsonl(geowebnews_path))
    result = score(gold, run_places(gold, default_gazetteer)).as_dict()
    assert result["found"] >= 0.75
    assert result["exact"] >= 0.60
    assert result["within_161km"] >= 0.70
