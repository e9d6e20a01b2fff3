"""``dgkg stats [--format json]``: counts by kind and the share of facts with a source."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from ..namespaces import sparql_prologue
from ..store import load_store, shipped_store
from .common import graph_option

COUNTS = {
    "jurisdictions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x dgkg:code ?c }",
    "binding_instruments": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:BindingInstrument }",
    "nonbinding_instruments": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:NonBindingInstrument }",
    "domestic_instruments": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:DomesticInstrument }",
    "domestic_laws": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . VALUES ?c { dgkg:Law dgkg:Regulation } }",
    "domestic_regimes": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:Regime ; dgkg:jurisdiction ?j }",
    "international_regimes": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:Regime ; dgkg:organisation ?o }",
    "organisations": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:Organisation }",
    "participations": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:Participation }",
    "memberships": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:Membership }",
    "recognitions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:Recognition }",
    "mechanisms": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:TransferMechanism }",
    "mechanism_correspondences": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:MechanismCorrespondence }",
    "provisions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:Provision }",
    "proposals": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:Proposal }",
    "principles": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x skos:inScheme <https://w3id.org/dgkg/id/scheme/principle> }",
    "principle_assertions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:PrincipleAssertion }",
    "facts": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:Fact }",
    "facts_with_source": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:Fact . ?x dct:source ?s }",
    "facts_unverified": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:Fact . ?x dgkg:verified false }",
    "facts_with_official_source": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* dgkg:Fact . ?x dct:source ?s . ?s dgkg:official true }",
    "source_documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:SourceDocument }",
    "official_source_documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dgkg:SourceDocument ; dgkg:official true }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
}


def compute_stats(store: ox.Store) -> dict:
    stats = {}
    prologue = sparql_prologue()
    for key, query in COUNTS.items():
        solutions = list(store.query(prologue + query, use_default_graph_as_union=True))
        stats[key] = int(solutions[0]["n"].value)
    for part in ("facts_with_source", "facts_with_official_source"):
        stats[f"share_{part}"] = round(stats[part] / stats["facts"], 4) if stats["facts"] else 1.0
    return stats


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@graph_option
def command(fmt: str, graph_file: Path | None) -> None:
    """Counts by kind (jurisdictions, instruments, participations, recognitions …) and source coverage."""
    store = load_store(graph_file) if graph_file else shipped_store()
    stats = compute_stats(store)
    if fmt == "json":
        click.echo(json.dumps(stats, indent=2))
        return
    table = Table()
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in stats.items():
        table.add_row(key, str(value))
    Console().print(table)
