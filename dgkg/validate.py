"""The SHACL gate and the violation queries, with reports grouped by source file."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF

from .namespaces import GRAPH, SH, sparql_prologue
from .resources import package_dir


@dataclass(frozen=True, order=True)
class Violation:
    graph: str  # the source file (named graph) the focus node comes from
    focus: str
    path: str
    message: str
    rule: str  # shape or violation query


@dataclass
class Report:
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def by_graph(self) -> dict[str, list[Violation]]:
        grouped: dict[str, list[Violation]] = defaultdict(list)
        for v in sorted(self.violations):
            grouped[v.graph].append(v)
        return dict(grouped)


def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(package_dir("ontology") / "shapes.ttl", format="turtle")
    return graph


def graph_of(subject_graphs: dict[str, list[str]], focus: str) -> str:
    names = subject_graphs.get(focus) or ["(unknown)"]
    return ", ".join(sorted(n.removeprefix(str(GRAPH)) for n in names))


def run_shacl(data: Graph, subject_graphs: dict[str, list[str]]) -> list[Violation]:
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True)
    if conforms:
        return []
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = str(results.value(result, SH.focusNode))
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        out.append(Violation(graph_of(subject_graphs, focus), focus, str(path or ""), str(message or ""), str(shape or "")))
    return out


def violation_queries() -> list[Path]:
    return sorted(package_dir("queries").glob("*-violation.rq"))


def rule_of(path: Path) -> str:
    """The rule a violation query checks: its first comment line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("#").strip()


def run_violation_queries(store: ox.Store, subject_graphs: dict[str, list[str]]) -> list[Violation]:
    out = []
    for path in violation_queries():
        query = sparql_prologue() + path.read_text(encoding="utf-8")
        solutions = store.query(query, use_default_graph_as_union=True)
        has_detail = "detail" in {v.value for v in solutions.variables}
        for row in solutions:
            focus = row["focus"].value if row["focus"] is not None else ""
            detail = row["detail"].value if has_detail and row["detail"] is not None else ""
            out.append(Violation(graph_of(subject_graphs, focus), focus, "", f"{rule_of(path)} {detail}".strip(), path.name))
    return out


def subject_graph_index(quads) -> dict[str, list[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for s, _, _, g in quads:
        index[str(s)].add(str(g))
    return {k: sorted(v) for k, v in index.items()}


def validate_dataset(dataset) -> Report:
    """SHACL shapes + violation queries over the whole dataset (ontology included, for subclasses)."""
    quads = dataset.quads()
    index = subject_graph_index(quads)
    violations = run_shacl(dataset.union(), index)
    violations += run_violation_queries(dataset.store(), index)
    return Report(sorted(set(violations)))
