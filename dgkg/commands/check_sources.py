"""``dgkg check-sources``: the schema and reference check alone (fast, for curators)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import SourceError
from ..sources import read_sources
from .common import EXIT_ERROR, checkout_or_fail, root_option


@click.command("check-sources")
@root_option
def command(root: Path | None) -> None:
    """Check every sources/**/*.yaml file against the schema and resolve its references.

    Exit 0 if all files are valid, 2 otherwise (each problem as FILE:LINE: FIELD: MESSAGE).
    """
    checkout = checkout_or_fail(root)
    try:
        files, _ = read_sources(checkout / "sources")
    except SourceError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s)", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{len(files)} source files: ok")
