"""Every competency query, on a small fixture world (exact answers, compared as sets) and on the
real graph (the worked examples of the issues)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dgkg.api import KnowledgeGraph
from dgkg.build import build
from dgkg.catalogue import catalogue

WORLD = Path(__file__).parent / "fixtures" / "world"


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> KnowledgeGraph:
    out = tmp_path_factory.mktemp("world")
    build(WORLD, out)
    return KnowledgeGraph(out / "dgkg.trig")


@pytest.fixture(scope="module")
def real(root) -> KnowledgeGraph:
    return KnowledgeGraph(root / "graphs" / "dgkg.trig")


def project(rows, *columns) -> set[tuple]:
    return {tuple(r[c] for c in columns) for r in rows}


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ------------------------------------------------------------------ fixture world: exact answers
def test_every_catalogue_query_is_exercised_here():
    tested = {"instruments", "parties", "recognitions", "mutual-recognition", "standards-recognition", "transfer-routes",
              "shared-commitments", "provisions", "principles", "timeline", "changes", "initiative-implementation", "regime-profile"}
    assert set(catalogue()) == tested


def test_instruments(world):
    rows = world.query("instruments", kind="court-ruling")
    assert project(rows, "slug", "kind", "binding", "adopted") == {
        ("w-schrems-i", "court-ruling", "domestic", d("2015-10-06")), ("w-schrems-ii", "court-ruling", "domestic", d("2020-07-16"))}
    assert project(world.query("instruments", kind="digital-economy-agreement"), "slug", "binding", "in_force") == {("w-depa", "binding", d("2021-01-07"))}


def test_parties(world):
    rows = world.query("parties", instrument="w-depa", on="2023-01-01")
    assert project(rows, "party_code", "act", "is_party_on") == {
        ("SG", "entry-into-force", True), ("NZ", "entry-into-force", True), ("KR", "entry-into-force", False), ("CN", "application", False)}
    assert ("KR", True) in project(world.query("parties", instrument="w-depa", on="2024-05-03"), "party_code", "is_party_on")


def test_recognitions_with_and_without_a_date(world):
    everything = world.query("recognitions", recogniser="EU", recognised="US")
    assert project(everything, "instrument", "status", "ended_by") == {
        ("w-safe-harbour", "invalidated", "w-schrems-i"), ("w-privacy-shield", "invalidated", "w-schrems-ii"), ("w-dpf", "in-force", None)}
    assert project(world.query("recognitions", recogniser="EU", on="2019-06-01"), "recognised_code", "instrument") == {
        ("US", "w-privacy-shield"), ("JP", "w-jp-decision")}
    # ended by a court ruling: not in force from the ruling on
    assert project(world.query("recognitions", recognised="US", on="2020-07-16"), "instrument") == set()
    assert project(world.query("recognitions", recognised="US", on="2020-07-15"), "instrument") == {("w-privacy-shield",)}
    assert project(world.query("recognitions", recognised="US", on="2024-01-01"), "instrument", "scope") == {("w-dpf", "organisations certified under the DPF")}


def test_mutual_recognition_counts_the_eea_for_the_eu(world):
    assert project(world.query("mutual-recognition", on="2020-01-01"), "a_code", "b_code", "since") == {("EU", "JP", d("2019-01-23"))}
    # the EU side (w-jp) is kept with verified: false, so the pair says so
    assert project(world.query("mutual-recognition", on="2020-01-01"), "verified") == {("no",)}
    assert project(world.query("mutual-recognition", on="2018-01-01"), "a_code") == set()


def test_standards_recognition(world):
    assert project(world.query("standards-recognition", regime="EU"), "regime_a", "mechanism_a", "regime_b", "mechanism_b", "relation") == {
        ("JP", "w-jp-consent", "EU", "w-eu-scc", "referential")}


@pytest.mark.parametrize("on, expected_recognition", [("2019-06-01", "recognition: w-ps"), ("2021-01-01", None), ("2024-01-01", "recognition: w-dpf-rec")])
def test_transfer_routes_eu_to_us(world, on, expected_recognition):
    rows = world.query("transfer-routes", **{"from": "EU", "to": "US", "on": on})
    recognitions = {r["route"] for r in rows if r["route_kind"] == "recognition"}
    assert recognitions == ({expected_recognition} if expected_recognition else set())
    assert {r["route"] for r in rows if r["route_kind"] == "mechanism"} == {"mechanism: w-eu-scc"}
    scc = next(r for r in rows if r["route"] == "mechanism: w-eu-scc")
    assert scc["legal_basis"] == "w-gdpr Art. 46(2)(c)" and scc["source"] == "https://eur-lex.europa.eu/"


def test_transfer_answer_names_unverified_routes(world):
    from dgkg.transfer import transfer

    answer = transfer(world.backend, "FR", "JP", "2020-01-01")
    assert "Not verified in the sources (see each fact's note): recognition: w-jp." in answer.statement()
    assert "Not verified" not in transfer(world.backend, "JP", "FR", "2020-01-01").statement()


def test_transfer_routes_member_states_and_areas(world):
    # France exports under the EU regime; Japan's designation of the EEA covers France
    fr_jp = world.query("transfer-routes", **{"from": "FR", "to": "JP", "on": "2020-01-01"})
    assert {r["route"] for r in fr_jp if r["route_kind"] == "recognition"} == {"recognition: w-jp"}
    jp_fr = world.query("transfer-routes", **{"from": "JP", "to": "FR", "on": "2020-01-01"})
    assert {r["route"] for r in jp_fr} == {"recognition: w-eea", "mechanism: w-jp-consent"}
    # a route resting on a fact kept with `verified: false` says so; the others are "yes"
    assert {(r["route"], r["verified"]) for r in fr_jp} >= {("recognition: w-jp", "no")}
    assert {r["verified"] for r in jp_fr} == {"yes"}
    # the UK left the EU on 2020-01-31: the EU regime no longer applies to it as exporter
    assert world.query("transfer-routes", **{"from": "GB", "to": "JP", "on": "2021-01-01"}).rows == []
    assert world.query("transfer-routes", **{"from": "GB", "to": "JP", "on": "2019-06-01"}).rows != []


def test_shared_commitments_through_the_union(world):
    rows = world.query("shared-commitments", a="FR", b="JP", on="2020-01-01")
    assert project(rows, "instrument", "topic", "article", "bindingness") == {("w-epa", "cross-border-data-transfer", "8.81", "best-endeavour")}
    assert world.query("shared-commitments", a="FR", b="JP", on="2019-01-31").rows == []
    assert project(world.query("shared-commitments", a="SG", b="KR", on="2025-01-01"), "article") == {("4.3",), ("4.4",)}


def test_provisions_and_principles(world):
    assert project(world.query("provisions", topic="data-localisation"), "instrument", "article", "bindingness") == {("w-depa", "4.4", "binding")}
    assert project(world.query("provisions", instrument="w-depa"), "article", "exception") == {("4.3", "legitimate public policy objective"), ("4.4", None)}
    assert project(world.query("principles"), "principle", "instrument", "binding") == {("open", "gcdfci", "non-binding"), ("non-discriminatory", "gcdfci", "non-binding")}


def test_timeline_of_a_jurisdiction_and_of_an_instrument(world):
    us = project(world.query("timeline", subject="US"), "date", "event", "counterpart")
    assert (d("2015-10-06"), "recognition of it ends (invalidated)", "EU") in us
    assert (d("2023-07-10"), "recognised (partial-adequacy)", "EU") in us
    gb = project(world.query("timeline", subject="GB"), "date", "event", "counterpart")
    assert gb == {(d("1973-01-01"), "joins", "EU"), (d("2020-01-31"), "leaves", "EU")}
    depa = project(world.query("timeline", subject="w-depa"), "date", "event", "counterpart")
    assert (d("2024-05-03"), "entry-into-force", "KR") in depa and (d("2020-06-12"), "adopted", "") in depa


def test_changes_between_two_dates(world):
    rows = world.query("changes", **{"from": "2020-07-01", "to": "2020-07-31"})
    assert project(rows, "date", "change", "subject", "instrument") == {
        (d("2020-07-16"), "instrument ends", "EU", "w-privacy-shield"),
        (d("2020-07-16"), "instrument adopted", "EU", "w-schrems-ii"),
        (d("2020-07-16"), "recognition ends (invalidated)", "EU → US", "w-privacy-shield"),
    }


def test_initiative_implementation(world):
    rows = world.query("initiative-implementation")
    assert project(rows, "proposal", "topic", "instrument", "article", "bindingness") == {
        (1, "cross-border-data-transfer", "w-depa", "4.3", "binding"),
        (1, "cross-border-data-transfer", "w-epa", "8.81", "best-endeavour"),
        (2, "non-personal-data", None, None, None),
    }


def test_regime_profile(world):
    rows = project(world.query("regime-profile", jurisdiction="JP"), "aspect", "value")
    assert ("law", "APPI") in rows and ("transfer mechanism: consent", "w-jp-consent") in rows
    assert ("recognises (designation)", "EEA") in rows and ("recognised by (partial-adequacy)", "EU") in rows


# ------------------------------------------------------------------ the real graph: worked examples
@pytest.mark.parametrize("on, expected", [
    ("2019-06-01", "eu-privacy-shield-decision"),
    ("2021-01-01", None),
    ("2024-01-01", "eu-dpf-decision"),
])
def test_real_eu_to_us(real, on, expected):
    answer = real.transfer("EU", "US", on=on)
    assert [r["instrument"] for r in answer.recognitions] == ([expected] if expected else [])
    assert {"standard-contractual-clauses", "binding-corporate-rules", "derogation"} <= {m["mechanism_type"] for m in answer.mechanisms}
    if expected == "eu-dpf-decision":
        assert "certified" in answer.recognitions[0]["conditions"]
        assert "limited to" in answer.statement()
    if expected is None:
        assert "no recognition" in answer.statement()


def test_real_worked_examples(real):
    assert {r["instrument"] for r in real.transfer("EU", "JP", on="2024-01-01").recognitions} == {"eu-adequacy-decision-2019-419-jp"}
    assert {r["mechanism_type"] for r in real.transfer("JP", "FR", on="2024-01-01").recognitions} == {"designation"}
    cn_sg = real.transfer("CN", "SG", on="2025-01-01")
    assert not cn_sg.recognitions
    assert {"security-assessment", "standard-contractual-clauses", "exemption"} <= {m["mechanism_type"] for m in cn_sg.mechanisms}
    assert {c["instrument"] for c in cn_sg.commitments} >= {"rcep"}
    gb_kr = real.transfer("GB", "KR", on="2025-01-01")
    assert [r["instrument"] for r in gb_kr.recognitions] == ["uk-si-2022-1213"]
    assert real.transfer("SG", "CN", on="2025-01-01").answered
    assert not real.transfer("AQ", "US", on="2025-01-01").answered


def test_real_recognitions_and_mutual(real):
    eu = project(real.query("recognitions", recogniser="EU", on="2025-01-01"), "recognised_code")
    assert {("JP",), ("KR",), ("GB",), ("CH",), ("US",), ("NZ",), ("IL",)} <= eu
    assert ("US",) not in project(real.query("recognitions", recogniser="EU", on="2021-01-01"), "recognised_code")
    assert ("EU", "JP") in project(real.query("mutual-recognition", on="2025-01-01"), "a_code", "b_code")


def test_real_parties_and_commitments(real):
    assert ("GB", True) in project(real.query("parties", instrument="cptpp", on="2025-01-01"), "party_code", "is_party_on")
    shared = project(real.query("shared-commitments", a="JP", b="GB", on="2025-01-01"), "instrument", "article")
    assert ("cptpp", "14.11") in shared


def test_real_initiative_implementation_covers_all_proposals(real):
    rows = real.query("initiative-implementation")
    assert {r["proposal"] for r in rows} == set(range(1, 12))
    assert any(r["proposal"] == 1 and r["instrument"] == "cptpp" and r["bindingness"] == "binding" for r in rows)
    assert all(r["proposal_text_zh"] for r in rows)


def test_real_timeline_changes_profile_principles(real):
    assert (d("2020-01-31"), "leaves", "EU") in project(real.query("timeline", subject="GB"), "date", "event", "counterpart")
    changes = project(real.query("changes", **{"from": "2020-07-16", "to": "2020-07-16"}), "change", "instrument")
    assert ("recognition ends (invalidated)", "eu-privacy-shield-decision") in changes
    profile = project(real.query("regime-profile", jurisdiction="CN"), "aspect", "value")
    assert ("transfer mechanism: security-assessment", "cn-security-assessment") in profile
    principles = project(real.query("principles", principle="non-discriminatory"), "instrument")
    assert ("gcdfci",) in principles
    assert ("cptpp", "14.13") in project(real.query("provisions", topic="data-localisation"), "instrument", "article")
    assert ("uk-addendum", "eu-scc") in project(real.query("standards-recognition", regime="GB"), "mechanism_a", "mechanism_b")
