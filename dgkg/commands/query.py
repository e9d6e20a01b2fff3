"""``dgkg query NAME|FILE [--param k=v]… [--format table|csv|json|tsv]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..backend import EndpointError, backend
from ..catalogue import QueryError, bind, resolve
from ..results import Rows, text_of, to_delimited, to_json
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, console, endpoint_option, graph_option, timeout_option

FORMATS = ["table", "csv", "tsv", "json"]


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        key, value = pair.split("=", 1)
        params[key.strip()] = value.strip()
    return params


def print_rows(rows: Rows, fmt: str, title: str = "") -> None:
    if fmt == "csv":
        click.echo(to_delimited(rows, ","), nl=False)
    elif fmt == "tsv":
        click.echo(to_delimited(rows, "\t"), nl=False)
    elif fmt == "json":
        click.echo(to_json(rows))
    else:
        table = Table(title=title or None, show_lines=False)
        for column in rows.columns:
            table.add_column(column, overflow="fold")
        for row in rows.rows:
            table.add_row(*(text_of(row[c]) for c in rows.columns))
        Console(width=200).print(table)
        click.echo(f"{len(rows)} row(s)")


@click.command("query")
@click.argument("name_or_file")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@graph_option
@endpoint_option
@timeout_option
def command(name_or_file: str, params: tuple[str, ...], fmt: str, graph_file: Path | None, endpoint: str | None, timeout: float) -> None:
    """Run a named competency query (see `dgkg queries`) or a .rq file, on the embedded graph or a
    remote SPARQL endpoint.

    Exit 0 with rows, 1 with no rows, 2 on a bad query or parameter or an endpoint failure.
    """
    try:
        named = resolve(name_or_file)
        text = bind(named, parse_params(params))
        rows = backend(endpoint, graph_file, timeout).select(text)
    except (QueryError, FileNotFoundError, EndpointError) as exc:
        console.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_ERROR)
    except (SyntaxError, OSError, ValueError) as exc:
        console.print(f"[red]error:[/] {named.path}: {exc}")
        sys.exit(EXIT_ERROR)
    print_rows(rows, fmt, named.title)
    sys.exit(EXIT_OK if rows.rows else EXIT_VIOLATIONS)
