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
