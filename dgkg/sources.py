"""Reading the curated sources: discover, parse, check the schema, resolve references.

Everything is checked before anything is converted; all problems are reported together, each
naming file, line and field. ``read_sources`` returns the checked documents and a resolver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from rdflib import URIRef

from dgkg.loaders.countries import iso_alpha2_codes
from dgkg.loaders.yaml_source import provision_keys, recognition_slug

from .errors import SourceError, SourceProblem
from .namespaces import individual
from .schema import NESTED, SECTIONS, Checker
from .yamlload import load_located

# record type -> field -> kind of reference ("*" suffix: a list of them)
REFERENCES = {
    "instrument": {"jurisdiction": "jurisdiction", "issuer": "party", "amends": "instrument"},
    "party": {"party": "party"},
    "member": {"member": "party"},
    "organisation": {"part_of": "party"},
    "regime": {"jurisdiction": "jurisdiction", "organisation": "party", "laws": "instrument*"},
    "legal_basis": {"instrument": "instrument"},
    "recognition": {"recogniser": "party", "recognised": "recognisable", "instrument": "instrument", "ended_by": "instrument"},
    "correspondence": {"mechanism_a": "standard", "mechanism_b": "standard", "instrument": "instrument"},
    "jurisdiction": {"part_of": "jurisdiction"},
}

KIND_WORDS = {
    "jurisdiction": "jurisdiction code",
    "party": "jurisdiction code or organisation",
    "instrument": "instrument slug",
    "recognisable": "jurisdiction, organisation or mechanism",
    "standard": "mechanism or instrument",
}


@dataclass
class SourceFile:
    path: Path
    name: str  # path relative to sources/, without .yaml: the named graph's local name
    display: str  # as shown in messages: sources/<...>.yaml
    doc: dict


@dataclass
class Registry:
    jurisdictions: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    instruments: set[str] = field(default_factory=set)
    mechanisms: set[str] = field(default_factory=set)

    def resolve(self, kind: str, value: str) -> URIRef:
        iri = self.lookup(kind, value)
        if iri is None:
            raise KeyError(f"unknown {KIND_WORDS[kind]}: {value!r}")
        return iri

    def lookup(self, kind: str, value: str) -> URIRef | None:
        candidates = {
            "jurisdiction": ("jurisdiction",),
            "party": ("jurisdiction", "organisation"),
            "instrument": ("instrument",),
            "recognisable": ("jurisdiction", "organisation", "mechanism"),
            "standard": ("mechanism", "instrument"),
        }[kind]
        for candidate in candidates:
            if candidate == "jurisdiction" and value in self.jurisdictions:
                return URIRef(individual("jurisdiction", value))
            if candidate == "organisation" and value in self.organisations:
                return URIRef(individual("organisation", value))
            if candidate == "instrument" and value in self.instruments:
                return URIRef(individual("instrument", value))
            if candidate == "mechanism" and value in self.mechanisms:
                return URIRef(individual("mechanism", value))
        return None


def discover(sources_dir: Path) -> list[Path]:
    return sorted(p for p in sources_dir.rglob("*.yaml") if p.is_file())


def read_sources(sources_dir: Path, extra_files: list[Path] | None = None) -> tuple[list[SourceFile], Registry]:
    """Parse and check every source file; raise SourceError listing all problems."""
    problems: list[SourceProblem] = []
    files: list[SourceFile] = []
    for path in discover(sources_dir) + list(extra_files or []):
        rel = path.resolve().relative_to(sources_dir.resolve()) if path.resolve().is_relative_to(sources_dir.resolve()) else Path(path.name)
        display = str(Path("sources") / rel) if path.resolve().is_relative_to(sources_dir.resolve()) else str(path)
        try:
            data = load_located(path, display)
        except SourceError as exc:
            problems += exc.problems
            continue
        checker = Checker(display)
        doc = checker.document(data)
        problems += checker.problems
        files.append(SourceFile(path, str(rel.with_suffix("")).replace("\\", "/"), display, doc))
    if problems:
        raise SourceError(problems)
    registry = build_registry(files, problems)
    for source_file in files:
        problems += check_references(source_file, registry)
    if problems:
        raise SourceError(problems)
    return files, registry


def records(doc: dict) -> Iterator[tuple[str, dict, str]]:
    """Every record of a document, nested ones included: (record type, record, where)."""

    def walk(record_type: str, record: dict, where: str) -> Iterator[tuple[str, dict, str]]:
        yield record_type, record, where
        for name, (sub_type, many) in NESTED.get(record_type, {}).items():
            if name not in record:
                continue
            if many:
                for i, sub in enumerate(record[name]):
                    yield from walk(sub_type, sub, f"{where}.{name}[{i}]")
            else:
                yield from walk(sub_type, record[name], f"{where}.{name}")

    for section, record_type in SECTIONS.items():
        for i, record in enumerate(doc.get(section, [])):
            yield from walk(record_type, record, f"{section}[{i}]")


def build_registry(files: list[SourceFile], problems: list[SourceProblem]) -> Registry:
    registry = Registry(jurisdictions=set(iso_alpha2_codes()))
    seen: dict[tuple[str, str], str] = {}

    def claim(namespace: str, key: str, sf: SourceFile, record: dict, where: str, fld: str) -> None:
        line = record.get("_line_of", {}).get(fld, record.get("_line", 0))
        if (namespace, key) in seen:
            problems.append(SourceProblem(sf.display, line, f"{where}.{fld}", f"duplicate {namespace} {key!r} (first defined in {seen[(namespace, key)]})"))
        else:
            seen[(namespace, key)] = f"{sf.display}:{line}"

    for sf in files:
        for record_type, record, where in records(sf.doc):
            if record_type == "jurisdiction" and "code" in record:
                claim("jurisdiction", record["code"], sf, record, where, "code")
                registry.jurisdictions.add(record["code"])
            elif record_type == "organisation" and "id" in record:
                claim("organisation", record["id"], sf, record, where, "id")
                if record["id"] not in registry.jurisdictions and not record["id"].isupper():
                    registry.organisations.add(record["id"])
            elif record_type == "authority" and "id" in record:
                claim("organisation", record["id"], sf, record, where, "id")
                registry.organisations.add(record["id"])
            elif record_type == "instrument" and "id" in record:
                claim("instrument", record["id"], sf, record, where, "id")
                registry.instruments.add(record["id"])
                claim_children(record, sf, where, claim)
            elif record_type == "regime" and "id" in record:
                claim("regime", record["id"], sf, record, where, "id")
            elif record_type == "mechanism" and "id" in record:
                claim("mechanism", record["id"], sf, record, where, "id")
                registry.mechanisms.add(record["id"])
            elif record_type == "recognition":
                claim("recognition", recognition_slug(record), sf, record, where, "recognised")
            elif record_type == "correspondence" and "id" in record:
                claim("correspondence", record["id"], sf, record, where, "id")
            elif record_type == "retired" and "iri" in record:
                claim("retired IRI", record["iri"], sf, record, where, "iri")
    return registry


def claim_children(record: dict, sf: SourceFile, where: str, claim) -> None:
    """Facts inside an instrument must have distinct IRIs (same party+act+date, same article …)."""
    slug = record["id"]
    for i, p in enumerate(record.get("parties", [])):
        if {"party", "act", "date"} <= p.keys():
            claim("participation", f"{slug}/{p['party']}/{p['act']}/{p['date']}", sf, p, f"{where}.parties[{i}]", "party")
    for i, (p, key) in enumerate(zip(record.get("provisions", []), provision_keys(record.get("provisions", [])))):
        claim("provision", f"{slug}/{key}", sf, p, f"{where}.provisions[{i}]", "article")
    for i, p in enumerate(record.get("proposals", [])):
        if "number" in p:
            claim("proposal", f"{slug}/{p['number']}", sf, p, f"{where}.proposals[{i}]", "number")
    for i, p in enumerate(record.get("principles", [])):
        if "principle" in p:
            claim("principle assertion", f"{slug}/{p['principle']}", sf, p, f"{where}.principles[{i}]", "principle")


def check_references(sf: SourceFile, registry: Registry) -> list[SourceProblem]:
    problems = []
    for record_type, record, where in records(sf.doc):
        for fld, kind in REFERENCES.get(record_type, {}).items():
            if fld not in record:
                continue
            many = kind.endswith("*")
            kind = kind.rstrip("*")
            values = record[fld] if many else [record[fld]]
            for value in values:
                if registry.lookup(kind, value) is None:
                    line = record.get("_line_of", {}).get(fld, record.get("_line", 0))
                    problems.append(SourceProblem(sf.display, line, f"{where}.{fld}", f"unknown {KIND_WORDS[kind]} {value!r}"))
        if record_type == "organisation" and str(record.get("id", "")).isupper() and record["id"] not in registry.jurisdictions:
            problems.append(SourceProblem(sf.display, record.get("_line", 0), f"{where}.id", f"{record['id']!r} looks like a jurisdiction code but no jurisdiction declares it"))
        if record_type == "organisation" and "members" in record:
            seen = set()
            for i, m in enumerate(record["members"]):
                key = (m.get("member"), m.get("from"))
                if key in seen:
                    problems.append(SourceProblem(sf.display, m.get("_line", 0), f"{where}.members[{i}]", f"duplicate membership {key[0]!r} from {key[1]}"))
                seen.add(key)
    return problems
