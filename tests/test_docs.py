"""docs/queries.md and docs/coverage.md are generated from the graph; they must be current."""

from __future__ import annotations

from dgkg.api import KnowledgeGraph
from dgkg.docs import render_docs


def test_generated_docs_are_current(root):
    pages = render_docs(KnowledgeGraph(root / "graphs" / "dgkg.trig"))
    for name, text in pages.items():
        committed = (root / "docs" / name).read_text(encoding="utf-8")
        assert committed == text, f"docs/{name} is stale: run `dgkg docs` and commit it"
    assert "### EU → US on 2019-06-01" in pages["queries.md"]
    assert "eu-privacy-shield-decision" in pages["queries.md"]


def test_pandas_dataframe(root):
    rows = KnowledgeGraph(root / "graphs" / "dgkg.trig").query("parties", instrument="depa", on="2025-01-01")
    frame = rows.to_df()
    assert list(frame.columns) == rows.columns and len(frame) == len(rows)


def test_api_doctests():
    import doctest

    import dgkg.api

    result = doctest.testmod(dgkg.api)
    assert result.attempted >= 8 and result.failed == 0


def unverified_records(node) -> int:
    """Records of a parsed source file kept with `verified: false`."""
    if isinstance(node, dict):
        return (node.get("verified") is False) + sum(unverified_records(v) for k, v in node.items() if k != "sources")
    if isinstance(node, list):
        return sum(unverified_records(v) for v in node)
    return 0


def test_coverage_counts_sources_as_the_yaml_declares_them(root):
    """Regression: official_sources was a sum over (document x fact) rows, so an official document
    cited by several facts was counted several times. Compare with the YAML itself."""
    import yaml

    coverage = (root / "docs" / "coverage.md").read_text(encoding="utf-8")
    section = coverage.split("## Source files", 1)[1]
    lines = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    header = [c.strip() for c in lines[0]]
    rows = [dict(zip(header, (c.strip() for c in cells))) for cells in lines[1:]]
    assert header[0] == "file" and len(rows) > 50
    for row in rows:
        name, facts, facts_official, sources, official_sources = (row[k] for k in ("file", "facts", "facts_official", "sources", "official_sources"))
        document = yaml.safe_load((root / "sources" / f"{name}.yaml").read_text(encoding="utf-8"))
        declared = document.get("sources") or {}
        assert int(row["facts_unverified"]) == unverified_records(document), name
        assert int(sources) == len({s["url"] for s in declared.values()}), name
        assert int(official_sources) == len({s["url"] for s in declared.values() if s.get("official")}), name
        assert int(facts_official) <= int(facts), name


def test_knowledge_graph_accepts_a_path_given_as_text(root):
    """Regression: KnowledgeGraph("graphs/dgkg.trig") failed with AttributeError ('str' has no is_file)."""
    as_text = KnowledgeGraph(str(root / "graphs" / "dgkg.trig")).query("instruments", kind="initiative")
    as_path = KnowledgeGraph(root / "graphs" / "dgkg.trig").query("instruments", kind="initiative")
    assert as_text.rows == as_path.rows and len(as_text) > 3
