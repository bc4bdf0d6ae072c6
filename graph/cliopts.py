"""Options that several `vnkg` commands share (graph/cli.py, graph/remote/pushcli.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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
