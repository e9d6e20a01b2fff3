"""OWL reasoning with HermiT (through owlready2) over the ontology and the data.

HermiT refuses xsd:date (not in the OWL 2 datatype map; design §3), so the reasoner sees a *view*
of the dataset: triples whose predicate the ontology declares (or RDF/RDFS/OWL built-ins), without
xsd:date literals. Dates are enforced by SHACL instead.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

BUILTIN = (str(RDF), str(RDFS), str(OWL))


@dataclass
class ReasoningResult:
    consistent: bool
    message: str = ""
    inferred_types: dict[str, list[str]] = field(default_factory=dict)  # individual -> new classes


def declared_predicates(graph: Graph) -> set[URIRef]:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def reasoner_view(graph: Graph) -> Graph:
    """The OWL 2 DL part of a graph that HermiT accepts."""
    allowed = declared_predicates(graph)
    view = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in (XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth):
            continue
        if str(p).startswith(BUILTIN) or p in allowed:
            if p == OWL.sameAs:  # links to Wikidata items would pull in undeclared individuals only
                continue
            view.add((s, p, o))
    return view


def check_consistency(graph: Graph) -> ReasoningResult:
    """Run HermiT; report consistency and the class memberships it inferred."""
    import owlready2

    view = reasoner_view(graph)
    meta = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology, OWL.Restriction,
            OWL.AllDisjointClasses, OWL.FunctionalProperty, OWL.SymmetricProperty, RDF.List}
    stated: dict[str, set[str]] = {}
    for s, o in view.subject_objects(RDF.type):
        if isinstance(s, URIRef) and o not in meta and not (set(view.objects(s, RDF.type)) & meta):
            stated.setdefault(str(s), set()).add(str(o))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.nt"
        view.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasoningResult(False, str(exc) or "inconsistent")
        inferred: dict[str, list[str]] = {}
        for iri, classes in sorted(stated.items()):
            entity = world[iri]
            if entity is None:
                continue
            now = {str(c.iri) for c in entity.is_a if hasattr(c, "iri")}
            new = sorted(now - classes)
            if new:
                inferred[iri] = new
        unsatisfiable = list(world.inconsistent_classes())
        if unsatisfiable:
            return ReasoningResult(False, "unsatisfiable classes: " + ", ".join(str(c) for c in unsatisfiable), inferred)
        return ReasoningResult(True, "consistent", inferred)
