"""The build: ontology + sources -> one dataset (a named graph per source file) -> SHACL gate ->
release files in graphs/, written atomically and deterministically (design §1).

Nothing is written unless every step succeeded; then each release file is replaced atomically,
so a failed build leaves the previous release untouched.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, PROV, RDF, RDFS

from dgkg.loaders.countries import countries_triples
from dgkg.loaders.yaml_source import convert, retired_triples

from . import __version__
from .errors import BuildError, SourceError
from .namespaces import BASE, DGKG, named_graph
from .release import render_release
from .resources import ontology_files
from .retirements import retired_records, retirement_problems
from .rules import run_rules
from .sources import read_sources
from .terms import to_ox

ONTOLOGY_IRI = URIRef(BASE + "ontology")
Step = Callable[[str], None]


@dataclass
class Dataset:
    """Named graph IRI -> triples, plus what each graph was built from (relative path, sha256)."""

    graphs: dict[str, set] = field(default_factory=dict)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, graph: str, triples, origin: tuple[str, str] | None = None) -> None:
        self.graphs.setdefault(graph, set()).update(triples)
        if origin:
            self.origins[graph] = origin

    def quads(self) -> list[tuple]:
        return [(s, p, o, URIRef(g)) for g, triples in self.graphs.items() for (s, p, o) in triples]

    def union(self) -> Graph:
        graph = Graph()
        for triples in self.graphs.values():
            for triple in triples:
                graph.add(triple)
        return graph

    def store(self) -> ox.Store:
        store = ox.Store()
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(g)) for s, p, o, g in self.quads())
        return store


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ontology_triples() -> tuple[set, list[Path]]:
    """The ontology files (not the shapes), with the version stamped from the one project version."""
    graph = Graph()
    used = []
    for path in ontology_files():
        graph.parse(path, format="turtle")
        used.append(path)
    graph.remove((ONTOLOGY_IRI, OWL.versionIRI, None))
    graph.remove((ONTOLOGY_IRI, OWL.versionInfo, None))
    graph.add((ONTOLOGY_IRI, OWL.versionIRI, URIRef(f"{BASE}ontology/{__version__}")))
    graph.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(__version__)))
    # OWL list axioms need blank nodes: give them canonical labels so rebuilding gives the same bytes
    return set(to_canonical_graph(graph)), used


def provenance_triples(dataset: Dataset) -> set:
    """PROV-O description of each named graph: what file it was derived from and its digest."""
    out = set()
    activity = URIRef(f"{BASE}release/{__version__}/build")
    out.add((activity, RDF.type, PROV.Activity))
    out.add((activity, RDFS.label, Literal(f"dgkg build {__version__}")))
    for graph_iri, (relative, digest) in sorted(dataset.origins.items()):
        g = URIRef(graph_iri)
        file_iri = URIRef(f"{BASE}source-file/{quote(relative)}")
        out |= {
            (g, RDF.type, PROV.Entity),
            (g, PROV.wasDerivedFrom, file_iri),
            (g, PROV.wasGeneratedBy, activity),
            (file_iri, RDF.type, PROV.Entity),
            (file_iri, RDFS.label, Literal(relative)),
            (file_iri, DGKG.sha256, Literal(digest)),
            (activity, PROV.used, file_iri),
        }
    return out


def assemble(checkout: Path, step: Step = lambda name: None) -> Dataset:
    """Read, check and convert everything; raise SourceError / BuildError on bad input."""
    sources_dir = checkout / "sources"
    step("checking sources")
    files, registry = read_sources(sources_dir)
    dataset = Dataset()
    step("loading ontology")
    triples, used = ontology_triples()
    dataset.add(named_graph("ontology"), triples, ("ontology/", hashlib.sha256(b"".join(p.read_bytes() for p in used)).hexdigest()))
    step("loading ISO 3166-1 countries")
    crosswalk = sources_dir / "crosswalks" / "iso3166.csv"
    try:
        dataset.add(named_graph("countries"), countries_triples(crosswalk), ("sources/crosswalks/iso3166.csv", sha256(crosswalk) if crosswalk.is_file() else "absent"))
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    step(f"converting {len(files)} source files")
    for source_file in files:
        dataset.add(named_graph("source/" + source_file.name), convert(source_file.doc, registry.resolve), (source_file.display, sha256(source_file.path)))
    step("checking retired IRIs")
    retirement_triples = {t for sf, rec, _ in retired_records(files) for t in retired_triples(rec, None)}
    problems = retirement_problems(files, dataset.graphs, retirement_triples)
    if problems:
        raise SourceError(problems)
    step("applying rules")
    dataset.add(named_graph("inferred"), run_rules(dataset.store()))
    dataset.add(named_graph("provenance"), provenance_triples(dataset))
    return dataset


def write_atomically(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file to a temporary name first, then rename each into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged = []
    try:
        for name, content in sorted(files.items()):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((Path(tmp), out_dir / name))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return [final for _, final in staged]


def build(checkout: Path, out_dir: Path | None = None, step: Step = lambda name: None, validate: Callable | None = None) -> list[Path]:
    """The whole build. ``validate(dataset)`` is the SHACL gate: it raises to stop the build."""
    dataset = assemble(checkout, step)
    if validate is not None:
        step("SHACL gate")
        validate(dataset)
    step("rendering release files")
    files = render_release(dataset)
    step("writing graphs/")
    return write_atomically(files, out_dir or checkout / "graphs")


__all__ = ["Dataset", "assemble", "build", "write_atomically"]
