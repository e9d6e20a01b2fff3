"""Where the shipped resources are: ontology/, queries/, graphs/ (inside the installed distribution)
and, for ``dgkg build``, the checkout with its sources/."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SKOS

from .namespaces import DGKG, ID


def package_dir(name: str) -> Path:
    """Folder of a shipped resource package: ``ontology``, ``queries`` or ``graphs``."""
    return Path(str(resources.files(f"dgkg.{name}")))


SHAPE_FILES = ("shapes.ttl", "profiles.ttl")  # SHACL, not part of the ontology graph


def ontology_files() -> list[Path]:
    """The ontology and its concept schemes (the SHACL files are not part of the dataset)."""
    return sorted(p for p in package_dir("ontology").glob("*.ttl") if p.name not in SHAPE_FILES)


def find_checkout(start: Path | None = None) -> Path | None:
    """The project checkout containing ``start`` (a folder with pyproject.toml and sources/)."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").is_file() and (candidate / "sources").is_dir():
            return candidate
    return None


@functools.lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def vocabularies() -> dict[str, dict[str, str]]:
    """Concept scheme slug -> {concept slug: concept IRI}, read from the ontology (one source of truth)."""
    graph = ontology_graph()
    out: dict[str, dict[str, str]] = {}
    for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme):
        scheme_slug = str(graph.value(scheme, DGKG.slug))
        out[scheme_slug] = {
            str(graph.value(concept, DGKG.slug)): str(concept)
            for concept in graph.subjects(SKOS.inScheme, scheme)
        }
    return out


@functools.lru_cache(maxsize=1)
def instrument_kinds() -> dict[str, str]:
    """Instrument kind slug -> class IRI (classes below dgkg:Instrument carrying a dgkg:slug)."""
    graph = ontology_graph()
    query = """SELECT ?cls ?slug WHERE { ?cls rdfs:subClassOf+ dgkg:Instrument ; dgkg:slug ?slug }"""
    return {str(row.slug): str(row.cls) for row in graph.query(query, initNs={"dgkg": DGKG, "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#")})}


@functools.lru_cache(maxsize=1)
def jurisdiction_kinds() -> dict[str, str]:
    graph = ontology_graph()
    query = """SELECT ?cls ?slug WHERE { ?cls rdfs:subClassOf dgkg:Jurisdiction ; dgkg:slug ?slug }"""
    return {str(row.slug): str(row.cls) for row in graph.query(query, initNs={"dgkg": DGKG, "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#")})}


def concept(scheme: str, slug: str) -> str:
    return f"{ID}{scheme}/{slug}"
