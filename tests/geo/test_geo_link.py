"""Roles, precision and the choice of an event's place."""

import pytest

from frontlines.geo import choose_event_place, find_toponyms
from frontlines.geo.link import precision_of, role_of


def roles(text, gaz):
    return {t.text: t.role for t in find_toponyms("doc", text, gaz)}


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("IS sent at least 400 fighters from the eastern province of Deir Ezzor to Hasakah.", "Deir Ezzor", "origin"),
        ("IS sent at least 400 fighters from the eastern province of Deir Ezzor to Hasakah.", "Hasakah", "destination"),
        ("Thousands fled into Turkey after the bombing of Aleppo.", "Turkey", "destination"),
        ("Thousands fled into Turkey after the bombing of Aleppo.", "Aleppo", "event"),
        ("More than 3,300 refugees crossed over the border in Turkey.", "Turkey", "destination"),
        ("The Britain-based Observatory reported clashes in Idlib.", "Britain", "based"),
        ("A Kabul-based official said the attack in Ghazni killed four.", "Kabul", "based"),
        ("A Kabul-based official said the attack in Ghazni killed four.", "Ghazni", "event"),
        ("The New York-based group said Homs was shelled.", "New York", "based"),
        ("Clashes erupted close to Aleppo.", "Aleppo", "event"),
        ("Turkey's foreign ministry condemned the strike on Idlib.", "Turkey", "other"),
    ],
)
def test_roles(small_gazetteer, text, name, role):
    assert roles(text, small_gazetteer)[name] == role


@pytest.mark.parametrize(
    "text, name, precision",
    [
        ("Militants are within 500 metres of Hasakah.", "Hasakah", 2),
        ("Shelling on the outskirts of Aleppo.", "Aleppo", 2),
        ("Clashes in the northern countryside of Idlib.", "Idlib", 2),
        ("Clashes near Homs.", "Homs", 2),
        ("Clashes in Homs.", "Homs", 1),
        ("Barrel bombs fell in Aleppo province.", "Aleppo", 3),
        ("Fighting on the Aleppo-Damascus road.", "Aleppo", 2),
    ],
)
def test_precision(small_gazetteer, text, name, precision):
    found = {t.text: t for t in find_toponyms("doc", text, small_gazetteer)}
    assert found[name].precision == precision


def test_road_second_town_is_not_the_event_place():
    text = "Fighting on the Aleppo-Damascus road."
    start = text.index("Damascus")
    assert role_of(text, start, start + len("Damascus")) == "other"
    assert precision_of(text, text.index("Aleppo"), text.index("Aleppo") + 6, None) == 2


def test_choose_event_place_prefers_the_town_nearest_the_trigger(small_gazetteer):
    text = "In Idlib province, an air strike hit Idlib city; later that day, heavy shelling struck Aleppo."
    toponyms = find_toponyms("doc", text, small_gazetteer)
    strike = choose_event_place(toponyms, 0, len(text), trigger_start=text.index("air strike"))
    assert strike.text == "Idlib" and strike.place.feature_class == "P"
    shelling = choose_event_place(toponyms, 0, len(text), trigger_start=text.index("shelling"))
    assert shelling.place.geonameid == 170063


def test_choose_event_place_falls_back_to_the_province(small_gazetteer):
    text = "Barrel bombs killed 37 people in Aleppo province."
    chosen = choose_event_place(find_toponyms("doc", text, small_gazetteer), 0, len(text))
    assert chosen.place.feature_code == "ADM1" and chosen.precision == 3 and chosen.place.admin1 == "Aleppo"


def test_choose_event_place_never_returns_a_country_or_a_non_event_place(small_gazetteer):
    text = "Thousands of Syrians fled into Turkey; fighting continued in Syria."
    assert choose_event_place(find_toponyms("doc", text, small_gazetteer), 0, len(text)) is None


def test_choose_event_place_respects_the_span(small_gazetteer):
    text = "Clashes hit Homs. Later, a car bomb exploded in Aleppo."
    toponyms = find_toponyms("doc", text, small_gazetteer)
    second = text.index("Later")
    assert choose_event_place(toponyms, second, len(text)).text == "Aleppo"
    assert choose_event_place(toponyms, 0, second).text == "Homs"


def test_what_is_fired_into_a_place_lands_there():
    from frontlines.geo.link import role_of

    text = "An armed group launched a rocket from the Gaza Strip into Israel."
    assert role_of(text, text.index("Israel"), text.index("Israel") + 6) == "event"
    fled = "Thousands fled into Turkey."
    assert role_of(fled, fled.index("Turkey"), fled.index("Turkey") + 6) == "destination"


def test_a_patron_country_is_not_a_place():
    from frontlines.geo.link import role_of

    text = "A checkpoint of a Turkey-backed faction was attacked."
    assert role_of(text, text.index("Turkey"), text.index("Turkey") + 6) == "other"
