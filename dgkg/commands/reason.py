"""``dgkg reason``: HermiT (owlready2) consistency of the ontology and the data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..reason import check_consistency
from ..store import load_store, shipped_store, union_graph
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, console, graph_option


@click.command("reason")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A Turtle file to reason over instead of the built dataset (e.g. a test fixture plus the ontology).")
@graph_option
def command(fmt: str, data_file: Path | None, graph_file: Path | None) -> None:
    """Run HermiT over the ontology and the data (a view without xsd:date literals, which OWL 2 lacks);
    report consistency and the class memberships it inferred.

    Exit 0 when consistent, 1 when inconsistent, 2 on error (e.g. no Java).
    """
    try:
        if data_file:
            from rdflib import Graph

            graph = Graph().parse(data_file)
        else:
            graph = union_graph(load_store(graph_file) if graph_file else shipped_store())
        result = check_consistency(graph)
    except (OSError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(json.dumps({"consistent": result.consistent, "message": result.message, "inferred_types": result.inferred_types}, indent=2))
    else:
        click.echo("consistent" if result.consistent else f"INCONSISTENT: {result.message}")
        click.echo(f"{len(result.inferred_types)} individual(s) with inferred class memberships")
        for individual, classes in sorted(result.inferred_types.items())[:50]:
            click.echo(f"  {individual}: {', '.join(classes)}")
    sys.exit(EXIT_OK if result.consistent else EXIT_VIOLATIONS)
