"""Shared fixtures. Tests that need ../shared skip with a reason in a user's fresh clone,
and fail in CI, where FRONTLINES_REQUIRE_SHARED=1 is set by .ci/run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRONTLINES_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip (a failure in CI) when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"needs {path} (the shared data beside the repo), which is absent"
        if os.environ.get("FRONTLINES_REQUIRE_SHARED"):
            pytest.fail(reason + "; FRONTLINES_REQUIRE_SHARED is set, so this is an error")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    return shared_path("samples", "hasakah-2015-06-05.txt")


@pytest.fixture(scope="session")
def seed_jsonl_path() -> Path:
    return shared_path("samples", "hasakah-2015-06-05.jsonl")


@pytest.fixture(scope="session")
def dev_set_path() -> Path:
    return shared_path("eval", "acled-middle-east-2020.jsonl")


@pytest.fixture(scope="session")
def geowebnews_path() -> Path:
    return shared_path("eval", "geowebnews.jsonl")


@pytest.fixture(scope="session")
def shared_gazetteer_dir() -> Path:
    return shared_path("gazetteer")
