"""``dgkg export --format ttl|nt|nq|trig|jsonld|rdfxml [-o FILE]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pyoxigraph as ox

from ..build import write_atomically
from ..release import header, jsonld, sorted_quads
from ..store import load_store, shipped_store
from ..terms import to_rdflib
from .common import EXIT_ERROR, console, graph_option

FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, False), "nt": (ox.RdfFormat.N_TRIPLES, False), "rdfxml": (ox.RdfFormat.RDF_XML, False),
    "nq": (ox.RdfFormat.N_QUADS, True), "trig": (ox.RdfFormat.TRIG, True), "jsonld": (None, True),
}


def export_bytes(store: ox.Store, fmt: str) -> bytes:
    quads = sorted_quads([(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)) for q in store])
    if fmt == "jsonld":
        return jsonld(quads)
    rdf_format, keeps_graphs = FORMATS[fmt]
    from ..release import serialize

    if keeps_graphs:
        body = serialize(quads, rdf_format)
    else:
        triples = sorted({(s, p, o) for s, p, o, _ in quads}, key=lambda t: tuple(map(str, t)))
        body = serialize([(s, p, o, None) for s, p, o in triples], rdf_format)
    return (header().encode() + body) if fmt in ("ttl", "trig", "nt", "nq") else body


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="ttl", show_default=True, help="RDF serialisation.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (atomically). Default: standard output.")
@graph_option
def command(fmt: str, output: Path | None, graph_file: Path | None) -> None:
    """Export the graph: ttl, nt, rdfxml (union of graphs) or nq, trig, jsonld (named graphs kept)."""
    try:
        store = load_store(graph_file) if graph_file else shipped_store()
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_ERROR)
    data = export_bytes(store, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically({output.name: data}, output.parent if str(output.parent) else Path("."))
        click.echo(f"wrote {output}", err=True)
