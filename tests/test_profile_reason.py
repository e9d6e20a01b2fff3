"""Profiles (SHACL checklists with evidence) and the reasoner, through the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dgkg.cli import main

runner = CliRunner()


def items(code: str, profile: str = "interoperability") -> dict:
    result = runner.invoke(main, ["profile", code, "--profile", profile, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return {i["name"]: i for i in json.loads(result.output)["items"]}


def test_singapore_interoperability_profile():
    sg = items("SG")
    assert sg["recognises CBPR certification"]["met"] and {"apec-cbpr", "global-cbpr"} <= set(sg["recognises CBPR certification"]["evidence"])
    assert sg["participation in CBPR systems"]["evidence"] == ["global-cbpr-forum"]
    assert sg["contract mechanism"]["met"] and "sg-contracts" in sg["contract mechanism"]["evidence"]
    assert "cptpp art. 14.11" in sg["binding data-flow commitments"]["evidence"]
    assert not sg["adequacy-type mechanism"]["met"] and sg["adequacy-type mechanism"]["evidence"] == []


def test_member_state_uses_the_union_regime():
    fr = runner.invoke(main, ["profile", "FR", "--format", "json"])
    assert json.loads(fr.output)["regime"] == "eu-regime"


def test_baseline_profile_exit_codes():
    assert runner.invoke(main, ["profile", "GB", "--profile", "baseline"]).exit_code == 0
    assert runner.invoke(main, ["profile", "SG"]).exit_code == 1  # some items missing
    assert runner.invoke(main, ["profile", "AQ"]).exit_code == 1  # no regime
    assert runner.invoke(main, ["profile", "SG", "--profile", "nope"]).exit_code == 2


@pytest.mark.slow
def test_reason_command_consistent_and_catches_inconsistency(tmp_path, root):
    result = runner.invoke(main, ["reason", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["consistent"] is True
    inferred = report["inferred_types"]["https://w3id.org/dgkg/id/jurisdiction/JP"]
    assert {"https://w3id.org/dgkg/ontology#TreatyParty", "https://w3id.org/dgkg/ontology#RegulatedJurisdiction"} <= set(inferred)
    bad = tmp_path / "bad.ttl"
    bad.write_text((root / "ontology" / "dgkg.ttl").read_text() + """
<https://w3id.org/dgkg/id/instrument/both> a dgkg:TradeAgreement , dgkg:Initiative .
""")
    result = runner.invoke(main, ["reason", "--data", str(bad)])
    assert result.exit_code == 1 and "INCONSISTENT" in result.output
