"""``dgkg diff OLD NEW [--format text|json|csv] [--all]``: what changed between two releases."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from ..diff import DiffError, diff_files
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, console


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True, help="Output format.")
@click.option("--all", "include_all", is_flag=True, default=False,
              help="Also report nodes outside https://w3id.org/dgkg/id/ (source documents, ontology terms).")
def command(old: Path, new: Path, fmt: str, include_all: bool) -> None:
    """Facts added, removed and changed between two release datasets OLD and NEW (TriG or N-Quads,
    optionally gzipped — e.g. releases/0.1.0/dgkg.nq.gz and graphs/dgkg.trig).

    A node (participation, recognition, membership, mechanism, provision, instrument, jurisdiction …)
    is added, removed, or changed (same IRI, some property values differ: each property is listed
    with its old and new values). Named graphs (one per source file) are compared too; the void and
    provenance graphs and blank nodes are not.

    Exit 0 when there are no differences, 1 when there are, 2 on error.
    """
    try:
        result = diff_files(old, new, include_all)
    except DiffError as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(result.to_json())
    elif fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    else:
        click.echo(result.to_text(), nl=False)
    sys.exit(EXIT_VIOLATIONS if result.differs else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover - usable before it is registered in dgkg/cli.py
    command()
