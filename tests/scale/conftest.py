"""Short reports written for these tests: enough variety to produce events, small enough to be quick."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from frontlines.ingest import make_report
from frontlines.model import Report

TEXTS = [
    ("aleppo-shelling", date(2020, 5, 3), "Government forces shelled the town of Kafr Nabl in Idlib on Sunday, killing four civilians and wounding seven others, local activists said."),
    ("baghdad-protest", date(2020, 6, 1), "Hundreds of demonstrators gathered in Tahrir Square in Baghdad on Monday to protest against power cuts. The protest was peaceful."),
    ("sanaa-airstrike", date(2020, 5, 20), "An airstrike by the Saudi-led coalition hit a market in Sanaa on Tuesday, killing 12 people, according to the Houthi-run health ministry."),
    ("mosul-ied", date(2020, 7, 9), "A roadside bomb exploded near a police patrol in Mosul on Thursday, killing two policemen. No group claimed responsibility."),
    ("beirut-riot", date(2020, 8, 8), "Protesters stormed the foreign ministry in Beirut on Saturday and clashed with security forces, who fired tear gas. Dozens were injured."),
    ("gaza-clash", date(2020, 6, 15), "Israeli forces shot and wounded three Palestinians during clashes near Khan Younis in the Gaza Strip on Monday."),
    ("daraa-assassination", date(2020, 5, 28), "Unidentified gunmen shot dead a former rebel commander in the town of Tafas in Daraa province on Thursday."),
    ("undated-arrests", None, "Security forces arrested five men suspected of belonging to the Islamic State group in Kirkuk, officials said."),
    ("taiz-fighting", date(2020, 7, 2), "Fighting between Houthi forces and government troops in Taiz killed nine fighters on Wednesday, medical sources said."),
    ("basra-protest", date(2020, 8, 22), "Students protested in Basra on Saturday to demand jobs, and police arrested six of them."),
]


def short_reports() -> list[Report]:
    return [
        make_report(doc_id, text, published=when, origin="metadata" if when else None)
        for doc_id, when, text in TEXTS
    ]


@pytest.fixture(scope="session")
def texts() -> list[tuple[str, date | None, str]]:
    return TEXTS


@pytest.fixture(scope="session")
def reports() -> list[Report]:
    return short_reports()


@pytest.fixture(scope="session")
def extractor():
    from frontlines.pipeline import Extractor

    loaded = Extractor()
    loaded.nlp, loaded.gazetteer  # load once for the session
    return loaded


@pytest.fixture(scope="session")
def expected_jsonl(reports, extractor) -> list[str]:
    return [event.to_json() for event in extractor.extract(reports)]


@pytest.fixture()
def reports_file(tmp_path: Path) -> Path:
    path = tmp_path / "reports.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for doc_id, when, text in TEXTS:
            record = {"id": doc_id, "text": text}
            if when:
                record["published"] = when.isoformat()
            stream.write(json.dumps(record) + "\n")
    return path
