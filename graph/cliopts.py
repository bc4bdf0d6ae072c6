"""Options that several `vnkg` commands share (graph/cli.py, graph/remote/pushcli.py, server/cli.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .remote.spec import is_remote

DEFAULT_STORE = Path(".vnkg/store")


def store_path_option(help: str = "The store directory.") -> Callable[[Any], Any]:
    """`--store DIR` (or $VNKG_STORE), passed to the command as `store_path`."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, file_okay=False),
        default=DEFAULT_STORE,
        envvar="VNKG_STORE",
        show_default=True,
        show_envvar=True,
        help=help,
    )


backend_option = click.option(
    "--backend",
    default=None,
    envvar="VNKG_BACKEND",
    show_envvar=True,
    callback=lambda ctx, param, value: _check_backend(value),
    help="Read from a SPARQL endpoint instead of --store: sparql+http(s)://[user:pw@]host/path.",
)


def _check_backend(value: str | None) -> str | None:
    if value is not None and not is_remote(value):
        raise click.BadParameter("give sparql+http://… or sparql+https://…", param_hint="--backend")
    return value
