"""The command line, end to end on the shipped graph (click's runner, real store)."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from dgkg.cli import main

runner = CliRunner()


def test_queries_catalogue_lists_questions_and_parameters():
    result = runner.invoke(main, ["queries", "--format", "json"])
    assert result.exit_code == 0
    entries = {e["name"]: e for e in json.loads(result.output)}
    assert {"instruments", "parties"} <= set(entries)
    assert entries["parties"]["params"][0]["name"] == "instrument"


def test_query_csv_tsv_json_agree():
    args = ["query", "parties", "-p", "instrument=cptpp", "-p", "on=2025-01-01"]
    as_csv = list(csv.DictReader(io.StringIO(runner.invoke(main, args + ["--format", "csv"]).output)))
    as_tsv = list(csv.DictReader(io.StringIO(runner.invoke(main, args + ["--format", "tsv"]).output), delimiter="\t"))
    as_json = json.loads(runner.invoke(main, args + ["--format", "json"]).output)
    assert as_csv == as_tsv
    assert len(as_json["rows"]) == len(as_csv) > 20
    assert as_json["columns"][:5] == ["party_code", "party", "act", "date", "is_party_on"]
    gb = [r for r in as_json["rows"] if r["party_code"] == "GB" and r["act"] == "entry-into-force"]
    assert gb and gb[0]["is_party_on"] is True


def test_query_table_output_and_exit_codes(tmp_path):
    result = runner.invoke(main, ["query", "instruments", "-p", "kind=initiative"])
    assert result.exit_code == 0 and "全球数据跨境流动合作倡议" in result.output
    assert runner.invoke(main, ["query", "parties", "-p", "instrument=no-such-thing"]).exit_code == 1
    assert runner.invoke(main, ["query", "no-such-query"]).exit_code == 2
    assert runner.invoke(main, ["query", "parties", "-p", "instrument=bad slug"]).exit_code == 2
    custom = tmp_path / "count.rq"
    custom.write_text("# title: count\n# question: how many triples?\n# columns: n\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    result = runner.invoke(main, ["query", str(custom), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["rows"][0]["n"] > 10000


def test_stats_json_has_the_counts():
    result = runner.invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0
    stats = json.loads(result.output)
    for key in ("jurisdictions", "binding_instruments", "nonbinding_instruments", "domestic_regimes", "participations",
                "memberships", "recognitions", "mechanisms", "mechanism_correspondences", "provisions", "principles",
                "facts", "facts_with_source"):
        assert key in stats, key
    assert stats["jurisdictions"] >= 249
    assert stats["facts"] == stats["facts_with_source"] > 0
    assert stats["principles"] >= 5


def test_validate_real_checkout_conforms(root):
    result = runner.invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_reports_violations_by_source_file(mini_checkout):
    path = mini_checkout / "sources" / "instruments" / "test-agreement.yaml"
    path.write_text(path.read_text().replace("in_force: 2021-01-07", "in_force: 2019-01-07"))
    result = runner.invoke(main, ["validate", "--root", str(mini_checkout)])
    assert result.exit_code == 1
    assert "source/instruments/test-agreement: 1 violation(s)" in result.output


def test_validate_outside_a_checkout_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["validate"]).exit_code == 2


def test_stats_count_facts_resting_on_official_sources(mini_checkout):
    """A fact re-cited to a secondary source stops counting as officially sourced."""
    def stats_of_build() -> dict:
        assert runner.invoke(main, ["build", "--root", str(mini_checkout)]).exit_code == 0
        result = runner.invoke(main, ["stats", "--format", "json", "--graph", str(mini_checkout / "graphs" / "dgkg.trig")])
        return json.loads(result.output)

    before = stats_of_build()
    path = mini_checkout / "sources" / "instruments" / "test-agreement.yaml"
    text = path.read_text(encoding="utf-8").replace("instruments:\n", "  blog:\n    url: https://example.org/blog/depa\n    title: A blog post\n"
                                                     "    official: false\n    read: 2026-11-29\ninstruments:\n", 1)
    path.write_text(text.replace("{party: SG, act: signature, date: 2020-06-12, source: depositary}",
                                 "{party: SG, act: signature, date: 2020-06-12, source: blog}"), encoding="utf-8")
    after = stats_of_build()
    assert after["facts"] == before["facts"] == after["facts_with_source"]
    assert before["facts_with_official_source"] == before["facts"]
    assert after["facts_with_official_source"] == before["facts_with_official_source"] - 1
    assert after["source_documents"] == before["source_documents"] + 1
    assert after["official_source_documents"] == before["official_source_documents"]


def test_check_sources_reports_only_the_files_named(mini_checkout):
    good = mini_checkout / "sources" / "instruments" / "test-agreement.yaml"
    broken = good.parent / "broken.yaml"
    broken.write_text(good.read_text(encoding="utf-8").replace("id: test-depa", "id: test-other").replace("in_force: 2021-01-07", "in_force: 2021-13-07"), encoding="utf-8")
    whole = runner.invoke(main, ["check-sources", "--root", str(mini_checkout)])
    assert whole.exit_code == 2 and "broken.yaml" in whole.output
    only_good = runner.invoke(main, ["check-sources", "--root", str(mini_checkout), str(good)])
    assert only_good.exit_code == 0, only_good.output
    assert "1 source files: ok (1 problem(s) in other files)" in only_good.output
    only_broken = runner.invoke(main, ["check-sources", "--root", str(mini_checkout), str(broken)])
    assert only_broken.exit_code == 2
    assert "sources/instruments/broken.yaml:14: instruments[0].in_force" in only_broken.output
