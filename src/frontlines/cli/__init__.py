"""The command line: thin wrappers that parse arguments and call the library.

Each command group lives in its own module and registers itself on ``main``.
"""

from __future__ import annotations

import importlib
import logging

import click

from frontlines import __version__

#: Modules that add commands to ``main``; each defines ``register(main)``.
COMMAND_MODULES = ("extract", "evaluate", "geo", "store", "web", "scale")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontlines")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Frontlines: conflict news in, an ACLED-style event record out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"frontlines.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command group not written yet
        if _exc.name != f"frontlines.cli.{_name}":
            raise
        continue
    _module.register(main)
