"""Frontlines: conflict news in, an ACLED-style event record out, every number traced to text."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("frontlines")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]
