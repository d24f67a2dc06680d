"""Accuracy floors on the dev set. A ratchet: raise them as the scores rise, never lower them."""

import pytest

from frontlines.evaluate.acled import evaluate, read_gold

FLOORS = {
    "event_type_f1": 0.85,
    "sub_event_type_f1": 0.81,
    "inter_f1": 0.81,
    "fatalities_exact": 0.95,
    "fatalities_exact_deadly": 0.8,
    "date": 0.95,
    "admin1": 0.72,
    "country": 0.83,
    "within_25km": 0.65,
}


@pytest.fixture(scope="module")
def scores(dev_set_path):
    result, _ = evaluate(read_gold(dev_set_path))
    flat = result.as_dict()
    for name in ("event_type", "sub_event_type", "inter"):
        flat[f"{name}_f1"] = flat[name]["f1"]
    return flat


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_dev_set_floor(scores, metric):
    assert scores[metric] >= FLOORS[metric], f"{metric} fell to {scores[metric]:.3f}, below its floor {FLOORS[metric]}"
