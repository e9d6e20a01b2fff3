"""Bad input gets a clear error naming file, line and field — and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dgkg.cli import main
from dgkg.errors import SourceError
from dgkg.sources import read_sources

SOURCE = Path("sources/instruments/test-agreement.yaml")


def replace(checkout: Path, old: str, new: str) -> None:
    path = checkout / SOURCE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(checkout: Path) -> list[str]:
    with pytest.raises(SourceError) as info:
        read_sources(checkout / "sources")
    return [str(p) for p in info.value.problems]


def test_minimal_checkout_is_valid(mini_checkout):
    files, registry = read_sources(mini_checkout / "sources")
    assert [f.name for f in files] == ["instruments/test-agreement"]
    assert "test-depa" in registry.instruments
    parties = [p["party"] for p in files[0].doc["instruments"][0]["parties"]]
    assert "NO" in parties  # YAML 1.1 would have read Norway's code as false


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("in_force: 2021-01-07", "in_force: 2021-02-30", "sources/instruments/test-agreement.yaml:14: instruments[0].in_force: '2021-02-30' is not a valid date"),
        ("    kind: digital-economy-agreement\n", "", "sources/instruments/test-agreement.yaml:9: instruments[0].kind: required field is missing"),
        ("{party: SG, act: signature", "{party: XX, act: signature", "sources/instruments/test-agreement.yaml:19: instruments[0].parties[1].party: unknown jurisdiction code or organisation 'XX'"),
        ("act: entry-into-force, date: 2021-01-07, source: depositary}\n      - {party: SG", "act: entry-into-force, date: 2021-01-07, source: depositary}\n      - {party: NZ", "instruments[0].parties[3].party: duplicate participation 'test-depa/NZ/entry-into-force/2021-01-07'"),
        ("source: depositary\n    parties", "source: nowhere\n    parties", "sources/instruments/test-agreement.yaml:16: instruments[0].source: 'nowhere' is not a key of this file's `sources:`"),
        ("short_name: DEPA-T", "short_nme: DEPA-T", "sources/instruments/test-agreement.yaml:12: instruments[0].short_nme: unknown field for instrument"),
        ("bindingness: binding", "bindingness: binding-ish", "instruments[0].provisions[0].bindingness: 'binding-ish' is not one of bindingness"),
        ("labels: {en:", "labels: {fr:", "instruments[0].labels: "),
    ],
    ids=["bad-date", "missing-field", "unknown-party", "duplicate-fact", "unknown-source-key", "unknown-field", "bad-vocabulary", "missing-label"],
)
def test_error_names_file_line_and_field(mini_checkout, old, new, expected):
    replace(mini_checkout, old, new)
    problems = problems_of(mini_checkout)
    assert any(expected in p for p in problems), problems


def test_duplicate_id_across_files(mini_checkout):
    original = mini_checkout / SOURCE
    (original.parent / "copy.yaml").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    problems = problems_of(mini_checkout)
    assert any("test-agreement.yaml:9: instruments[0].id: duplicate instrument 'test-depa' (first defined in sources/instruments/copy.yaml:9)" in p for p in problems), problems


def test_malformed_yaml_names_the_line(mini_checkout):
    replace(mini_checkout, "    short_name: DEPA-T\n", "    short_name: [DEPA-T\n")
    problems = problems_of(mini_checkout)
    assert any(p.startswith("sources/instruments/test-agreement.yaml:") and "(yaml)" in p for p in problems), problems


def test_failed_build_leaves_graphs_untouched(mini_checkout):
    runner = CliRunner()
    ok = runner.invoke(main, ["build", "--root", str(mini_checkout)])
    assert ok.exit_code == 0, ok.output
    before = {p.name: p.read_bytes() for p in (mini_checkout / "graphs").iterdir()}
    assert {"dgkg.trig", "dgkg.ttl", "dgkg.jsonld", "void.ttl", "context.jsonld"} <= set(before)
    replace(mini_checkout, "in_force: 2021-01-07", "in_force: 2021-13-01")
    replace(mini_checkout, "labels: {en: \"Digital", "labels: {en: \"Changed")
    failed = runner.invoke(main, ["build", "--root", str(mini_checkout)])
    assert failed.exit_code == 2
    assert "test-agreement.yaml:14: instruments[0].in_force" in failed.output
    after = {p.name: p.read_bytes() for p in (mini_checkout / "graphs").iterdir()}
    assert after == before


def test_shacl_gate_failure_writes_nothing(mini_checkout):
    # entry into force before signature passes the schema but not the SHACL gate: exit 1, nothing written
    replace(mini_checkout, "in_force: 2021-01-07", "in_force: 2019-01-07")
    result = CliRunner().invoke(main, ["build", "--root", str(mini_checkout)])
    assert result.exit_code == 1, result.output
    assert "Entry into force must not be before signature" in result.output
    assert "instruments/test-agreement" in result.output
    assert not (mini_checkout / "graphs").exists()
