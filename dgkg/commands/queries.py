"""``dgkg queries``: the catalogue of named queries with their questions and parameters."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from ..catalogue import catalogue


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
def command(fmt: str) -> None:
    """List the named competency queries: question, parameters, result columns."""
    entries = catalogue()
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "question": q.question, "columns": q.columns,
             "params": [{"name": p.name, "type": p.type, "optional": p.optional, "default": p.default, "description": p.description} for p in q.params]}
            for q in entries.values()], ensure_ascii=False, indent=2))
        return
    table = Table(show_lines=True)
    for column in ("name", "question", "parameters", "columns"):
        table.add_column(column, overflow="fold")
    for q in entries.values():
        params = "\n".join(f"{p.name}: {p.type}{'?' if p.optional else ''}{' = ' + p.default if p.default else ''}" for p in q.params) or "—"
        table.add_row(q.name, q.question, params, ", ".join(q.columns))
    Console(width=200).print(table)
