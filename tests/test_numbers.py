from hypothesis import given
from hypothesis import strategies as st

from frontlines.extract.numbers import parse_number, qualify, range_quantity, vague

_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int) -> str:
    """English words for 1..999, written independently of the code under test."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(f"{_UNITS[hundreds]} hundred")
    if rest:
        if words:
            words.append("and")
        if rest < 10:
            words.append(_UNITS[rest])
        elif rest < 20:
            words.append(_TEENS[rest - 10])
        else:
            tens, units = divmod(rest, 10)
            words.append(_TENS[tens] + (f"-{_UNITS[units]}" if units else ""))
    return " ".join(words)


def test_numerals_with_thousands_separators():
    assert parse_number("3,300") == 3300
    assert parse_number("220,000") == 220000
    assert parse_number("12") == 12


def test_words_and_articles():
    assert parse_number("twenty-six") == 26
    assert parse_number("a") == 1
    assert parse_number("banana") is None


@given(st.integers(min_value=1, max_value=999))
def test_spelled_numbers_round_trip(n):
    assert parse_number(spell(n)) == n


@given(st.integers(min_value=0, max_value=10**7))
def test_comma_grouped_numerals_round_trip(n):
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=10**6))
def test_qualifiers_keep_low_best_high_ordered(n):
    for prefix in ("at least ", "up to ", "about ", "more than ", ""):
        q = qualify(n, prefix)
        assert q.low <= q.best <= q.high
        assert q.best == n


def test_at_least_sets_the_low_bound():
    q = qualify(37, "killed at least ")
    assert (q.low, q.best) == (37, 37) and q.qualifier == "at_least"


def test_up_to_is_a_ceiling():
    q = qualify(15, "up to ")
    assert q.high == 15 and q.low < 15


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_ranges_take_the_lower_bound_as_the_figure(a, b):
    q = range_quantity(a, b)
    assert q.best == min(a, b) and q.high == max(a, b)


def test_acled_vague_word_rules():
    assert vague("dozens").best == 12
    assert vague("hundreds of").best == 100
    assert vague("several").best == 10
    assert vague("a number of").best == 10
