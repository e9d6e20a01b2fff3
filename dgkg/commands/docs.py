"""``dgkg docs``: regenerate docs/queries.md and docs/coverage.md from the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..api import KnowledgeGraph
from ..build import write_atomically
from ..docs import render_docs
from .common import checkout_or_fail, root_option


@click.command("docs")
@root_option
def command(root: Path | None) -> None:
    """Regenerate docs/queries.md (each named query with a real run, the transfer examples) and
    docs/coverage.md (what the graph covers) from the checkout's built graph."""
    checkout = checkout_or_fail(root)
    pages = render_docs(KnowledgeGraph(checkout / "graphs" / "dgkg.trig"))
    for path in write_atomically({name: text.encode() for name, text in pages.items()}, checkout / "docs"):
        click.echo(f"wrote {path}")
