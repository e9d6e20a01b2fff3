"""`dgkg diff`: facts added, removed and changed between two releases, on small real-shaped fixtures.

tests/fixtures/diff/old.trig -> new.trig: the UK accedes to CPTPP (accession and entry into force
added, a mistyped signature date corrected: one participation removed, one added), and the EU's 2021
GDPR adequacy decision for the UK expires (the recognition's status and valid_until, the decision's
status, and the inferred dgkg:recognises shortcut). The void and provenance graphs and the ontology's
blank-node labels differ too, and must not count.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dgkg.commands.diff import command as diff_command
from dgkg.commands.release import nquads_gz, read_quads
from dgkg.diff import DiffError, diff_datasets, diff_files, read_dataset

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"
OLD, NEW = FIXTURES / "old.trig", FIXTURES / "new.trig"
ID = "https://w3id.org/dgkg/id/"

ADDED = {"participation/cptpp/GB/accession/2024-05-17", "participation/cptpp/GB/entry-into-force/2024-12-15",
         "participation/cptpp/GB/signature/2023-07-16"}
REMOVED = {"participation/cptpp/GB/signature/2023-07-15"}
CHANGED = {
    "recognition/eu-adequacy-gb-gdpr-2021": {("status", ("in-force",), ("expired",)), ("validUntil", (), ("2025-06-27",))},
    "instrument/eu-adequacy-decision-2021-1772-gb": {("status", ("in-force",), ("expired",))},
    "instrument/cptpp": {("hasParty", (), ("GB",))},
    "jurisdiction/EU": {("recognises", ("GB",), ())},
}


def run(*args: str):
    return CliRunner().invoke(diff_command, [str(a) for a in args])


def by_change(result, change: str) -> set[str]:
    return {n.id for n in result.nodes if n.change == change}


def property_changes(result, node_id: str) -> set:
    node = next(n for n in result.nodes if n.id == node_id)
    return {(p.name, tuple(result.values(p.old)), tuple(result.values(p.new))) for p in node.properties}


@pytest.fixture(scope="module")
def result():
    return diff_files(OLD, NEW)


def test_added_removed_changed_are_exactly_the_expected_sets(result):
    assert by_change(result, "added") == ADDED
    assert by_change(result, "removed") == REMOVED
    assert by_change(result, "changed") == set(CHANGED)
    for node_id, expected in CHANGED.items():
        assert property_changes(result, node_id) == expected, node_id


def test_nodes_are_reported_by_kind_with_a_readable_summary(result):
    kinds = {n.id: n.kind for n in result.nodes}
    assert {kinds[i] for i in ADDED | REMOVED} == {"Participation"}
    assert kinds["recognition/eu-adequacy-gb-gdpr-2021"] == "Recognition"
    assert kinds["instrument/cptpp"] == kinds["instrument/eu-adequacy-decision-2021-1772-gb"] == "Instrument"
    assert kinds["jurisdiction/EU"] == "Jurisdiction"
    summaries = {n.id: n.summary for n in result.nodes}
    assert summaries["participation/cptpp/GB/entry-into-force/2024-12-15"] == "GB: entry-into-force — cptpp, 2024-12-15"
    assert summaries["recognition/eu-adequacy-gb-gdpr-2021"].startswith("EU recognises GB (adequacy, expired)")
    # the report lists facts first, in the order of the kinds
    assert [n.kind for n in result.nodes] == ["Participation"] * 4 + ["Recognition"] + ["Instrument"] * 2 + ["Jurisdiction"]


def test_graphs_are_compared_but_not_void_provenance_or_blank_nodes(result):
    assert {(g.change, g.graph.rsplit("/graph/", 1)[-1]) for g in result.graphs} == {
        ("changed", "inferred"), ("changed", "ontology"), ("changed", "source/instruments/cptpp"),
        ("changed", "source/recognitions/eu-adequacy")}
    ontology = next(g for g in result.graphs if g.graph.endswith("/graph/ontology"))
    assert (ontology.added, ontology.removed) == (1, 1)  # owl:versionInfo only; relabelled blank nodes do not count


def test_only_ignored_differences_mean_no_differences(tmp_path):
    """Same facts; other void counts, provenance digests and blank-node labels: exit 0."""
    text = OLD.read_text(encoding="utf-8")
    variant = (text.replace("void:triples 180", "void:triples 999").replace("1111111111", "3333333333")
               .replace("_:c14n1", "_:other1").replace("_:c14n2", "_:other2"))
    assert variant != text
    (tmp_path / "same.trig").write_text(variant, encoding="utf-8")
    assert not diff_files(OLD, tmp_path / "same.trig").differs
    outcome = run(OLD, tmp_path / "same.trig")
    assert outcome.exit_code == 0, outcome.output
    assert "no differences" in outcome.output


def test_identical_files_exit_0_and_differences_exit_1():
    assert run(OLD, OLD).exit_code == 0
    assert run(OLD, NEW).exit_code == 1


def test_text_output_says_what_changed():
    outcome = run(OLD, NEW)
    out = outcome.output
    assert "+ participation/cptpp/GB/entry-into-force/2024-12-15 — GB: entry-into-force — cptpp, 2024-12-15" in out
    assert "- participation/cptpp/GB/signature/2023-07-15" in out
    assert "status: in-force → expired" in out
    assert "validUntil: (none) → 2025-06-27" in out
    assert "hasParty: + GB" in out
    assert "recognises: - GB" in out
    assert "in all: 3 added, 1 removed, 4 changed" in out
    assert "void" not in out.split("\n", 2)[2] and "provenance" not in out.split("\n", 2)[2]


def test_json_output():
    outcome = run(OLD, NEW, "--format", "json")
    assert outcome.exit_code == 1
    data = json.loads(outcome.stdout)
    assert data["summary"]["added"] == 3 and data["summary"]["removed"] == 1 and data["summary"]["changed"] == 4
    recognition = next(c for c in data["changes"] if c["id"] == "recognition/eu-adequacy-gb-gdpr-2021")
    assert recognition["iri"] == ID + "recognition/eu-adequacy-gb-gdpr-2021"
    assert recognition["graphs"] == ["source/recognitions/eu-adequacy"]
    status = next(p for p in recognition["properties"] if p["property"] == "status")
    assert status == {"property": "status", "property_iri": "https://w3id.org/dgkg/ontology#status",
                      "old": ["in-force"], "new": ["expired"],
                      "old_rdf": [f"<{ID}status/in-force>"], "new_rdf": [f"<{ID}status/expired>"]}
    until = next(p for p in recognition["properties"] if p["property"] == "validUntil")
    assert until["new_rdf"] == ['"2025-06-27"^^<http://www.w3.org/2001/XMLSchema#date>']
    added = next(c for c in data["changes"] if c["id"] == "participation/cptpp/GB/accession/2024-05-17")
    assert {p["property"]: p["new"] for p in added["properties"]}["act"] == ["accession"]


def test_csv_output():
    outcome = run(OLD, NEW, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
    assert list(rows[0]) == ["change", "kind", "id", "summary", "property", "old", "new", "graphs", "iri"]
    entity_rows = {(r["change"], r["id"], r["property"], r["old"], r["new"]) for r in rows if r["kind"] != "graph"}
    assert entity_rows == {
        *(("added", i, "", "", "") for i in ADDED), *(("removed", i, "", "", "") for i in REMOVED),
        ("changed", "recognition/eu-adequacy-gb-gdpr-2021", "status", "in-force", "expired"),
        ("changed", "recognition/eu-adequacy-gb-gdpr-2021", "validUntil", "", "2025-06-27"),
        ("changed", "instrument/eu-adequacy-decision-2021-1772-gb", "status", "in-force", "expired"),
        ("changed", "instrument/cptpp", "hasParty", "", "GB"),
        ("changed", "jurisdiction/EU", "recognises", "GB", ""),
    }
    assert sum(1 for r in rows if r["kind"] == "graph") == 4


def test_all_adds_source_documents_and_ontology_terms():
    result = diff_files(OLD, NEW, include_all=True)
    others = {(n.change, n.kind, n.iri) for n in result.nodes if not n.iri.startswith(ID)}
    assert others == {
        ("added", "SourceDocument", "https://logisticsmanager.com/uk-officially-joins-cptpp"),
        ("changed", "SourceDocument", "https://en.wikipedia.org/wiki/Accession_of_the_United_Kingdom_to_CPTPP"),
        ("changed", "OntologyTerm", "https://w3id.org/dgkg/ontology"),
    }
    assert property_changes(result, "https://en.wikipedia.org/wiki/Accession_of_the_United_Kingdom_to_CPTPP") == {
        ("dateRead", ("2025-06-01",), ("2026-01-10",))}
    assert by_change(result, "added") >= ADDED


def test_n_quads_gz_release_compares_like_trig(tmp_path):
    """A release snapshot (sorted N-Quads, gzipped) is the same dataset as its TriG."""
    snapshot = tmp_path / "dgkg.nq.gz"
    snapshot.write_bytes(nquads_gz(read_quads(NEW)))
    assert run(NEW, snapshot).exit_code == 0
    from_trig, from_nq = diff_files(OLD, NEW), diff_files(OLD, snapshot)
    assert from_trig.to_dict()["changes"] == from_nq.to_dict()["changes"]
    assert from_trig.to_dict()["graphs"] == from_nq.to_dict()["graphs"]


def test_graphs_added_removed_and_a_node_moving_between_source_files():
    old = read_dataset(OLD)
    new = {g: set(t) for g, t in old.items()}
    moved = "https://w3id.org/dgkg/graph/source/jurisdictions/eu"
    new["https://w3id.org/dgkg/graph/source/organisations/eu"] = new.pop(moved)
    result = diff_datasets(old, new)
    assert {(g.change, g.graph.rsplit("/graph/", 1)[-1]) for g in result.graphs} == {
        ("removed", "source/jurisdictions/eu"), ("added", "source/organisations/eu")}
    assert [(n.change, n.id) for n in result.nodes] == [("changed", "jurisdiction/EU")]
    assert property_changes(result, "jurisdiction/EU") == {("named graph", ("source/jurisdictions/eu",), ("source/organisations/eu",))}


def test_bad_input_exits_2(tmp_path):
    broken = tmp_path / "broken.trig"
    broken.write_text("<https://w3id.org/dgkg/graph/x> { <a> <b> ", encoding="utf-8")
    unknown = tmp_path / "graph.xyz"
    unknown.write_text("", encoding="utf-8")
    for args in ((OLD, tmp_path / "missing.trig"), (broken, NEW), (OLD, unknown)):
        outcome = run(*args)
        assert outcome.exit_code == 2, outcome.output
        assert "error:" in outcome.output
    with pytest.raises(DiffError):
        read_dataset(tmp_path / "missing.trig")


def test_a_plain_graph_compares_by_nodes_only(tmp_path):
    """Turtle (one graph, void and provenance merged in) against TriG: the nodes of the unions."""
    import pyoxigraph as ox

    union = tmp_path / "old.ttl"
    union.write_bytes(ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in read_quads(OLD)], format=ox.RdfFormat.TURTLE))
    assert run(union, OLD).exit_code == 0
    result = diff_files(union, NEW)
    assert not result.graphwise and result.graphs == []
    assert by_change(result, "added") == ADDED and by_change(result, "removed") == REMOVED
    assert by_change(result, "changed") == set(CHANGED)
