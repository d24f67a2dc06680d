import pytest

from frontlines.extract.counts import extract_counts


def counts(text):
    return {(c.kind, c.low, c.best, c.high) for c in extract_counts("d", text)}


def totals(text):
    result = {}
    for c in extract_counts("d", text):
        if "cumulative" not in c.flags:
            result[c.kind] = result.get(c.kind, 0) + c.best
    return result


def test_counts_by_side_are_summed():
    text = "after a day of fierce clashes left 27 regime soldiers and 26 IS militants dead."
    assert totals(text) == {"fatalities": 53}


def test_at_least_and_passive():
    assert counts("At least 37 people were killed in barrel bomb attacks.") == {("fatalities", 37, 37, 37)}


def test_displaced_refugees_with_thousands_separator():
    assert totals("Fighting has forced more than 3,300 refugees to cross over the border in Turkey.") == {"displaced": 3300}


def test_fighters_sent_are_not_victims():
    assert totals("IS sent at least 400 fighters from Deir Ezzor to take part in the assault.") == {}


def test_cumulative_toll_is_flagged():
    [count] = extract_counts("d", "More than 220,000 people have been killed in Syria since the conflict began in March 2011.")
    assert "cumulative" in count.flags


@pytest.mark.parametrize("text,expected", [
    ("A roadside bomb killed twenty-six soldiers and wounded 10 to 15 others.", {"fatalities": 26, "injured": 10}),
    ("Gunmen shot and killed a civilian in the market.", {"fatalities": 1}),
    ("Dozens of people were arrested after the protest.", {"arrested": 12}),
    ("Unidentified gunmen abducted 9 regime soldiers from a checkpoint.", {"abducted": 9}),
    ("A soldier was killed and two others were wounded when a landmine exploded.", {"fatalities": 1, "injured": 2}),
    ("The death toll rose to 15, including 4 children.", {"fatalities": 15}),
    ("On 9 May 2020, 500 metres from the city, protesters gathered.", {}),
])
def test_count_forms(text, expected):
    assert totals(text) == expected


def test_breakdown_adds_nothing():
    assert totals("The strike killed 10 people, including 3 children, the monitor said.") == {"fatalities": 10}


def test_killed_injured_or_captured_is_not_a_death_toll():
    [count] = extract_counts("d", "2 PKK militants were killed, injured or captured during the operation.")
    assert count.kind == "fatalities" and count.best == 0 and count.high == 2


def test_coder_note_states_the_figure():
    notes = [c for c in extract_counts("d", "Unknown reported fatalities coded as 10.") if "coded" in c.flags]
    assert [c.best for c in notes] == [10]


def test_offsets_point_into_the_text():
    text = "Clashes left 27 regime soldiers dead."
    [count] = extract_counts("d", text, offset=100)
    assert count.span.start == 100 + text.index("27")
    assert count.span.text == text[count.span.start - 100:count.span.end - 100]
