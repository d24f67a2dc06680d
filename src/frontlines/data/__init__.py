"""Reviewed data files (taxonomy, triggers, actors, countries, lexicon, PLOVER map) and their loader."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from frontlines.errors import DataFileError


@cache
def load(name: str) -> dict[str, Any]:
    """Parse ``frontlines/data/<name>.toml`` once per process."""
    resource = resources.files(__package__).joinpath(f"{name}.toml")
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"missing data file {name}.toml", document=f"frontlines/data/{name}.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"invalid TOML: {exc}", document=f"frontlines/data/{name}.toml") from None
