"""Consolidation through the store: what merges, what stays apart, how tolls reconcile."""

from __future__ import annotations

from fake_extract import report

from frontlines.store import Store

RUSSIA = {"actor1": "Military Forces of Russia (2000-)", "inter1": 8, "actor2": "Civilians (Syria)", "inter2": 7}
STRIKE = {"type": "Explosions/Remote violence", "sub": "Air/drone strike", "killed": 12, **RUSSIA}
CLASH = {
    "type": "Battles",
    "sub": "Armed clash",
    "killed": 7,
    "actor1": "Hayat Tahrir al-Sham",
    "inter1": 2,
    "actor2": "Military Forces of Syria (2000-)",
    "inter2": 1,
    # Kafr Nabl, about 9 km west of Maarat al-Numan.
    "place": "Kafr Nabl",
    "lat": 35.6137,
    "lon": 36.5607,
}


def test_several_outlets_make_one_event(store: Store) -> None:
    store.ingest(
        [
            report("levant-1", STRIKE, source="Levant Press"),
            report("wire-1", dict(STRIKE, actor1="", inter1=0, actor2="", inter2=0), source="Desert Wire"),
            report("monitor-1", STRIKE, source="Syrian Monitor", published="2020-05-13"),
        ]
    )
    [event] = store.events()
    assert event["doc_ids"] == ["levant-1", "wire-1", "monitor-1"]
    assert event["n_sources"] == 3
    assert event["event_id"].startswith("FL")


def test_toll_revision_is_reconciled_not_summed(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE, published="2020-05-12"), report("wire-1", STRIKE, published="2020-05-12")])
    store.ingest([report("monitor-1", dict(STRIKE, killed=15, low=15, high=15), published="2020-05-13", source="Syrian Monitor")])

    [event] = store.events()
    assert (event["fatalities_low"], event["fatalities"], event["fatalities_high"]) == (12, 15, 15)
    assert [(h["doc_id"], h["fatalities"]) for h in event["fatality_history"]] == [
        ("levant-1", 12),
        ("wire-1", 12),
        ("monitor-1", 15),
    ]


def test_an_allegation_does_not_override_a_report(store: Store) -> None:
    store.ingest(
        [
            report("levant-1", STRIKE, published="2020-05-12"),
            report("claim-1", dict(STRIKE, killed=40, certainty="alleged"), published="2020-05-13"),
        ]
    )
    [event] = store.events()
    assert (event["fatalities_low"], event["fatalities"], event["fatalities_high"]) == (12, 12, 40)


def test_report_without_a_toll_keeps_the_toll(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE), report("late-1", dict(STRIKE, killed=0), published="2020-05-14")])
    [event] = store.events()
    assert event["fatalities"] == 12 and event["doc_ids"] == ["levant-1", "late-1"]


def test_same_place_next_day_is_a_new_event(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE), report("levant-2", dict(STRIKE, date="2020-05-13", killed=4), published="2020-05-13")])
    events = store.events()
    assert [e["event_date"] for e in events] == ["2020-05-12", "2020-05-13"]


def test_different_event_nearby_on_the_same_day_stays_apart(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE), report("levant-2", CLASH)])
    assert len(store.events()) == 2


def test_different_kinds_of_explosion_in_one_city_stay_apart(store: Store) -> None:
    baghdad = {"place": "Baghdad", "lat": 33.34, "lon": 44.40, "admin1": "Baghdad", "country": "Iraq", "iso3": "IRQ"}
    bomb = {"type": "Explosions/Remote violence", "sub": "Remote explosive/landmine/IED", "killed": 3, **baghdad}
    rockets = {"type": "Explosions/Remote violence", "sub": "Shelling/artillery/missile attack", "killed": 0, **baghdad}
    protest = {"type": "Protests", "sub": "Peaceful protest", **baghdad}
    store.ingest([report("a", bomb), report("b", rockets), report("c", protest), report("d", bomb)])
    assert sorted(len(e["doc_ids"]) for e in store.events()) == [1, 1, 2]


def test_week_precision_date_joins_a_day_precise_event(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE), report("weekly-1", dict(STRIKE, date="2020-05-10", precision=2))])
    [event] = store.events()
    assert event["event_date"] == "2020-05-12" and event["time_precision"] == 1


def test_region_level_place_falls_back_on_admin1(store: Store) -> None:
    province = dict(STRIKE, place="Idlib", lat=35.83, lon=36.63, geo=3)
    elsewhere = dict(STRIKE, place="Aleppo", lat=36.2, lon=37.16, geo=3, admin1="Aleppo")
    store.ingest([report("levant-1", STRIKE), report("monitor-1", province), report("other-1", elsewhere)])
    events = store.events()
    assert sorted(len(e["doc_ids"]) for e in events) == [1, 2]
    precise = next(e for e in events if len(e["doc_ids"]) == 2)
    assert precise["location"] == "Maarat al-Numan" and precise["geo_precision"] == 1


def test_other_country_never_merges(store: Store) -> None:
    store.ingest([report("a", STRIKE), report("b", dict(STRIKE, country="Iraq", iso3="IRQ", admin1="Nineveh"))])
    assert len(store.events()) == 2


def test_ids_are_stable_as_reports_arrive(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE)])
    [founded] = store.events()
    for i in range(3):
        store.ingest([report(f"later-{i}", STRIKE, published="2020-05-13")])
    [event] = store.events()
    assert event["event_id"] == founded["event_id"]
    assert event["first_reported"] == "2020-05-12"


def test_a_report_linking_two_events_merges_them_and_records_it(store: Store) -> None:
    no_actors = {"actor1": "", "inter1": 0, "actor2": "", "inter2": 0}
    air_strike = dict(STRIKE, **no_actors)  # 12 killed, attacker unknown
    shelling = dict(STRIKE, sub="Shelling/artillery/missile attack", killed=0)  # Russian, no toll
    store.ingest([report("a", air_strike)])
    store.ingest([report("b", shelling)])
    first, second = (e["event_id"] for e in store.events())

    # Russian air strikes, 12 killed: the air strike of the one and the attacker of the other.
    summary = store.ingest([report("c", STRIKE)])

    assert summary.merges == 1
    [event] = store.events()
    assert event["event_id"] == first
    assert sorted(event["doc_ids"]) == ["a", "b", "c"]
    [entry] = store.merged()
    assert (entry["event_id"], entry["action"], entry["merged_into"]) == (second, "merged", first)
    assert store.event(second)["event_id"] == first
    assert store.resolve(second) == first


def test_two_towns_hit_on_one_day_stay_apart(store: Store) -> None:
    saraqib = dict(STRIKE, place="Saraqib", lat=35.8617, lon=36.8006, killed=5)
    store.ingest([report("a", STRIKE), report("b", saraqib)])
    assert len(store.events()) == 2


def test_evidence_spans_are_kept_from_every_report(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE), report("wire-1", STRIKE)])
    [event] = store.events()
    assert {span["doc_id"] for span in event["evidence"]} == {"levant-1", "wire-1"}
    assert all(span["text"].startswith("EVENT") for span in event["evidence"])
