"""``dgkg check-sources [FILE ...]``: the schema and reference check alone (fast, for curators)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import SourceError
from ..sources import read_sources
from .common import EXIT_ERROR, checkout_or_fail, root_option


def display_name(path: Path, checkout: Path) -> str:
    """How problems name a file: sources/… relative to the checkout."""
    resolved = path.resolve()
    return str(resolved.relative_to(checkout.resolve())) if resolved.is_relative_to(checkout.resolve()) else str(path)


@click.command("check-sources")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_option
def command(files: tuple[Path, ...], root: Path | None) -> None:
    """Check every sources/**/*.yaml file against the schema and resolve its references. With FILE
    arguments, report only the problems in those files (the whole tree is still read, since references
    cross files).

    Exit 0 if the files checked are valid, 2 otherwise (each problem as FILE:LINE: FIELD: MESSAGE).
    """
    checkout = checkout_or_fail(root)
    wanted = {display_name(f, checkout) for f in files}
    try:
        parsed, _ = read_sources(checkout / "sources")
    except SourceError as exc:
        shown = [p for p in exc.problems if not wanted or p.file in wanted]
        for problem in shown:
            click.echo(str(problem), err=True)
        elsewhere = len(exc.problems) - len(shown)
        if shown:
            click.echo(f"{len(shown)} problem(s)" + (f" (and {elsewhere} in other files)" if elsewhere else ""), err=True)
            sys.exit(EXIT_ERROR)
        click.echo(f"{len(wanted)} source files: ok ({elsewhere} problem(s) in other files)")
        return
    click.echo(f"{len(wanted) if wanted else len(parsed)} source files: ok")
