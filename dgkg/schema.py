"""The schema of the curated YAML sources (docs/sources.md), checked before any conversion.

Each record type is a table from field name to a small checker; a checker returns the normalised
value or raises ``Invalid`` with a message. Problems are collected with file, line and field, so a
curator sees every mistake of a file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from .errors import SourceProblem
from .resources import instrument_kinds, jurisdiction_kinds, vocabularies
from .yamlload import LocatedDict, LocatedList

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^[A-Z]{2,3}(?:-[A-Z0-9]{2,6})?$")
REF = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|[A-Z]{2,3}(?:-[A-Z0-9]{2,6})?)$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
QID = re.compile(r"^Q[1-9][0-9]*$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


class Invalid(Exception):
    pass


@dataclass(frozen=True)
class Field:
    check: Callable[[Any], Any]
    required: bool = False


# ------------------------------------------------------------------ scalar checkers
def text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise Invalid("expected text")
    value = str(value).strip()
    if not value:
        raise Invalid("must not be empty")
    return value


def slug(value: Any) -> str:
    value = text(value)
    if not SLUG.match(value):
        raise Invalid(f"{value!r} is not a slug (lowercase letters, digits and single hyphens)")
    return value


def code(value: Any) -> str:
    value = text(value)
    if not CODE.match(value):
        raise Invalid(f"{value!r} is not a jurisdiction code (ISO 3166-1 alpha-2 or a project code like AE-DIFC)")
    return value


def ref(value: Any) -> str:
    value = text(value)
    if not REF.match(value):
        raise Invalid(f"{value!r} is neither a jurisdiction code nor a slug")
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    value = text(value)
    if not DATE.match(value):
        raise Invalid(f"{value!r} is not a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(f"{value!r} is not a valid date ({exc})") from None


def date_or_year(value: Any) -> dt.date | int:
    """A full date, or a bare year where the sources give only the year (stored as xsd:gYear)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 1000 <= value <= 2999:
            return value
        raise Invalid(f"{value!r} is not a year")
    return date(value)


YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def date_or_period(value: Any) -> dt.date | int | str:
    """A full date; or, where the sources give no day, a bare year (1989 → xsd:gYear) or a
    year and month ("1991-11" → xsd:gYearMonth). No day is ever invented."""
    if isinstance(value, int) and not isinstance(value, bool):
        return date_or_year(value)
    if isinstance(value, str) and YEAR_MONTH.match(value.strip()):
        return value.strip()
    try:
        return date(value)
    except Invalid:
        raise Invalid(f"{value!r} is not a date YYYY-MM-DD, a year-month \"YYYY-MM\" or a year YYYY") from None


ID_PATH = re.compile(r"^[a-z][a-z0-9-]*/[^\s<>\"{}|\\^`]+$")


def id_path(value: Any) -> str:
    """An IRI under https://w3id.org/dgkg/id/, written without that prefix (membership/apec/AU/undated)."""
    value = text(value)
    if value.startswith("https://w3id.org/dgkg/id/"):
        value = value[len("https://w3id.org/dgkg/id/"):]
    if not ID_PATH.match(value):
        raise Invalid(f"{value!r} is not an IRI path under https://w3id.org/dgkg/id/ (e.g. membership/apec/AU/undated)")
    return value


def id_paths(value: Any) -> list[str]:
    """One IRI path, or a list of them (a fact split in two is replaced by both)."""
    values = value if isinstance(value, list) else [value]
    if not values:
        raise Invalid("expected an IRI path or a non-empty list of them")
    return [id_path(v) for v in values]


def url(value: Any) -> str:
    value = text(value)
    if not URL.match(value):
        raise Invalid(f"{value!r} is not an http(s) URL")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("expected true or false")
    return value


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("expected an integer")
    return value


def qid(value: Any) -> str:
    value = text(value)
    if not QID.match(value):
        raise Invalid(f"{value!r} is not a Wikidata QID (Q followed by digits)")
    return value


def labels(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid("expected a mapping of language tag to text, e.g. {en: …, zh: …}")
    out = {}
    for lang, label in value.items():
        if not LANG.match(str(lang)):
            raise Invalid(f"{lang!r} is not a language tag")
        out[str(lang)] = text(label)
    missing = [lang for lang in ("en", "zh") if lang not in out]
    if missing:
        raise Invalid(f"missing label in {', '.join(missing)}")
    return out


def texts(value: Any) -> dict[str, str]:
    """Like labels, but only English is required."""
    if not isinstance(value, dict):
        raise Invalid("expected a mapping of language tag to text")
    out = {str(lang): text(v) for lang, v in value.items()}
    if "en" not in out:
        raise Invalid("missing the English text")
    return out


def vocab(scheme: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        value = text(value)
        allowed = vocabularies()[scheme]
        if value not in allowed:
            raise Invalid(f"{value!r} is not one of {scheme}: {', '.join(sorted(allowed))}")
        return value

    check.__name__ = f"vocab_{scheme}"
    return check


def one_of(allowed: dict[str, str] | Callable[[], dict[str, str]], what: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        value = text(value)
        options = allowed() if callable(allowed) else allowed
        if value not in options:
            raise Invalid(f"{value!r} is not a known {what}: {', '.join(sorted(options))}")
        return value

    return check


def list_of(item: Callable[[Any], Any]) -> Callable[[Any], list]:
    def check(value: Any) -> list:
        if not isinstance(value, list):
            raise Invalid("expected a list")
        return [item(v) for v in value]

    return check


# ------------------------------------------------------------------ records
CITED = {
    "source": Field(slug, required=True),
    "pinpoint": Field(text),
    "verified": Field(boolean),
    "note": Field(text),
}

RECORDS: dict[str, dict[str, Field]] = {
    "source": {
        "url": Field(url, True), "title": Field(text, True), "publisher": Field(text),
        "official": Field(boolean, True), "read": Field(date, True), "note": Field(text),
    },
    "party": {"party": Field(ref, True), "act": Field(vocab("act"), True), "date": Field(date, True), **CITED},
    "principle": {"principle": Field(vocab("principle"), True), **CITED},
    "provision": {
        "article": Field(text, True), "title": Field(text), "topics": Field(list_of(vocab("topic")), True),
        "bindingness": Field(vocab("bindingness"), True), "exception": Field(text), **CITED,
    },
    "proposal": {
        "number": Field(integer, True), "text": Field(texts, True), "topics": Field(list_of(vocab("topic"))),
        "principles": Field(list_of(vocab("principle"))), **CITED,
    },
    "instrument": {
        "id": Field(slug, True), "kind": Field(one_of(instrument_kinds, "instrument kind"), True),
        "labels": Field(labels, True), "short_name": Field(text), "jurisdiction": Field(code),
        "issuer": Field(ref), "adopted": Field(date_or_year), "in_force": Field(date), "ended": Field(date),
        "status": Field(vocab("status")), "amends": Field(slug), "url": Field(url),
        "description": Field(texts), "wikidata": Field(qid),
        "parties": Field(lambda v: v), "principles": Field(lambda v: v),
        "provisions": Field(lambda v: v), "proposals": Field(lambda v: v), **CITED,
    },
    "member": {"member": Field(ref, True), "from": Field(date_or_period), "until": Field(date_or_period), **CITED},
    "organisation": {
        "id": Field(ref, True), "labels": Field(labels, True), "short_name": Field(text),
        "kind": Field(text), "wikidata": Field(qid), "url": Field(url), "members": Field(lambda v: v),
        "part_of": Field(ref), **CITED,
    },
    "authority": {"id": Field(slug, True), "labels": Field(labels, True), "url": Field(url), **CITED},
    "legal_basis": {"instrument": Field(slug, True), "article": Field(text)},
    "mechanism": {
        "id": Field(slug, True), "type": Field(vocab("mechanism-type"), True), "labels": Field(labels, True),
        "legal_basis": Field(lambda v: v), "conditions": Field(text), "from": Field(date),
        "until": Field(date), **CITED,
    },
    "regime": {
        "id": Field(slug, True), "jurisdiction": Field(code), "organisation": Field(ref), "labels": Field(labels, True),
        "laws": Field(list_of(slug)), "authority": Field(lambda v: v), "mechanisms": Field(lambda v: v), **CITED,
    },
    "recognition": {
        "id": Field(slug), "recogniser": Field(ref, True), "recognised": Field(ref, True),
        "kind": Field(vocab("recognition-kind"), True), "scope": Field(text), "instrument": Field(slug, True),
        "valid_from": Field(date, True), "valid_until": Field(date), "status": Field(vocab("status"), True),
        "ended_by": Field(slug), **CITED,
    },
    "correspondence": {
        "id": Field(slug, True), "mechanism_a": Field(ref, True), "mechanism_b": Field(ref, True),
        "relation": Field(vocab("relation"), True), "instrument": Field(slug), "since": Field(date),
        "scope": Field(text), **CITED,
    },
    "retired": {
        "iri": Field(id_path, True), "replaced_by": Field(id_paths), "reason": Field(text, True), "date": Field(date, True),
    },
    "jurisdiction": {
        "code": Field(code, True), "kind": Field(one_of(jurisdiction_kinds, "jurisdiction kind"), True),
        "labels": Field(labels, True), "part_of": Field(code), "wikidata": Field(qid), **CITED,
    },
}

# nested lists/records inside a record: field -> (record type, is list)
NESTED = {
    "instrument": {"parties": ("party", True), "principles": ("principle", True),
                   "provisions": ("provision", True), "proposals": ("proposal", True)},
    "organisation": {"members": ("member", True)},
    "regime": {"authority": ("authority", False), "mechanisms": ("mechanism", True)},
    "mechanism": {"legal_basis": ("legal_basis", False)},
}

SECTIONS = {
    "instruments": "instrument", "organisations": "organisation", "regimes": "regime",
    "recognitions": "recognition", "correspondences": "correspondence", "jurisdictions": "jurisdiction",
    "retired": "retired",
}


class Checker:
    """Checks one parsed file; collects problems; returns the normalised document."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[SourceProblem] = []

    def problem(self, line: int, field: str, message: str) -> None:
        self.problems.append(SourceProblem(self.display, line, field, message))

    def document(self, data: LocatedDict) -> dict:
        out: dict = {"sources": {}}
        for key in data:
            if key != "sources" and key not in SECTIONS:
                self.problem(data.line_of(key), key, f"unknown section (expected sources, {', '.join(SECTIONS)})")
        sources = data.get("sources")
        if set(data) == {"retired"}:
            pass  # retirements are editorial decisions, not cited facts: no `sources:` table needed
        elif not isinstance(sources, dict) or not sources:
            self.problem(data.line_of("sources"), "sources", "every file needs a non-empty `sources:` table")
        else:
            for key, entry in sources.items():
                if not SLUG.match(str(key)):
                    self.problem(sources.line_of(key), f"sources.{key}", "source keys are slugs")
                out["sources"][str(key)] = self.record("source", entry, f"sources.{key}", sources.line_of(key))
        for section, record_type in SECTIONS.items():
            items = data.get(section)
            if items is None:
                continue
            if not isinstance(items, LocatedList):
                self.problem(data.line_of(section), section, "expected a list")
                continue
            out[section] = [
                self.record(record_type, item, f"{section}[{i}]", items.line_of(i)) for i, item in enumerate(items)
            ]
        self.check_source_keys(out)
        return out

    def record(self, record_type: str, data: Any, where: str, line: int) -> dict:
        spec = RECORDS[record_type]
        if not isinstance(data, LocatedDict):
            self.problem(line, where, f"expected a mapping ({record_type})")
            return {"_line": line}
        out: dict = {"_line": data.line}
        for key in data:
            if key not in spec:
                self.problem(data.line_of(key), f"{where}.{key}", f"unknown field for {record_type} (allowed: {', '.join(spec)})")
        for name, fld in spec.items():
            if name not in data or data[name] is None:
                if fld.required:
                    self.problem(data.line, f"{where}.{name}", "required field is missing")
                continue
            nested = NESTED.get(record_type, {}).get(name)
            value = data[name]
            field_line = data.line_of(name)
            if nested:
                sub_type, many = nested
                if many:
                    if not isinstance(value, LocatedList):
                        self.problem(field_line, f"{where}.{name}", "expected a list")
                        continue
                    out[name] = [self.record(sub_type, v, f"{where}.{name}[{i}]", value.line_of(i)) for i, v in enumerate(value)]
                else:
                    out[name] = self.record(sub_type, value, f"{where}.{name}", field_line)
                continue
            try:
                out[name] = fld.check(value)
            except Invalid as exc:
                self.problem(field_line, f"{where}.{name}", str(exc))
        out["_line_of"] = {k: data.line_of(k) for k in data}
        if record_type == "regime" and ("jurisdiction" in out) == ("organisation" in out):
            self.problem(data.line, f"{where}.jurisdiction", "a regime has either a jurisdiction (domestic) or an organisation (international system), not both or neither")
        if out.get("verified") is False and "note" not in out:
            self.problem(data.line, f"{where}.verified", "an unverified fact needs a `note:` saying why")
        return out

    def check_source_keys(self, doc: dict) -> None:
        known = set(doc["sources"])

        def walk(node: Any, where: str) -> None:
            if isinstance(node, dict):
                if "source" in node and isinstance(node.get("source"), str) and node["source"] not in known:
                    line = node.get("_line_of", {}).get("source", node.get("_line", 0))
                    self.problem(line, f"{where}.source", f"{node['source']!r} is not a key of this file's `sources:`")
                for key, value in node.items():
                    if not key.startswith("_") and key != "sources":
                        walk(value, f"{where}.{key}" if where else key)
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    walk(value, f"{where}[{i}]")

        walk({k: v for k, v in doc.items() if k != "sources"}, "")
