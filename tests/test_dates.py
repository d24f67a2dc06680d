from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from frontlines.extract.dates import find_dates

FRIDAY = date(2015, 6, 5)


def first(text, reference=FRIDAY):
    found = find_dates("d", text, reference)
    return (found[0].value, found[0].precision) if found else None


def test_weekday_resolves_to_the_latest_such_day():
    assert first("killed in attacks on Wednesday") == (date(2015, 6, 3), 1)


def test_same_weekday_as_the_report_is_the_report_day():
    # PREFER_DATES_FROM='past' would send this a week back; the report itself is a Friday.
    assert first("clashes broke out on Friday") == (FRIDAY, 1)


def test_relative_words():
    assert first("yesterday") == (date(2015, 6, 4), 1)
    assert first("last night") == (date(2015, 6, 4), 1)
    assert first("early on Tuesday") == (date(2015, 6, 2), 1)
    assert first("the previous day") == (date(2015, 6, 4), 1)
    assert first("last week")[1] == 2
    assert first("earlier this month") == (date(2015, 6, 1), 3)


def test_absolute_dates_without_a_year_take_the_reports():
    assert first("on May 30 the army") == (date(2015, 5, 30), 1)
    assert first("On December 30, gunmen", date(2016, 1, 3)) == (date(2015, 12, 30), 1)


def test_campaign_start_is_not_an_event_date():
    assert first("the assault, which began on May 30.") is None


def test_no_reference_date_means_no_relative_dates():
    assert first("on Wednesday", None) is None
    assert first("On 9 May 2020, protesters gathered", None) == (date(2020, 5, 9), 1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), st.sampled_from(
    ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
     "yesterday", "last night", "last week", "earlier this month", "on May 30", "on 1 January", "on December 31"]))
def test_never_after_the_report_date(reference, expression):
    for found in find_dates("d", f"Gunmen attacked a village {expression}.", reference):
        assert found.value <= reference
        assert reference - found.value <= timedelta(days=366)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_weekdays_fall_in_the_week_up_to_the_report(reference):
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        [found] = find_dates("d", f"on {name}", reference)
        assert 0 <= (reference - found.value).days < 7
        assert found.value.strftime("%A") == name
