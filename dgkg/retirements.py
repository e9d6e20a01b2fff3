"""Retired IRIs (sources/retired.yaml): an IRI of an earlier release that the graph no longer uses —
a fact whose date was corrected, say, since fact IRIs carry their date — stays resolvable as
owl:deprecated with what replaces it. The build checks each retirement against the graph."""

from __future__ import annotations

from rdflib import URIRef

from .errors import SourceProblem
from .namespaces import ID


def retired_records(files) -> list[tuple[object, dict, int]]:
    """(source file, record, index) of every retirement in the sources."""
    return [(sf, rec, i) for sf in files for i, rec in enumerate(sf.doc.get("retired", []))]


def retirement_problems(files, graphs: dict[str, set], retirement_triples: set) -> list[SourceProblem]:
    """A retired IRI must no longer be described by any fact, and what replaces it must be."""
    described = {s for triples in graphs.values() for (s, p, o) in triples if (s, p, o) not in retirement_triples}
    problems = []
    for sf, rec, i in retired_records(files):
        where = f"retired[{i}]"
        lines = rec.get("_line_of", {})
        if URIRef(str(ID) + rec["iri"]) in described:
            problems.append(SourceProblem(sf.display, lines.get("iri", rec["_line"]), f"{where}.iri",
                                          f"{rec['iri']!r} is still described by the sources; retire only IRIs the graph no longer uses"))
        for replacement in rec.get("replaced_by", []):
            if URIRef(str(ID) + replacement) not in described:
                problems.append(SourceProblem(sf.display, lines.get("replaced_by", rec["_line"]), f"{where}.replaced_by",
                                              f"{replacement!r} is not described by the sources (a replacement must exist)"))
    return problems
