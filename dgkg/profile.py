"""Profiles: SHACL checklists (ontology/profiles.ttl) applied to one jurisdiction's regime.

pySHACL decides what is met; the evidence for each item is read along the same SHACL path with the
same qualifying conditions, translated to SPARQL, so the report shows *why* an item is met.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .catalogue import QueryError, bind_text
from .namespaces import DGKG
from .resources import package_dir

DEFAULT_PROFILE = "interoperability"


@dataclass
class ProfileItem:
    name: str
    description: str
    met: bool
    message: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass
class ProfileReport:
    jurisdiction: str
    regime: str | None
    profile: str
    items: list[ProfileItem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.items) and all(item.met for item in self.items)


def profiles_graph() -> Graph:
    graph = Graph()
    graph.parse(package_dir("ontology") / "profiles.ttl", format="turtle")
    return graph


def profile_names() -> list[str]:
    return sorted({str(o) for o in profiles_graph().objects(None, DGKG.inProfile)})


def sparql_path(graph: Graph, path) -> str:
    """SHACL property path -> SPARQL property path (IRIs, sequences, inverse paths)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{sparql_path(graph, inverse)}"
    if graph.value(path, RDF.first) is not None:
        return "/".join(sparql_path(graph, step) for step in Collection(graph, path))
    raise ValueError(f"unsupported SHACL path {path!r}")


def qualifier_patterns(graph: Graph, shape) -> list[str]:
    """SPARQL patterns on ?v for the qualifying shape (sh:class, sh:hasValue, sh:in, nested sh:property)."""
    if shape is None:
        return []
    patterns = []
    cls = graph.value(shape, SH["class"])
    if cls is not None:
        patterns.append(f"?v a/rdfs:subClassOf* <{cls}> .")
    value = graph.value(shape, SH.hasValue)
    if value is not None:
        patterns.append(f"FILTER(?v = <{value}>)")
    members = graph.value(shape, SH["in"])
    if members is not None:
        patterns.append("VALUES ?v { " + " ".join(f"<{m}>" for m in Collection(graph, members)) + " }")
    for prop in graph.objects(shape, SH.property):
        patterns.append(f"?v {sparql_path(graph, graph.value(prop, SH.path))} <{graph.value(prop, SH.hasValue)}> .")
    return patterns


def regime_of(backend, code: str) -> tuple[str | None, str | None]:
    """The regime IRI and slug for a jurisdiction (or the union it belongs to today)."""
    text = """SELECT ?regime ?slug WHERE {
      ?j dgkg:code ?code .
      { ?regime a dgkg:Regime ; dgkg:jurisdiction ?j }
      UNION { ?m a dgkg:Membership ; dgkg:member ?j ; dgkg:organisation ?u . ?u a dgkg:SupranationalUnion .
              FILTER NOT EXISTS { ?m dgkg:validUntil ?until } FILTER NOT EXISTS { ?own a dgkg:Regime ; dgkg:jurisdiction ?j }
              ?regime a dgkg:Regime ; dgkg:jurisdiction ?u }
      ?regime dgkg:identifier ?slug } ORDER BY ?slug LIMIT 1"""
    rows = backend.select(bind_text(text, {"code": code})).rows
    return (rows[0]["regime"], rows[0]["slug"]) if rows else (None, None)


def evidence_for(backend, shapes: Graph, prop, focus: str) -> list[str]:
    path = sparql_path(shapes, shapes.value(prop, SH.path))
    patterns = "\n".join(qualifier_patterns(shapes, shapes.value(prop, SH.qualifiedValueShape)))
    text = f"""SELECT DISTINCT ?v ?label WHERE {{ <{focus}> {path} ?v . {patterns}
      OPTIONAL {{ ?v (dgkg:code|dgkg:identifier) ?name }}
      OPTIONAL {{ ?v dgkg:instrument/dgkg:identifier ?inst ; dgkg:article ?art }}
      BIND(COALESCE(?name, CONCAT(?inst, " art. ", ?art)) AS ?label) }} ORDER BY ?label ?v"""
    rows = backend.select(bind_text(text, {})).rows
    return [r["label"] or r["v"] for r in rows]


def run_profile(backend, data: Graph, code: str, profile: str = DEFAULT_PROFILE) -> ProfileReport:
    if profile not in profile_names():
        raise QueryError(f"unknown profile {profile!r}; known: {', '.join(profile_names())}")
    regime, slug = regime_of(backend, code)
    report = ProfileReport(code, slug, profile)
    if regime is None:
        return report
    shapes = profiles_graph()
    items = [s for s in shapes.subjects(DGKG.inProfile, Literal(profile))]
    items.sort(key=lambda s: int(shapes.value(s, SH.order)))
    for shape in items:
        shapes.add((shape, SH.targetNode, URIRef(regime)))
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) - set(items):
        shapes.remove((shape, None, None))
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none")
    failing = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(result, SH.sourceShape)
        owner = next(iter(shapes.subjects(SH.property, source)), source)
        failing[owner] = str(results.value(result, SH.resultMessage) or "")
    for shape in items:
        prop = shapes.value(shape, SH.property)
        report.items.append(ProfileItem(
            name=str(shapes.value(shape, SH.name)),
            description=str(shapes.value(shape, SH.description)),
            met=shape not in failing,
            message=failing.get(shape, ""),
            evidence=evidence_for(backend, shapes, prop, regime),
        ))
    return report


__all__ = ["run_profile", "profile_names", "ProfileReport"]
