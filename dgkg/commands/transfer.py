"""``dgkg transfer FROM TO [--on DATE] [--format table|json] [--endpoint URL]``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..backend import EndpointError, backend
from ..catalogue import QueryError
from ..results import text_of
from ..transfer import TransferAnswer, transfer
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, console, endpoint_option, graph_option, timeout_option


def table(title: str, rows: list[dict], columns: list[str]) -> Table:
    out = Table(title=title, show_lines=True)
    for column in columns:
        out.add_column(column, overflow="fold")
    for row in rows:
        out.add_row(*(text_of(row.get(c)) for c in columns))
    return out


def print_answer(answer: TransferAnswer) -> None:
    screen = Console(width=200)
    screen.print(f"[bold]{answer.exporter} → {answer.importer} on {answer.on}[/]")
    screen.print(answer.statement())
    if answer.recognitions:
        screen.print(table("Recognition in force", answer.recognitions, ["route", "mechanism_type", "conditions", "instrument", "legal_basis", "valid_from", "valid_until", "verified", "source"]))
    if answer.mechanisms:
        screen.print(table("Mechanisms of the exporting regime", answer.mechanisms, ["route", "mechanism_type", "legal_basis", "conditions", "valid_from", "verified", "source"]))
    if answer.commitments:
        screen.print(table("Shared binding commitments (context)", answer.commitments, ["instrument", "topic", "article", "bindingness", "source"]))


@click.command("transfer")
@click.argument("exporter", metavar="FROM")
@click.argument("importer", metavar="TO")
@click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="The day to evaluate. Default: today.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@graph_option
@endpoint_option
@timeout_option
def command(exporter: str, importer: str, on: str | None, fmt: str, graph_file: Path | None, endpoint: str | None, timeout: float) -> None:
    """The legal routes for personal data from FROM's regime to TO on a day: recognitions in force (with
    scope), the exporting regime's mechanisms with conditions, and shared treaty commitments — each
    with legal basis and source.

    Exit 0 when the graph can answer, 1 when it holds no regime for FROM, 2 on bad input.
    """
    try:
        day = dt.date.fromisoformat(on) if on else dt.date.today()
        answer = transfer(backend(endpoint, graph_file, timeout), exporter, importer, day)
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_ERROR)
    except (QueryError, EndpointError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_answer(answer)
    sys.exit(EXIT_OK if answer.answered else EXIT_VIOLATIONS)
