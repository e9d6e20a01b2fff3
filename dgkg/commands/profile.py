"""``dgkg profile JURISDICTION [--profile NAME]``: an interoperability checklist with evidence."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..backend import Embedded
from ..catalogue import QueryError
from ..profile import DEFAULT_PROFILE, run_profile
from ..store import load_store, shipped_store, union_graph
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, console, graph_option


@click.command("profile")
@click.argument("jurisdiction")
@click.option("--profile", "profile", default=DEFAULT_PROFILE, show_default=True,
              help="Checklist to apply (profiles in ontology/profiles.ttl: interoperability, baseline).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@graph_option
def command(jurisdiction: str, profile: str, fmt: str, graph_file: Path | None) -> None:
    """Check a jurisdiction's regime against an interoperability checklist (SHACL profile):
    what is met and what is missing, each with its evidence.

    Exit 0 when every item is met, 1 when some are missing or the graph holds no regime, 2 on error.
    """
    try:
        store = load_store(graph_file) if graph_file else shipped_store()
        report = run_profile(Embedded(graph_file), union_graph(store), jurisdiction, profile)
    except (QueryError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(json.dumps({"jurisdiction": report.jurisdiction, "regime": report.regime, "profile": report.profile,
                               "items": [vars(i) for i in report.items]}, ensure_ascii=False, indent=2))
    elif report.regime is None:
        click.echo(f"The graph holds no data-protection regime for {jurisdiction}.")
    else:
        table = Table(title=f"{jurisdiction} ({report.regime}) — profile {profile}", show_lines=True)
        for column in ("item", "status", "evidence", "what it checks"):
            table.add_column(column, overflow="fold")
        for item in report.items:
            status = "[green]met[/]" if item.met else "[red]missing[/]"
            evidence = ", ".join(item.evidence) if item.evidence else (item.message or "—")
            table.add_row(item.name, status, evidence, item.description)
        Console(width=200).print(table)
        met = sum(i.met for i in report.items)
        click.echo(f"{met} of {len(report.items)} met")
    sys.exit(EXIT_OK if report.complete else EXIT_VIOLATIONS)
