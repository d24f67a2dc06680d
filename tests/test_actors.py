from frontlines.extract.actors import find_actors, resolve_inter, resolve_name


def names(text, country="SY"):
    return [(resolve_name(a, country), resolve_inter(a, country)) for a in find_actors(text)]


def test_islamic_state_aliases():
    for alias in ("IS", "ISIS", "ISIL", "Daesh", "Islamic State group"):
        assert names(f"{alias} fighters attacked")[0] == ("Islamic State", 2)


def test_is_in_lower_case_is_a_verb_not_a_group():
    assert names("the situation is tense") == []


def test_regime_aliases_resolve_with_the_event_country():
    for alias in ("regime forces", "government troops", "regime helicopters", "Syrian army"):
        assert names(f"{alias} shelled the town")[0] == ("Military Forces of Syria", 1)


def test_generic_actors_take_the_country():
    assert names("gunmen killed two civilians", "IQ") == [("Unidentified Armed Group (Iraq)", 3), ("Civilians (Iraq)", 7)]
    assert names("protesters gathered", "LB") == [("Protesters (Lebanon)", 6)]


def test_state_forces_abroad_are_external():
    assert names("Turkish forces shelled the village", "SY") == [("Military Forces of Turkey", 8)]
    assert names("Turkish forces shelled the village", "TR") == [("Military Forces of Turkey", 1)]


def test_demonym_forms():
    assert names("Iraqi police arrested him", "IQ")[0] == ("Police Forces of Iraq", 1)
