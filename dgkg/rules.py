"""Derived shortcut triples: SPARQL CONSTRUCT rules kept in ontology/rules/*.rq, run at build time.

The rules are deterministic (no NOW()): they read statuses and end dates, never today's date.
Their output is its own named graph (graph/inferred) so users can tell stated from derived.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .namespaces import sparql_prologue
from .resources import package_dir
from .terms import to_rdflib


def rule_files() -> list[Path]:
    return sorted((package_dir("ontology") / "rules").glob("*.rq"))


def run_rules(store: ox.Store) -> set[tuple]:
    """Apply every rule to the union of the store's graphs, to a fixpoint."""
    inferred: set[tuple] = set()
    scratch = ox.NamedNode("https://w3id.org/dgkg/graph/inferred")
    while True:
        before = len(inferred)
        for path in rule_files():
            query = sparql_prologue() + path.read_text(encoding="utf-8")
            for triple in store.query(query, use_default_graph_as_union=True):
                inferred.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
                store.add(ox.Quad(triple.subject, triple.predicate, triple.object, scratch))
        if len(inferred) == before:
            break
    store.remove_graph(scratch)
    return inferred
