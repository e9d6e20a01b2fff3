"""Each SHACL shape has a conforming and a violating fixture (tests/fixtures/shapes/<Shape>-ok|bad.ttl)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from dgkg.resources import ontology_graph
from dgkg.validate import shapes_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
SHAPES = "https://w3id.org/dgkg/shapes#"


def node_shapes() -> list[str]:
    graph = shapes_graph()
    return sorted(str(s).removeprefix(SHAPES) for s in graph.subjects(RDF.type, SH.NodeShape))


def run(fixture: Path):
    data = Graph()
    data.parse(fixture, format="turtle")
    data += ontology_graph()  # subclass axioms: sh:targetClass reaches instances of subclasses
    shapes = shapes_graph()
    conforms, report, text = validate(data, shacl_graph=shapes, inference="none")
    failing_shapes = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        owners = set(shapes.subjects(SH.property, source)) or {source}
        failing_shapes |= {str(o).removeprefix(SHAPES) for o in owners}
    return conforms, failing_shapes, text


def test_every_shape_has_both_fixtures():
    shapes = node_shapes()
    assert len(shapes) >= 10
    for shape in shapes:
        assert (FIXTURES / f"{shape}-ok.ttl").is_file(), f"missing conforming fixture for {shape}"
        assert (FIXTURES / f"{shape}-bad.ttl").is_file(), f"missing violating fixture for {shape}"


def test_every_constraint_has_a_message():
    graph = shapes_graph()
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        for prop in graph.objects(shape, SH.property):
            assert graph.value(prop, SH.message) is not None, f"{shape} has a property constraint without sh:message"


@pytest.mark.parametrize("shape", node_shapes())
def test_conforming_fixture_conforms(shape):
    conforms, failing, text = run(FIXTURES / f"{shape}-ok.ttl")
    assert conforms, text


@pytest.mark.parametrize("shape", node_shapes())
def test_violating_fixture_violates_that_shape(shape):
    conforms, failing, text = run(FIXTURES / f"{shape}-bad.ttl")
    assert not conforms
    assert shape in failing, f"{shape} not among failing shapes {failing}:\n{text}"


def test_recogniser_must_differ_from_recognised():
    conforms, failing, text = run(FIXTURES / "RecognitionShape-bad.ttl")
    assert "A recognition needs exactly one recogniser, different from the recognised." in text
    assert "validFrom must not be after validUntil." in text


def test_entry_into_force_not_before_signature():
    conforms, failing, text = run(FIXTURES / "InstrumentShape-bad.ttl")
    assert "Entry into force must not be before signature / adoption." in text
    assert "An instrument needs a Chinese label (rdfs:label @zh)." in text


