"""The reviewed data files are valid: every rule, actor and mapping refers to real taxonomy entries."""

import re

from frontlines.data import load
from frontlines.extract.typing import taxonomy


def test_every_sub_event_type_has_a_plover_mapping():
    plover = load("plover")["sub_event_type"]
    assert set(plover) == set(taxonomy())
    for entry in plover.values():
        assert entry["event_type"].isupper()


def test_trigger_rules_compile_and_name_known_types():
    for rule in load("triggers")["rule"]:
        assert rule["sub_event_type"] in taxonomy()
        re.compile(rule["pattern"])


def test_actor_file_is_well_formed():
    data = load("actors")
    countries = {c["iso2"] for c in load("countries")["country"]}
    seen = set()
    for actor in data["actor"]:
        assert 1 <= actor["inter"] <= 8, actor["name"]
        assert actor["aliases"], actor["name"]
        assert actor.get("country", "SY") in countries, actor["name"]
        assert actor["name"] not in seen
        seen.add(actor["name"])
    for generic in data["generic"]:
        assert "{country}" in generic["name"]


def test_lexicon_patterns_compile():
    lexicon = load("lexicon")
    for section in ("kinds", "qualifiers", "context"):
        for pattern in lexicon["counts"][section].values():
            re.compile(pattern)
    for key in ("alleged", "reported"):
        re.compile(lexicon["certainty"][key])
