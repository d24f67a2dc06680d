"""The founding report comes out as an ACLED coder would code it (issue 2's acceptance)."""

import math

import pytest

from frontlines.ingest import iter_reports
from frontlines.pipeline import extract


@pytest.fixture(scope="module")
def events(seed_jsonl_path):
    return [e.as_dict() for e in extract(iter_reports([str(seed_jsonl_path)]))]


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def of_type(events, sub):
    return [e for e in events if e["sub_event_type"] == sub]


def test_hasakah_clash(events):
    [clash] = of_type(events, "Armed clash")
    assert clash["event_type"] == "Battles"
    assert km(clash["latitude"], clash["longitude"], 36.50, 40.75) <= 25
    assert clash["geo_precision"] == 2  # "within 500 metres of"
    assert {clash["actor1"], clash["actor2"]} == {"Islamic State", "Military Forces of Syria"}
    associated = (clash["assoc_actor_1"] or "") + (clash["assoc_actor_2"] or "")
    assert "Kurdish" in associated
    assert "2015-06-03" <= clash["event_date"] <= "2015-06-05"
    assert clash["fatalities"] == 53
    assert clash["displaced"] == 3300


def test_barrel_bombs(events):
    strikes = [e for e in of_type(events, "Air/drone strike") if e["event_date"] == "2015-06-03"]
    assert {e["admin1"] for e in strikes} == {"Aleppo", "Idlib"}
    assert sum(e["fatalities"] for e in strikes) == 37
    assert sum(e["fatalities_low"] for e in strikes) == 37
    assert all(e["toll_may_rise"] for e in strikes)
    assert all(e["actor1"] == "Military Forces of Syria" for e in strikes)


def test_chlorine(events):
    [chemical] = of_type(events, "Chemical weapon")
    assert chemical["admin1"] == "Idlib"
    assert chemical["fatalities"] == 2
    assert chemical["certainty"] != "confirmed"  # "probably"
    assert chemical["source"] == "Human Rights Watch"


def test_what_is_not_an_event(events):
    assert sum(e["fatalities"] for e in events) == 92  # nothing counted twice, no 220,000
    assert all(e["country"] == "Syria" for e in events)  # not Turkey, where refugees fled
    assert not any("Deir" in (e["admin1"] or "") or "Deir" in (e["location"] or "") for e in events)
    assert not any("If Hasakah falls" in e["notes"] for e in events)


def test_every_event_carries_its_evidence(events, seed_jsonl_path):
    import json

    text = json.loads(seed_jsonl_path.read_text())["text"]
    for event in events:
        assert event["evidence"]
        for span in event["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_event_ids_are_stable(seed_jsonl_path, events):
    again = [e.as_dict() for e in extract(iter_reports([str(seed_jsonl_path)]))]
    assert [e["event_id"] for e in again] == [e["event_id"] for e in events]
    assert len({e["event_id"] for e in events}) == len(events)


def test_txt_with_dateline_only_gives_the_same_dates(seed_report_path, events):
    from_txt = [e.as_dict() for e in extract(iter_reports([str(seed_report_path)]))]
    assert sorted(e["event_date"] for e in from_txt) == sorted(e["event_date"] for e in events)
