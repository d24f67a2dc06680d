"""Accuracy floors on the dev set. A ratchet: raise them as the scores rise, never lower them.

Scored twice, as the README reports them: with the default gazetteer (installed packages
only) and with the 19-country GeoNames files from ../shared/gazetteer added, which is what
a user following conflicts in those countries would load.
"""

import shutil

import pytest

from frontlines.evaluate.acled import evaluate, read_gold
from frontlines.geo import Gazetteer, add_geonames_files, default_index_path
from frontlines.pipeline import Extractor

FLOORS_DEFAULT_GAZETTEER = {
    "event_type_f1": 0.865,
    "sub_event_type_f1": 0.828,
    "inter_f1": 0.845,
    "fatalities_exact": 0.95,
    "fatalities_exact_deadly": 0.81,
    "date": 0.98,
    "admin1": 0.86,
    "country": 0.95,
    "within_25km": 0.73,
}
FLOORS_WITH_GEONAMES_FILES = {
    "admin1": 0.895,
    "country": 0.975,
    "within_25km": 0.77,
}


def _flatten(scores) -> dict:
    flat = scores.as_dict()
    for name in ("event_type", "sub_event_type", "inter"):
        flat[f"{name}_f1"] = flat[name]["f1"]
    return flat


@pytest.fixture(scope="module")
def default_scores(dev_set_path):
    result, _ = evaluate(read_gold(dev_set_path))
    return _flatten(result)


@pytest.fixture(scope="module")
def geonames_scores(dev_set_path, shared_gazetteer_dir, tmp_path_factory):
    Gazetteer.default().close()  # make sure the default index exists, then start from a copy of it
    index = tmp_path_factory.mktemp("gazetteer") / "with-geonames.sqlite"
    shutil.copyfile(default_index_path(), index)
    files = [shared_gazetteer_dir / "admin1CodesASCII.txt", shared_gazetteer_dir / "admin2Codes.txt"]
    files += sorted((shared_gazetteer_dir / "wof-geonames").glob("*.txt"))
    add_geonames_files(files, index_path=index)
    extractor = Extractor(gazetteer=Gazetteer.open(index))
    result, _ = evaluate(read_gold(dev_set_path), extractor=extractor)
    return _flatten(result)


@pytest.mark.parametrize("metric", sorted(FLOORS_DEFAULT_GAZETTEER))
def test_dev_set_floor(default_scores, metric):
    floor = FLOORS_DEFAULT_GAZETTEER[metric]
    assert default_scores[metric] >= floor, f"{metric} fell to {default_scores[metric]:.3f}, below its floor {floor}"


@pytest.mark.parametrize("metric", sorted(FLOORS_WITH_GEONAMES_FILES))
def test_dev_set_floor_with_geonames_files(geonames_scores, metric):
    floor = FLOORS_WITH_GEONAMES_FILES[metric]
    assert geonames_scores[metric] >= floor, f"{metric} fell to {geonames_scores[metric]:.3f}, below its floor {floor}"
