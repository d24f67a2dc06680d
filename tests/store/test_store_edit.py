"""Analyst corrections: stored as overrides with an audit log, never overwritten."""

from __future__ import annotations

import pytest
from fake_extract import report

from frontlines.errors import StoreError
from frontlines.store import Store, parse_field_value

STRIKE = {"type": "Explosions/Remote violence", "sub": "Air/drone strike", "killed": 12, "actor1": "Military Forces of Russia", "inter1": 8}


def test_edit_changes_the_event_and_logs_it(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE)])
    [event] = store.events()

    edited = store.edit(event["event_id"], {"fatalities": 11, "location": "Maarat al-Nu'man"}, note="hospital list", editor="ana")

    assert edited["fatalities"] == 11 and edited["location"] == "Maarat al-Nu'man"
    assert edited["corrected_fields"] == ["fatalities", "location"]
    assert store.events() == [edited]
    log = store.edit_log(event["event_id"])
    assert [(e["field"], e["old_value"], e["new_value"], e["note"], e["editor"]) for e in log] == [
        ("fatalities", 12, 11, "hospital list", "ana"),
        ("location", "Maarat al-Numan", "Maarat al-Nu'man", "hospital list", "ana"),
    ]


def test_new_reports_and_reextraction_never_overwrite_a_correction(store: Store) -> None:
    first = report("levant-1", STRIKE)
    store.ingest([first])
    [event] = store.events()
    store.edit(event["event_id"], {"fatalities": 11}, note="checked")

    store.ingest([report("monitor-1", dict(STRIKE, killed=15), published="2020-05-13")])
    store.ingest([first], reextract=True)

    [after] = store.events()
    assert after["fatalities"] == 11
    assert after["fatalities_high"] == 15  # the reports' range is still there
    assert len(after["fatality_history"]) == 2


def test_a_correction_can_move_an_event_in_queries(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE)])
    [event] = store.events()
    store.edit(event["event_id"], {"event_date": "2020-05-11"}, note="strike was before midnight")
    assert store.events(since=parse_date("2020-05-12")) == []
    assert len(store.events(until=parse_date("2020-05-11"))) == 1


def parse_date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_edit_refuses_unknown_fields_missing_notes_and_bad_values(store: Store) -> None:
    store.ingest([report("levant-1", STRIKE)])
    [event] = store.events()
    with pytest.raises(StoreError, match="cannot be edited"):
        store.edit(event["event_id"], {"doc_ids": []}, note="x")
    with pytest.raises(StoreError, match="note"):
        store.edit(event["event_id"], {"fatalities": 3}, note=" ")
    with pytest.raises(StoreError, match="integer"):
        store.edit(event["event_id"], {"fatalities": "many"}, note="x")
    with pytest.raises(StoreError, match="no event"):
        store.edit("FLnope", {"fatalities": 3}, note="x")
    assert store.edit_log() == []


def test_parse_field_value_types_command_line_text() -> None:
    assert parse_field_value("fatalities", "15") == 15
    assert parse_field_value("latitude", "35.6") == 35.6
    assert parse_field_value("toll_may_rise", "yes") is True
    assert parse_field_value("actor2", "null") is None
    assert parse_field_value("location", "Kafr Nabl") == "Kafr Nabl"
    with pytest.raises(StoreError):
        parse_field_value("fatalities", "a dozen")
