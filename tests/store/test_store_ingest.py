"""Ingest is idempotent: repeats, byte-identical copies and wire copies add nothing twice."""

from __future__ import annotations

from dataclasses import replace

from fake_extract import report, unique_prose

from frontlines.store import Store

STRIKE = {"type": "Explosions/Remote violence", "sub": "Air/drone strike", "killed": 12, "actor1": "Military Forces of Russia", "inter1": 8}


def test_same_report_twice_changes_nothing(store: Store) -> None:
    first = report("levant-1", STRIKE)
    store.ingest([first])
    before = (store.events(), store.counts(), store.merged())

    summary = store.ingest([first])

    assert summary.unchanged == 1 and summary.added == 0
    assert (store.events(), store.counts(), store.merged()) == before


def test_byte_identical_copy_from_another_url_changes_nothing(store: Store) -> None:
    original = report("levant-1", STRIKE)
    store.ingest([original])
    before = store.events()

    copy = replace(original, doc_id="aggregator-1", url="https://aggregator.example/1", source="Aggregator")
    summary = store.ingest([copy])

    assert summary.exact_copies == 1
    assert store.events() == before
    assert store.report_copies() == {"aggregator-1": "levant-1"}


def test_copy_in_the_same_batch_is_not_extracted(store: Store) -> None:
    original = report("levant-1", STRIKE)
    copy = replace(original, doc_id="aggregator-1", url="https://aggregator.example/1")
    summary = store.ingest([original, copy])
    assert summary.exact_copies == 1
    [event] = store.events()
    assert event["doc_ids"] == ["levant-1"]


def test_near_duplicate_wire_copy_is_linked_not_counted_twice(store: Store) -> None:
    prose = unique_prose("wire story")
    original = report("levant-1", STRIKE, prose=prose, source="Levant Press")
    edited = prose.replace(prose.split()[5], "changed", 1).replace(prose.split()[40], "edited", 1)
    # The copy even lost its place: near-copies tell one story whatever extraction makes of it.
    wire_copy = report("courier-1", dict(STRIKE, place="", lat="", lon="", geo=3), prose=edited, source="Gulf Courier")

    summary = store.ingest([original, wire_copy])

    assert summary.near_copies == 1
    [event] = store.events()
    assert event["doc_ids"] == ["levant-1", "courier-1"]
    assert event["copies"] == {"courier-1": "levant-1"}
    assert event["n_sources"] == 1
    assert event["fatalities"] == 12


def test_independent_reports_count_as_sources(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE, source="Levant Press"), report("wire-1", STRIKE, source="Desert Wire")])
    [event] = store.events()
    assert event["n_sources"] == 2
    assert event["sources"] == ["Levant Press", "Desert Wire"]
    assert event["source"] == "Levant Press; Desert Wire"


def test_reingest_in_another_run_and_reextract_duplicate_nothing(store_url: str) -> None:
    from fake_extract import fake_extract

    reports = [report(f"doc-{i}", dict(STRIKE, date=f"2020-05-{10 + i:02d}")) for i in range(5)]
    with Store(store_url, extractor=fake_extract) as first:
        first.ingest(reports, batch_size=2)
        expected = {e["event_id"]: e["doc_ids"] for e in first.events()}
    with Store(store_url, extractor=fake_extract) as second:
        assert second.ingest(reports).unchanged == 5
        summary = second.ingest(reports, reextract=True)
        assert summary.replaced == 5
        assert {e["event_id"]: e["doc_ids"] for e in second.events()} == expected
        assert second.counts()["doc_events"] == 5


def test_changed_text_under_a_known_doc_id_replaces_its_events(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE)])
    [before] = store.events()
    corrected = report("levant-1", dict(STRIKE, killed=14), prose=unique_prose("levant-1") + " Updated.")

    summary = store.ingest([corrected])

    assert summary.replaced == 1
    [after] = store.events()
    assert after["event_id"] == before["event_id"]
    assert after["fatalities"] == 14
    assert store.counts()["doc_events"] == 1


def test_report_with_no_events_is_recorded(store: Store) -> None:
    summary = store.ingest([report("quiet-1")])
    assert summary.added == 1 and summary.doc_events == 0
    assert store.counts() == {"reports": 1, "doc_events": 0, "events": 0, "merges": 0}
