"""Document-level assembly over a small real gazetteer: how sentences become events."""

from datetime import date

import pytest

from frontlines.geo import Gazetteer
from frontlines.ingest import make_report
from frontlines.pipeline import Extractor
from tests.geo.conftest import SMALL_ADMIN1, SMALL_ROWS


@pytest.fixture(scope="module")
def extractor():
    return Extractor(gazetteer=Gazetteer.from_geonames_rows(SMALL_ROWS, admin1_codes=SMALL_ADMIN1))


def events(extractor, text, published=date(2020, 5, 8)):
    return [e.as_dict() for e in extractor.extract([make_report("doc", text, published=published)])]


def test_a_repeated_toll_is_not_added(extractor):
    text = (
        "Regime forces shelled Idlib on Thursday, killing 12 civilians, the monitor said. "
        "The shelling killed 12 civilians, including five children, according to rescuers."
    )
    [event] = events(extractor, text)
    assert event["fatalities"] == 12 and event["event_date"] == "2020-05-07"


def test_a_revised_toll_keeps_the_latest_figure_and_the_range(extractor):
    text = "Gunmen killed 5 soldiers at a checkpoint near Homs on Thursday. The toll later rose to 8."
    [event] = events(extractor, text)
    assert event["fatalities"] == 8 and event["fatalities_low"] == 5


def test_conflicting_sources_keep_the_lower_figure(extractor):
    text = "A roadside bomb killed one soldier in Homs on Thursday. Other sources report that 2 soldiers were killed."
    [event] = events(extractor, text)
    assert (event["fatalities_low"], event["fatalities"], event["fatalities_high"]) == (1, 1, 2)


def test_an_event_in_two_provinces_is_split(extractor):
    text = (
        "At least 21 people were killed in air strikes on Wednesday, the monitor said. "
        "The deaths came in incidents in Aleppo province and Idlib province."
    )
    found = events(extractor, text)
    assert {e["admin1"] for e in found} == {"Aleppo", "Idlib"}
    assert sorted(e["fatalities"] for e in found) == [10, 11]


def test_a_capital_that_comments_is_not_a_place_of_the_event(extractor):
    text = "Air strikes killed 4 civilians in Idlib on Thursday. Damascus has not commented on the strikes."
    [event] = events(extractor, text)
    assert event["admin1"] == "Idlib" and event["country_source"] == "place"


def test_a_claim_names_the_perpetrator(extractor):
    text = "A car bomb killed 6 people in Homs on Thursday. The Islamic State group claimed responsibility for the attack."
    [event] = events(extractor, text)
    assert event["actor1"] == "Islamic State" and event["inter1"] == 2


def test_cumulative_and_hypothetical_sentences_make_no_event(extractor):
    text = (
        "If Homs falls, the war would enter a new phase. "
        "More than 400,000 people have been killed in Syria since the war began in 2011."
    )
    assert events(extractor, text) == []


def test_an_unplaced_event_gets_no_coordinates(extractor):
    [event] = events(extractor, "Gunmen killed two shepherds on Thursday, residents said.")
    assert event["latitude"] is None and event["geo_precision"] is None
    assert event["country"] is None and event["country_source"] is None


def test_a_country_read_from_actors_says_so(extractor):
    [event] = events(extractor, "Houthi forces shelled a village on Thursday, killing two farmers.")
    assert event["country"] == "Yemen" and event["country_source"] == "actors" and event["latitude"] is None


def test_undated_follow_up_takes_the_last_stated_date(extractor):
    text = "On 3 May 2020, protesters gathered in Beirut. Police later arrested six of them."
    [event] = events(extractor, text)
    assert event["event_date"] == "2020-05-03"
    assert event["sub_event_type"] == "Protest with intervention" and event["arrested"] == 6


def test_a_later_report_of_a_revised_toll_reads_the_toll_and_its_date(extractor):
    text = "The death toll from Tuesday's air strikes on Idlib has risen to at least 15 civilians, the monitor said on Wednesday."
    [event] = events(extractor, text, published=date(2020, 5, 13))
    assert event["fatalities"] == 15 and event["event_date"] == "2020-05-12"
