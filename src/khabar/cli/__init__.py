"""The ``khabar`` command: a thin shell over the library. Each command group lives in its
own module under ``khabar.cli`` and registers itself on the app."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from khabar import __version__
from khabar.cli.common import console_err, fail
from khabar.errors import KhabarError

app = typer.Typer(
    name="khabar",
    help="khabar (خبر): Arabic news into structured, source-faithful facts — entities, "
    "quotes with speakers, sources, hedges and resolved dates.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

#: Modules under khabar.cli that define ``register(app)``.
COMMAND_MODULES = ("analyze", "evaluate", "serve", "store", "ner", "times")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"khabar {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """khabar (خبر): who said what, according to whom, how firmly, and when — in Arabic news."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"khabar.cli.{_name}").register(app)


def main() -> None:
    """Entry point: run the app; typed errors become one line on stderr and a non-zero exit."""
    try:
        app()
    except KhabarError as exc:
        fail(exc)
    except KeyboardInterrupt:
        console_err.print("interrupted")
        sys.exit(130)
