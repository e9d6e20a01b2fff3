"""Helpers shared by the command modules."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from ..resources import find_checkout

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2

console = Console(stderr=True)


def checkout_or_fail(root: Path | None) -> Path:
    checkout = find_checkout(root) if root else find_checkout()
    if checkout is None:
        console.print("[red]error:[/] not inside a dgkg checkout (a folder with pyproject.toml and sources/); use --root")
        sys.exit(EXIT_ERROR)
    return checkout


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                           help="The dgkg checkout to work on. Default: the checkout containing the current folder.")
graph_option = click.option("--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                            help="A built dataset (TriG / N-Quads) to query. Default: the graph shipped with the package.")
endpoint_option = click.option("--endpoint", default=None, metavar="URL",
                               help="Run on this SPARQL 1.1 endpoint instead of the embedded graph (its default graph must be the union of the dataset).")
timeout_option = click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for a remote endpoint.")
