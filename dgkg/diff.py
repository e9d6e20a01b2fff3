"""What changed between two releases of the dataset, in terms people understand.

Two release files (TriG or N-Quads, optionally gzipped: ``graphs/dgkg.trig``,
``releases/<version>/dgkg.nq.gz``) are compared graph by graph, then node by node:

* a node (an IRI subject — a fact such as a Participation or Recognition, an instrument, a
  jurisdiction …) is **added** when the new release describes it and the old one does not,
  **removed** in the opposite case, and **changed** when both describe it but some property
  values differ (each such property is listed with its old and new values);
* the named graphs themselves (one per source file) are reported as added, removed or changed
  with their triple counts.

Not compared: the ``void`` and ``provenance`` graphs (triple counts, build activity and file
digests change with every build) and blank nodes (the ontology's OWL axioms; their canonical
labels are not stable identifiers). By default only nodes under https://w3id.org/dgkg/id/ are
reported; ``include_all`` adds the others (source documents, ontology terms).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .namespaces import DGKG, GRAPH, ID, PREFIXES

IGNORED_GRAPHS = frozenset({f"{GRAPH}void", f"{GRAPH}provenance"})
DEFAULT_GRAPH = ""  # key of the default graph (a Turtle / N-Triples file has only this one)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
SKOS_PREFLABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
OWL = "http://www.w3.org/2002/07/owl#"
D = str(DGKG)

# The categories a node is reported under, in report order. Fact classes are their own category;
# any class below one of the others (by rdfs:subClassOf in either release) falls under it.
FACT_CLASSES = ["Participation", "Recognition", "Membership", "TransferMechanism", "Provision", "Proposal",
                "PrincipleAssertion", "MechanismCorrespondence"]
CATEGORIES = [*FACT_CLASSES, "Instrument", "Jurisdiction", "Regime", "Organisation", "Fact", "Concept",
              "SourceDocument", "OntologyTerm", "Other"]
CATEGORY_CLASSES = {**{D + name: name for name in FACT_CLASSES}, D + "Instrument": "Instrument",
                    D + "Jurisdiction": "Jurisdiction", D + "Regime": "Regime", D + "Organisation": "Organisation",
                    D + "Fact": "Fact", SKOS_CONCEPT: "Concept", D + "SourceDocument": "SourceDocument"}
ONTOLOGY_CLASSES = {OWL + name for name in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty",
                                             "Ontology", "FunctionalProperty", "TransitiveProperty", "SymmetricProperty")}
GRAPH_PROPERTY = "graph"  # pseudo-property: the named graphs (source files) describing a node

CHANGE_ORDER = {"added": 0, "removed": 1, "changed": 2}


class DiffError(ValueError):
    """A file that cannot be read as an RDF dataset (exit code 2)."""


Triple = tuple  # (subject, predicate, object) as pyoxigraph terms


# ---------------------------------------------------------------- reading


def rdf_format(path: Path) -> ox.RdfFormat:
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    fmt = ox.RdfFormat.from_extension(suffix) if suffix else None
    if fmt is None:
        raise DiffError(f"{path}: unknown RDF format (expected .trig, .nq, .ttl or .nt, optionally .gz)")
    return fmt


def read_dataset(path: Path) -> dict[str, set[Triple]]:
    """Named graph IRI ('' for the default graph) -> triples, from a TriG / N-Quads file (.gz allowed)."""
    path = Path(path)
    if not path.is_file():
        raise DiffError(f"{path}: no such file")
    fmt = rdf_format(path)
    try:
        data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
        quads = ox.parse(input=data, format=fmt)
        graphs: dict[str, set[Triple]] = defaultdict(set)
        for quad in quads:
            name = DEFAULT_GRAPH if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs[name].add((quad.subject, quad.predicate, quad.object))
    except (SyntaxError, ValueError, OSError, EOFError) as exc:
        raise DiffError(f"{path}: {exc}") from None
    return dict(graphs)


def comparable(triples: set[Triple]) -> set[Triple]:
    """The triples that take part in the comparison: no blank node as subject or object."""
    return {t for t in triples if not isinstance(t[0], ox.BlankNode) and not isinstance(t[2], ox.BlankNode)}


# ---------------------------------------------------------------- display


def compact(iri: str) -> str:
    """``dgkg:status`` -> ``status``; ``rdfs:label``; ``id:`` IRIs as their path; else the IRI."""
    if iri.startswith(D):
        return iri[len(D):]
    if iri.startswith(str(ID)):
        return iri[len(str(ID)):]
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and prefix not in ("id", "dgkg") and iri[len(base):]:
            return f"{prefix}:{iri[len(base):]}"
    return iri


def graph_name(iri: str) -> str:
    if iri == DEFAULT_GRAPH:
        return "(default graph)"
    return iri[len(str(GRAPH)):] if iri.startswith(str(GRAPH)) else iri


class Names:
    """Short names for IRIs: a jurisdiction's code, an instrument's or concept's slug / identifier."""

    KEYS = (D + "code", D + "identifier", D + "slug")

    def __init__(self, *descriptions: dict):
        self.names: dict[str, str] = {}
        for description in descriptions:  # later ones (the new release) win
            for subject, props in description.items():
                for key in self.KEYS:
                    values = sorted(v.value for v in props.get(key, ()) if isinstance(v, ox.Literal))
                    if values:
                        self.names[subject] = values[0]
                        break

    def term(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.names.get(term.value) or compact(term.value)
        if isinstance(term, ox.Literal):
            return f"{term.value}@{term.language}" if term.language else term.value
        if isinstance(term, str):  # a graph IRI (the pseudo-property)
            return graph_name(term)
        return str(term)


def rdf_text(term) -> str:
    """The term in N-Triples syntax (for machines); a graph IRI of the pseudo-property as <IRI>."""
    return f"<{term}>" if isinstance(term, str) else str(term)


def value_key(term) -> tuple:
    if isinstance(term, str):
        return (0, term, "", "")
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (1, term.value, term.datatype.value if term.datatype else "", term.language or "")
    return (2, str(term), "", "")


# ---------------------------------------------------------------- the result


@dataclass
class PropertyChange:
    property: str            # IRI, or "graph" for the named graphs describing the node
    old: list                # values only in the old release (pyoxigraph terms; graph IRIs as str)
    new: list                # values only in the new release
    kept: int = 0            # values in both

    @property
    def name(self) -> str:
        return "named graph" if self.property == GRAPH_PROPERTY else compact(self.property)


@dataclass
class NodeChange:
    change: str              # added | removed | changed
    iri: str
    kind: str                # a category of CATEGORIES
    types: list[str]         # the node's classes (short names)
    summary: str             # one line a person understands
    graphs: list[str]        # named graphs describing it (in the new release, or the old for removed)
    properties: list[PropertyChange] = field(default_factory=list)

    @property
    def id(self) -> str:
        return compact(self.iri)


@dataclass
class GraphChange:
    change: str              # added | removed | changed
    graph: str
    added: int               # triples only in the new release
    removed: int             # triples only in the old release


@dataclass
class DiffResult:
    old: str
    new: str
    nodes: list[NodeChange]
    graphs: list[GraphChange]
    names: Names
    include_all: bool = False
    graphwise: bool = True   # False when one side has no named graphs: the unions were compared

    @property
    def differs(self) -> bool:
        return bool(self.nodes or self.graphs)

    def counts(self) -> dict[str, int]:
        out = {c: sum(1 for n in self.nodes if n.change == c) for c in CHANGE_ORDER}
        for c in CHANGE_ORDER:
            out[f"graphs_{c}"] = sum(1 for g in self.graphs if g.change == c)
        return out

    def values(self, terms: list) -> list[str]:
        return [self.names.term(t) for t in terms]

    # ---- JSON
    def to_dict(self) -> dict:
        return {
            "old": self.old, "new": self.new,
            "compared": "nodes under " + str(ID) if not self.include_all else "every IRI node",
            "graphwise": self.graphwise,
            "ignored_graphs": sorted(graph_name(g) for g in IGNORED_GRAPHS),
            "summary": self.counts(),
            "graphs": [{"change": g.change, "graph": graph_name(g.graph), "graph_iri": g.graph, "added": g.added, "removed": g.removed}
                       for g in self.graphs],
            "changes": [
                {"change": n.change, "kind": n.kind, "types": n.types, "id": n.id, "iri": n.iri, "summary": n.summary,
                 "graphs": [graph_name(g) for g in n.graphs],
                 "properties": [{"property": p.name, "property_iri": None if p.property == GRAPH_PROPERTY else p.property,
                                 "old": self.values(p.old), "new": self.values(p.new),
                                 "old_rdf": [rdf_text(t) for t in p.old], "new_rdf": [rdf_text(t) for t in p.new]}
                                for p in n.properties]}
                for n in self.nodes],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    # ---- CSV: one row per added / removed node, one per changed property, one per changed graph
    CSV_COLUMNS = ["change", "kind", "id", "summary", "property", "old", "new", "graphs", "iri"]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.CSV_COLUMNS)
        for g in self.graphs:
            writer.writerow([f"graph {g.change}", "graph", graph_name(g.graph), f"+{g.added} -{g.removed} triples", "", "", "", "", g.graph])
        for n in self.nodes:
            graphs = " | ".join(graph_name(g) for g in n.graphs)
            if n.change != "changed":
                writer.writerow([n.change, n.kind, n.id, n.summary, "", "", "", graphs, n.iri])
            for p in (n.properties if n.change == "changed" else []):
                writer.writerow([n.change, n.kind, n.id, n.summary, p.name, " | ".join(self.values(p.old)),
                                 " | ".join(self.values(p.new)), graphs, n.iri])
        return out.getvalue()

    # ---- text
    def to_text(self, width: int = 160) -> str:
        def short(text: str) -> str:
            return text if len(text) <= width else text[: width - 1] + "…"

        lines = [f"dgkg diff {self.old} → {self.new}"]
        counts = self.counts()
        if not self.differs:
            lines.append("no differences (the void and provenance graphs and blank nodes are not compared)"
                         if self.graphwise else "no differences between the nodes of the unions of the graphs (blank nodes not compared)")
            return "\n".join(lines) + "\n"
        if self.graphwise:
            lines.append(f"graphs: {counts['graphs_added']} added, {counts['graphs_removed']} removed, {counts['graphs_changed']} changed"
                         " (void and provenance not compared)")
        else:
            lines.append("one side has no named graphs: the nodes of the unions were compared, not the graphs")
        mark = {"added": "+", "removed": "-", "changed": "~"}
        for g in self.graphs:
            detail = f"{g.added} triples" if g.change == "added" else f"{g.removed} triples" if g.change == "removed" else f"+{g.added} -{g.removed} triples"
            lines.append(f"  {mark[g.change]} {graph_name(g.graph)} ({detail})")
        by_kind: dict[str, list[NodeChange]] = defaultdict(list)
        for n in self.nodes:
            by_kind[n.kind].append(n)
        for kind in CATEGORIES:
            nodes = by_kind.get(kind)
            if not nodes:
                continue
            tally = ", ".join(f"{sum(1 for n in nodes if n.change == c)} {c}" for c in CHANGE_ORDER if any(n.change == c for n in nodes))
            lines.append(f"{kind}: {tally}")
            for n in nodes:
                lines.append(short(f"  {mark[n.change]} {n.id} — {n.summary}"))
                for p in n.properties if n.change == "changed" else []:
                    lines.append(short(f"      {p.name}: {self.describe(p)}"))
        lines.append(f"in all: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed")
        return "\n".join(lines) + "\n"

    def describe(self, p: PropertyChange) -> str:
        old, new = ", ".join(self.values(p.old)), ", ".join(self.values(p.new))
        if p.kept and not p.old:
            return f"+ {new}"
        if p.kept and not p.new:
            return f"- {old}"
        return f"{old or '(none)'} → {new or '(none)'}"


# ---------------------------------------------------------------- comparing


def describe_nodes(graphs: dict[str, set[Triple]]) -> tuple[dict, dict]:
    """subject IRI -> property IRI -> set of objects; subject IRI -> graphs describing it."""
    props: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    where: dict[str, set[str]] = defaultdict(set)
    for graph, triples in graphs.items():
        for s, p, o in triples:
            props[s.value][p.value].add(o)
            where[s.value].add(graph)
    return props, where


class Classifier:
    """The report category of a node from its classes, with rdfs:subClassOf from both releases."""

    def __init__(self, *descriptions: dict):
        self.parents: dict[str, set[str]] = defaultdict(set)
        for description in descriptions:
            for subject, props in description.items():
                for parent in props.get(RDFS_SUBCLASS, ()):
                    if isinstance(parent, ox.NamedNode):
                        self.parents[subject].add(parent.value)
        self.cache: dict[str, str | None] = {}
        self.shipped = False

    def add_shipped_ontology(self) -> None:
        """Fall back on the installed ontology's class tree (for datasets without an ontology graph)."""
        self.shipped = True
        self.cache.clear()
        try:
            from rdflib import URIRef

            from .resources import ontology_graph

            for child, parent in ontology_graph().subject_objects(URIRef(RDFS_SUBCLASS)):
                if isinstance(child, URIRef) and isinstance(parent, URIRef):
                    self.parents[str(child)].add(str(parent))
        except (OSError, ValueError, ImportError):
            pass

    def category_of_class(self, cls: str) -> str | None:
        if cls in self.cache:
            return self.cache[cls]
        result = self.walk(cls)
        if result is None and cls.startswith(D) and not self.shipped:
            self.add_shipped_ontology()
            result = self.walk(cls)
        self.cache[cls] = result
        return result

    def walk(self, cls: str) -> str | None:
        seen, frontier, found = set(), [cls], []
        while frontier:
            current = frontier.pop()
            if current in seen:
                continue
            seen.add(current)
            if current in CATEGORY_CLASSES:
                found.append(CATEGORY_CLASSES[current])
            frontier.extend(self.parents.get(current, ()))
        if not found and cls.startswith(D) and cls[len(D):] in FACT_CLASSES:
            found.append(cls[len(D):])
        return min(found, key=CATEGORIES.index) if found else None

    def kind(self, classes: list[str]) -> str:
        found = [c for c in (self.category_of_class(cls) for cls in classes) if c]
        if found:
            return min(found, key=CATEGORIES.index)
        if any(cls in ONTOLOGY_CLASSES for cls in classes):
            return "OntologyTerm"
        return "Other"


def summarise(kind: str, props: dict, names: Names, types: list[str]) -> str:
    """One line about a node, from its own properties."""

    def one(prop: str, default: str = "?") -> str:
        values = sorted(props.get(D + prop, ()), key=value_key)
        return names.term(values[0]) if values else default

    def many(prop: str) -> str:
        return ", ".join(names.term(v) for v in sorted(props.get(D + prop, ()), key=value_key)) or "?"

    def label() -> str | None:
        for key in (RDFS_LABEL, SKOS_PREFLABEL):
            english = sorted(v.value for v in props.get(key, ()) if isinstance(v, ox.Literal) and v.language == "en")
            if english:
                return english[0]
        return None

    if kind == "Participation":
        return f"{one('party')}: {one('act')} — {one('instrument')}, {one('date')}"
    if kind == "Recognition":
        until = f" until {one('validUntil')}" if props.get(D + "validUntil") else ""
        return (f"{one('recogniser')} recognises {one('recognised')} ({one('recognitionKind')}, {one('status')}) "
                f"by {one('instrument')}, from {one('validFrom')}{until}")
    if kind == "Membership":
        since = f" from {one('validFrom')}" if props.get(D + "validFrom") else ""
        until = f" until {one('validUntil')}" if props.get(D + "validUntil") else ""
        return f"{one('member')} member of {one('organisation')}{since}{until}"
    if kind == "TransferMechanism":
        return f"{label() or one('identifier')} ({one('mechanismType')}) — {one('regime')}"
    if kind == "Provision":
        title = sorted(v.value for v in props.get("http://purl.org/dc/terms/title", ()) if isinstance(v, ox.Literal))
        binding = one("bindingness", "")
        return f"{one('instrument')} art. {one('article')}" + (f": {title[0]}" if title else "") + (f" [{binding}]" if binding else "")
    if kind == "Proposal":
        return f"{one('instrument')} proposal {one('number')} ({many('topic')})"
    if kind == "PrincipleAssertion":
        return f"{one('instrument')} asserts {one('principle')}"
    if kind == "MechanismCorrespondence":
        return f"{one('mechanismA')} {one('relation')} {one('mechanismB')} ({one('instrument')})"
    kinds = "/".join(t for t in types if t not in ("NamedIndividual",)) or kind
    titles = sorted(v.value for v in props.get("http://purl.org/dc/terms/title", ()) if isinstance(v, ox.Literal))
    name = one("shortName", "") or label() or (titles[0] if titles else "") or one("identifier", "") or one("code", "") or one("slug", "")
    if kind == "Jurisdiction":
        return f"{one('code')} {label() or ''} ({kinds})".replace("  ", " ")
    return f"{name} ({kinds})" if name else f"({kinds})"


def diff_datasets(old: dict[str, set[Triple]], new: dict[str, set[Triple]], old_name: str = "OLD", new_name: str = "NEW",
                  include_all: bool = False) -> DiffResult:
    """Compare two datasets (graph IRI -> triples) graph-wise, then node by node."""
    old_graphs = {g: comparable(t) for g, t in old.items() if g not in IGNORED_GRAPHS}
    new_graphs = {g: comparable(t) for g, t in new.items() if g not in IGNORED_GRAPHS}
    old_graphs = {g: t for g, t in old_graphs.items() if t}
    new_graphs = {g: t for g, t in new_graphs.items() if t}
    graphwise = not (set(old_graphs) <= {DEFAULT_GRAPH} or set(new_graphs) <= {DEFAULT_GRAPH})
    if not graphwise:  # a plain graph (Turtle, N-Triples) on one side: compare the unions
        old_graphs = {DEFAULT_GRAPH: set().union(*old_graphs.values())}
        new_graphs = {DEFAULT_GRAPH: set().union(*new_graphs.values())}

    graph_changes = []
    for g in sorted(set(old_graphs) | set(new_graphs)) if graphwise else []:
        before, after = old_graphs.get(g, set()), new_graphs.get(g, set())
        if before == after:
            continue
        change = "added" if not before else "removed" if not after else "changed"
        graph_changes.append(GraphChange(change, g, len(after - before), len(before - after)))

    old_props, old_where = describe_nodes(old_graphs)
    new_props, new_where = describe_nodes(new_graphs)
    names = Names(old_props, new_props)
    classifier = Classifier(old_props, new_props)

    nodes = []
    for iri in sorted(set(old_props) | set(new_props)):
        if not include_all and not iri.startswith(str(ID)):
            continue
        before, after = old_props.get(iri), new_props.get(iri)
        if before is None:
            change, current = "added", after
        elif after is None:
            change, current = "removed", before
        else:
            change, current = "changed", after
        classes = sorted({t.value for t in current.get(RDF_TYPE, ()) if isinstance(t, ox.NamedNode)})
        if change == "changed" and not classes:
            classes = sorted({t.value for t in before.get(RDF_TYPE, ()) if isinstance(t, ox.NamedNode)})
        kind = classifier.kind(classes)
        types = [compact(c) for c in classes]
        graphs = sorted((old_where if change == "removed" else new_where)[iri])
        properties = []
        if change == "changed":
            for prop in sorted(set(before) | set(after)):
                was, now = before.get(prop, set()), after.get(prop, set())
                if was != now:
                    properties.append(PropertyChange(prop, sorted(was - now, key=value_key), sorted(now - was, key=value_key), len(was & now)))
            was_g, now_g = old_where[iri], new_where[iri]
            if was_g != now_g:
                properties.append(PropertyChange(GRAPH_PROPERTY, sorted(was_g - now_g), sorted(now_g - was_g), len(was_g & now_g)))
            if not properties:
                continue
        else:
            for prop in sorted(current):
                values = sorted(current[prop], key=value_key)
                properties.append(PropertyChange(prop, [] if change == "added" else values, values if change == "added" else []))
        nodes.append(NodeChange(change, iri, kind, types, summarise(kind, current, names, types), graphs, properties))

    nodes.sort(key=lambda n: (CATEGORIES.index(n.kind), CHANGE_ORDER[n.change], n.iri))
    return DiffResult(old_name, new_name, nodes, graph_changes, names, include_all, graphwise)


def diff_files(old: Path, new: Path, include_all: bool = False) -> DiffResult:
    return diff_datasets(read_dataset(old), read_dataset(new), str(old), str(new), include_all)


__all__ = ["DiffError", "DiffResult", "NodeChange", "PropertyChange", "GraphChange", "diff_datasets", "diff_files",
           "read_dataset", "IGNORED_GRAPHS"]
