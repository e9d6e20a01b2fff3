"""The countries loader: every ISO 3166-1 entry with codes, six-language names, DPV-LOC and Wikidata."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from dgkg.loaders.countries import countries_triples, read_crosswalk
from dgkg.namespaces import DGKG


def test_every_iso_entry_with_six_languages(root: Path):
    graph = Graph()
    for triple in countries_triples(root / "sources" / "crosswalks" / "iso3166.csv"):
        graph.add(triple)
    codes = set(graph.objects(None, DGKG.code))
    assert len(codes) == 249
    cn = URIRef("https://w3id.org/dgkg/id/jurisdiction/CN")
    assert graph.value(cn, DGKG.alpha3) == Literal("CHN") and graph.value(cn, DGKG.numericCode) == Literal("156")
    langs = {label.language for label in graph.objects(cn, RDFS.label)}
    assert langs == {"en", "zh", "fr", "es", "ar", "ru"}
    assert Literal("中国", lang="zh") in set(graph.objects(cn, RDFS.label))
    assert (cn, SKOS.exactMatch, URIRef("https://w3id.org/dpv/loc#CN")) in graph
    assert (cn, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q148")) in graph
    assert (cn, RDF.type, DGKG.State) in graph
    assert (URIRef("https://w3id.org/dgkg/id/jurisdiction/HK"), RDF.type, DGKG.Territory) in graph


def test_crosswalk_is_complete_and_well_formed(root: Path):
    rows = read_crosswalk(root / "sources" / "crosswalks" / "iso3166.csv")
    assert len(rows) == 249
    assert sum(1 for r in rows.values() if r.wikidata) == 249
    assert sum(1 for r in rows.values() if r.kind == "state") == 195


def test_bad_crosswalk_row_names_file_and_line(tmp_path: Path):
    path = tmp_path / "iso3166.csv"
    path.write_text("# comment\nalpha2,wikidata,kind,source\nCN,Q148,state,https://example.org\nXX,Q1,state,https://example.org\n")
    try:
        read_crosswalk(path)
    except ValueError as exc:
        assert "iso3166.csv:3: alpha2: 'XX'" in str(exc)
    else:
        raise AssertionError("an unknown code must be refused")
