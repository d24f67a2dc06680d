"""Recognition and resolution on a small gazetteer of real GeoNames rows."""

import pytest

from frontlines.geo import Gazetteer, find_toponyms


def places(text, gaz, **kwargs):
    return {t.text: t for t in find_toponyms("doc", text, gaz, **kwargs)}


def test_lookup_countries_and_admin1(small_gazetteer):
    gaz = small_gazetteer
    assert gaz.country("SY").iso3 == "SYR"
    assert gaz.country("SYR").name == "Syria"
    assert gaz.country("syria").geonameid == 163843
    idlib = gaz.admin1("SY", "Idlib")
    assert idlib.feature_code == "ADM1" and idlib.geonameid == 169387 and idlib.admin1 == "Idlib"
    assert gaz.admin1("Syria", "12") == idlib
    assert gaz.admin1("SY", "Nowhere") is None


def test_lookup_folds_spelling(small_gazetteer):
    ids = {p.geonameid for p in small_gazetteer.lookup("Hassakeh")}
    assert 173811 in ids and 173814 in ids  # the city and its governorate


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Clashes were reported in Tripoli, in northern Lebanon, on Monday.", 266826),
        ("Militias fought in Tripoli, the Libyan capital, near Misrata road.", 2210247),
        ("Rockets hit Tripoli and Misrata overnight.", 2210247),
        ("Tripoli is Lebanon's second city.", 266826),
    ],
)
def test_tripoli_lebanon_or_libya(small_gazetteer, text, expected):
    assert places(text, small_gazetteer)["Tripoli"].place.geonameid == expected


def test_homs_or_al_khums(small_gazetteer):
    syria = places("Government forces shelled Homs, Syria, and Aleppo.", small_gazetteer)
    assert syria["Homs"].place.geonameid == 169577
    libya = places("The port of Homs, east of Tripoli in Libya, was hit.", small_gazetteer)
    assert libya["Homs"].place.geonameid == 2219905


def test_focus_country_argument(small_gazetteer):
    assert places("Fighting in Tripoli.", small_gazetteer, focus_country="LBN")["Tripoli"].place.country_code == "LB"
    assert places("Fighting in Tripoli.", small_gazetteer, focus_country="Libya")["Tripoli"].place.country_code == "LY"


def test_transliterations_and_aliases_in_text(small_gazetteer):
    found = places("Fighters moved from Deir Ezzor to al-Hasakah and Kobani.", small_gazetteer)
    assert found["Deir Ezzor"].place.geonameid == 170794
    assert found["al-Hasakah"].place.geonameid == 173811
    assert found["Kobani"].place.geonameid == 172256


def test_words_that_are_also_places_are_not_toponyms(small_gazetteer):
    text = "Police said the Bank of Syria will open in March. Of the dead, most were civilians."
    found = places(text, small_gazetteer)
    assert set(found) == {"Syria"}


def test_person_titles_and_organisations(small_gazetteer):
    found = places("President Miami met the New York Times editors in Ankara.", small_gazetteer)
    assert set(found) == {"Ankara"}


def test_province_qualifier_gives_the_admin1(small_gazetteer):
    found = places("Air strikes hit Idlib province and the city of Aleppo.", small_gazetteer)
    assert found["Idlib"].place.feature_code == "ADM1"
    assert found["Idlib"].precision == 3
    assert found["Aleppo"].place.geonameid == 170063
    assert found["Aleppo"].precision == 1


def test_bare_city_name_beats_its_province(small_gazetteer):
    found = places("IS militants are closing in on Hasakah.", small_gazetteer)
    assert found["Hasakah"].place.geonameid == 173811


def test_district_province_chain(small_gazetteer):
    found = places("Taliban fighters attacked a checkpoint in Andar district, Ghazni province.", small_gazetteer)
    andar = found["Andar"].place
    assert andar.admin1_code == "08" and found["Ghazni"].place.feature_code == "ADM1"


def test_hierarchy_with_a_comma(small_gazetteer):
    assert places("A blast in Andar, Ghazni killed two.", small_gazetteer)["Andar"].place.admin1_code == "08"


def test_possessive_country_before_city(small_gazetteer):
    found = places("Islamic State militants 'at the gates' of Syria's Hasakah", small_gazetteer)
    assert found["Hasakah"].place.country_code == "SY"
    assert found["Syria"].place.is_country


def test_abstains_when_nothing_fits():
    gaz = Gazetteer.from_geonames_rows(
        ["1\tSmallville\tSmallville\t\t10.0\t10.0\tP\tPPL\tNG\t\t01\t\t\t\t0\t\t\t\t2020-01-01"]
    )
    found = places("Smallville was mentioned by the spokesman in passing.", gaz)
    assert "Smallville" not in found or found["Smallville"].place is None


def test_offsets_point_into_the_text(small_gazetteer):
    text = "Shelling hit  Aleppo's old city and Idlib."
    for t in find_toponyms("doc", text, small_gazetteer):
        assert text[t.start : t.end] == t.text


def test_regions_are_found_but_never_placed(small_gazetteer):
    found = places("Tension in the Middle East grew as Ankara warned.", small_gazetteer)
    assert found["Middle East"].place is None and found["Middle East"].role == "other"
