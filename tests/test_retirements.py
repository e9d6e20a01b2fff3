"""Retired IRIs: correcting a fact's date gives it a new IRI; the old one stays resolvable as
owl:deprecated with dct:isReplacedBy via sources/retired.yaml, and the build checks every entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from dgkg.cli import main
from dgkg.commands.release import check_against_last
from dgkg.commands.retirements import propose

SOURCE = Path("sources/instruments/test-agreement.yaml")
OLD = "https://w3id.org/dgkg/id/participation/test-depa/NZ/entry-into-force/2021-01-07"
NEW = "https://w3id.org/dgkg/id/participation/test-depa/NZ/entry-into-force/2021-01-08"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_propose_pairs_each_missing_iri_with_its_one_new_sibling():
    previous = ["id/membership/apec/AU/undated", "id/membership/apec/CN/undated", "id/participation/x/NZ/signature/2020-01-01"]
    current = ["id/membership/apec/AU/1989", "id/membership/apec/CN/1991-11", "id/membership/apec/CN/1991-12"]
    matched, unmatched = propose(previous, current)
    assert matched == {"id/membership/apec/AU/undated": "id/membership/apec/AU/1989"}
    assert unmatched == ["id/membership/apec/CN/undated", "id/participation/x/NZ/signature/2020-01-01"]


def test_propose_matches_a_provision_by_its_description_when_siblings_are_many():
    old = "id/provision/x/article-not-verified-customs-duties"
    previous = [old]
    current = ["id/provision/x/14-3", "id/provision/x/14-4", "id/provision/x/14-5"]
    title, topic, inst = "http://purl.org/dc/terms/title", "dgkg:topic", "dgkg:instrument"
    old_facts = {old: {(inst, "x"), (topic, "customs-duties"), (title, "Customs duties")}}
    new_facts = {"id/provision/x/14-3": {(inst, "x"), (topic, "customs-duties"), (title, "Customs duties")},
                 "id/provision/x/14-4": {(inst, "x"), (topic, "source-code"), (title, "Source code")},
                 "id/provision/x/14-5": {(inst, "x"), (topic, "open-government-data")}}
    assert propose(previous, current, old_facts, new_facts) == ({old: "id/provision/x/14-3"}, [])
    # a provision the release already had is never proposed, however alike
    released_too = previous + ["id/provision/x/14-3"]
    assert propose(released_too, current, old_facts, new_facts) == ({}, [old])
    # a tie is left to the curator
    new_facts["id/provision/x/14-4"] = new_facts["id/provision/x/14-3"]
    assert propose(previous, current, old_facts, new_facts) == ({}, [old])


@pytest.fixture()
def released(mini_checkout: Path) -> Path:
    """The mini checkout, built and released, then one party act's date corrected and rebuilt."""
    assert run("build", "--root", str(mini_checkout)).exit_code == 0
    assert run("release", "--root", str(mini_checkout)).exit_code == 0
    path = mini_checkout / SOURCE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{party: NZ, act: entry-into-force, date: 2021-01-07", "{party: NZ, act: entry-into-force, date: 2021-01-08"), encoding="utf-8")
    assert run("build", "--root", str(mini_checkout)).exit_code == 0
    return mini_checkout


def test_corrected_date_is_retired_and_resolvable(released: Path):
    listed = run("retirements", "--root", str(released))
    assert listed.exit_code == 0, listed.output
    assert "participation/test-depa/NZ/entry-into-force/2021-01-07" in listed.output
    with pytest.raises(Exception):
        check_against_last(released / "graphs" / "dgkg.trig", released / "releases")
    written = run("retirements", "--root", str(released), "--write", "--date", "2026-11-29")
    assert written.exit_code == 0, written.output
    assert run("build", "--root", str(released)).exit_code == 0
    check_against_last(released / "graphs" / "dgkg.trig", released / "releases")  # the promise holds again
    graph = Dataset(default_union=True)
    graph.parse(released / "graphs" / "dgkg.trig", format="trig")
    assert graph.value(URIRef(OLD), OWL.deprecated) == Literal(True)
    assert graph.value(URIRef(OLD), DCTERMS.isReplacedBy) == URIRef(NEW)
    assert run("retirements", "--root", str(released)).exit_code == 0


@pytest.mark.parametrize("entry, expected", [
    ("  - {iri: participation/test-depa/NZ/signature/2020-06-12, replaced_by: participation/test-depa/SG/signature/2020-06-12, date: 2026-11-29, reason: r}\n",
     "sources/retired.yaml:2: retired[0].iri: 'participation/test-depa/NZ/signature/2020-06-12' is still described"),
    ("  - {iri: participation/test-depa/NZ/signature/2001-01-01, replaced_by: participation/test-depa/NZ/signature/2001-01-02, date: 2026-11-29, reason: r}\n",
     "sources/retired.yaml:2: retired[0].replaced_by: 'participation/test-depa/NZ/signature/2001-01-02' is not described"),
    ("  - {iri: 'not an iri', date: 2026-11-29, reason: r}\n", "sources/retired.yaml:2: retired[0].iri: 'not an iri' is not an IRI path"),
    ("  - {iri: participation/test-depa/NZ/signature/2001-01-01, date: 2026-11-29}\n", "sources/retired.yaml:2: retired[0].reason: required field is missing"),
])
def test_bad_retirement_is_refused_with_its_line(mini_checkout: Path, entry: str, expected: str):
    (mini_checkout / "sources" / "retired.yaml").write_text("retired:\n" + entry, encoding="utf-8")
    result = run("build", "--root", str(mini_checkout))
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split()), result.output
    assert not (mini_checkout / "graphs").exists()


def test_split_fact_is_replaced_by_both_parts(mini_checkout: Path):
    (mini_checkout / "sources" / "retired.yaml").write_text(
        "retired:\n  - {iri: participation/test-depa/XX/signature/2020-06-12, date: 2026-11-29, reason: split,\n"
        "     replaced_by: [participation/test-depa/NZ/signature/2020-06-12, participation/test-depa/SG/signature/2020-06-12]}\n", encoding="utf-8")
    assert run("build", "--root", str(mini_checkout)).exit_code == 0
    graph = Dataset(default_union=True)
    graph.parse(mini_checkout / "graphs" / "dgkg.trig", format="trig")
    old = URIRef("https://w3id.org/dgkg/id/participation/test-depa/XX/signature/2020-06-12")
    assert {str(o).rsplit("/", 3)[-3] for o in graph.objects(old, DCTERMS.isReplacedBy)} == {"NZ", "SG"}


def test_retirement_without_replacement_needs_only_a_reason(mini_checkout: Path):
    (mini_checkout / "sources" / "retired.yaml").write_text(
        "retired:\n  - {iri: participation/test-depa/NZ/signature/2001-01-01, date: 2026-11-29, reason: withdrawn as wrong}\n", encoding="utf-8")
    assert run("build", "--root", str(mini_checkout)).exit_code == 0
