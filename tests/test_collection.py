"""The collection profile: a country prior and a country model learned from the reports themselves."""

from frontlines.collection import MIN_TRAINING_REPORTS, CollectionProfile, confident_country
from frontlines.model import Place, Toponym


def toponym(cc, code="PPL", score=0.9, role="event"):
    place = Place(1, "X", 0.0, 0.0, cc, cc, cc + "X", feature_code=code)
    return Toponym("d", 0, 1, "X", place, score=score, role=role)


def test_a_report_places_itself_only_when_all_sure_names_agree():
    assert confident_country([toponym("LB"), toponym("LB", "ADM1")]) == "LB"
    assert confident_country([toponym("LB"), toponym("LY")]) is None
    assert confident_country([toponym("LB", score=0.3)]) is None
    assert confident_country([toponym("US", role="based"), toponym("LB")]) == "LB"


def profile_of(examples):
    profile = CollectionProfile()
    for country, text in examples:
        profile.learn(country, text)
    return profile


def test_the_model_names_a_country_only_when_sure_and_trained():
    lebanon = "protesters blocked the highway against the dollar exchange rate and the banks"
    yemen = "houthi forces shelled frontline positions with mortar fire near the governorate"
    small = profile_of([("LB", lebanon), ("YE", yemen)])
    assert small.predict_country("protesters against the banks and the dollar rate") is None  # too little to learn from
    trained = profile_of([("LB", lebanon)] * MIN_TRAINING_REPORTS + [("YE", yemen)] * MIN_TRAINING_REPORTS)
    country, posterior = trained.predict_country("rioters blocked a road against the dollar exchange rate")
    assert country == "LB" and posterior >= 0.9
    assert trained.predict_country("the weather was mild") is None  # no evidence either way
