"""The ontology: every term labelled in English and Chinese and defined; one version; OWL-consistent."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from dgkg import __version__
from dgkg.namespaces import DGKG
from dgkg.reason import check_consistency
from dgkg.resources import ontology_graph


def own_terms(graph: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(str(DGKG))})


def test_every_term_has_en_zh_labels_and_a_definition():
    graph = ontology_graph()
    terms = own_terms(graph)
    assert len(terms) > 60
    for term in terms:
        langs = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"en", "zh"} <= langs, f"{term} lacks en/zh labels"
        assert graph.value(term, SKOS.definition) is not None, f"{term} lacks a definition"


def test_every_concept_has_en_zh_labels_and_a_definition():
    graph = ontology_graph()
    concepts = list(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    for concept in concepts:
        langs = {label.language for label in graph.objects(concept, SKOS.prefLabel)}
        assert {"en", "zh"} <= langs, concept
        assert graph.value(concept, SKOS.definition) is not None, concept


def test_seed_principles_exist():
    graph = ontology_graph()
    slugs = {str(graph.value(c, DGKG.slug)) for c in graph.subjects(SKOS.inScheme, URIRef("https://w3id.org/dgkg/id/scheme/principle"))}
    assert {"open", "inclusive", "secure", "cooperative", "non-discriminatory"} <= slugs


def test_version_is_the_single_project_version(root: Path):
    graph = Graph().parse(root / "ontology" / "dgkg.ttl")
    onto = URIRef("https://w3id.org/dgkg/ontology")
    assert str(graph.value(onto, OWL.versionInfo)) == __version__
    assert str(graph.value(onto, OWL.versionIRI)) == f"https://w3id.org/dgkg/ontology/{__version__}"
    assert 'version = { attr = "dgkg.__version__" }' in (root / "pyproject.toml").read_text()


@pytest.mark.slow
def test_hermit_finds_ontology_and_data_consistent(root):
    graph = Graph()
    graph.parse(root / "graphs" / "dgkg.ttl")
    result = check_consistency(graph)
    assert result.consistent, result.message


@pytest.mark.slow
def test_hermit_catches_an_inconsistent_fixture():
    graph = ontology_graph()
    bad = Graph()
    bad += graph
    thing = URIRef("https://w3id.org/dgkg/id/instrument/both")
    bad.add((thing, RDF.type, DGKG.TradeAgreement))  # binding …
    bad.add((thing, RDF.type, DGKG.Declaration))  # … and non-binding: disjoint classes
    result = check_consistency(bad)
    assert not result.consistent
