import pytest

from frontlines.extract.actors import find_actors
from frontlines.extract.mentions import split_sides
from frontlines.extract.typing import choose_type, find_triggers, taxonomy


def classify(text):
    actors = find_actors(text)
    triggers = find_triggers(text)
    agents, targets = split_sides(actors, triggers[0].start if triggers else None, text)
    roles = {"agents": {a.role for a in agents}, "targets": {a.role for a in targets}}
    chosen = choose_type(text, triggers, roles)
    return (chosen.event_type, chosen.sub_event_type) if chosen else None


@pytest.mark.parametrize("text,expected", [
    ("Fierce clashes between regime forces and IS militants left 53 dead.", ("Battles", "Armed clash")),
    ("Regime helicopters dropped barrel bombs on the town.", ("Explosions/Remote violence", "Air/drone strike")),
    ("HRW said chlorine was probably used in three attacks.", ("Explosions/Remote violence", "Chemical weapon")),
    ("A suicide bomber blew himself up at a checkpoint.", ("Explosions/Remote violence", "Suicide bomb")),
    ("Houthi forces shelled residential areas with artillery.", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("A roadside bomb exploded near a patrol.", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("Gunmen threw a hand grenade at a shop.", ("Explosions/Remote violence", "Grenade")),
    ("Gunmen shot and killed a civilian in the market.", ("Violence against civilians", "Attack")),
    ("Gunmen kidnapped two aid workers on the road.", ("Violence against civilians", "Abduction/forced disappearance")),
    ("Hundreds of teachers protested in front of the ministry.", ("Protests", "Peaceful protest")),
    ("Police fired tear gas to disperse protesters who gathered outside parliament.", ("Protests", "Protest with intervention")),
    ("Rioters blocked the road by burning tyres and threw stones at police.", ("Riots", "Violent demonstration")),
    ("Police arrested five suspects in a dawn raid.", ("Strategic developments", "Arrests")),
    ("Engineers defused an IED planted on the main road.", ("Strategic developments", "Disrupted weapons use")),
    ("The two sides agreed to a ceasefire.", ("Strategic developments", "Agreement")),
    ("Coalition reinforcements reached the base.", ("Strategic developments", "Change to group/activity")),
    ("Militants looted shops and burned houses in the village.", ("Strategic developments", "Looting/property destruction")),
    ("Houthi forces exchanged artillery fire with pro-Hadi forces on the front.", ("Battles", "Armed clash")),
])
def test_sentence_types(text, expected):
    assert classify(text) == expected


def test_taxonomy_has_six_types_and_twenty_five_subtypes():
    assert len(set(taxonomy().values())) == 6
    assert len(taxonomy()) == 25
