"""The query catalogue: named SPARQL queries in queries/*.rq with a metadata header, and safe binding.

Header (comment lines at the top of the file)::

    # title: Instruments
    # question: Which instruments does the graph hold …?
    # param: kind slug optional — instrument kind, e.g. trade-agreement
    # param: on date optional default=today — the day to evaluate
    # columns: instrument, slug, label, …

Parameters are bound with a VALUES block placed at the top of every group graph pattern, each value
checked against its type and serialised as an RDF term with escaping — never pasted into the text.
A parameter NAME is bound to the variable ``?param_NAME`` (so it never clashes with a result column
of the same name); an absent optional parameter is UNDEF, which queries test with ``BOUND()``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .namespaces import sparql_prologue
from .resources import package_dir

PARAM_TYPES = {
    "string": re.compile(r"^.{1,500}$", re.S),
    "slug": re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
    "code": re.compile(r"^[A-Z]{2,3}(?:-[A-Z0-9]{2,6})?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "iri": re.compile(r"^https?://[^\s<>\"{}|\\^`]+$"),
    "ref": re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|[A-Z]{2,3}(?:-[A-Z0-9]{2,6})?)$"),
}


class QueryError(ValueError):
    """A bad query name or parameter (exit code 2)."""


@dataclass
class Param:
    name: str
    type: str
    optional: bool
    default: str | None
    description: str


@dataclass
class NamedQuery:
    name: str
    path: Path
    title: str = ""
    question: str = ""
    columns: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


HEADER = re.compile(r"^#\s*(title|question|param|columns)\s*:\s*(.*)$")
PARAM = re.compile(r"^(?P<name>[a-z_]+)\s+(?P<type>\w+)(?P<opt>\s+optional)?(?:\s+default=(?P<default>\S+))?\s*(?:—|--|-)?\s*(?P<desc>.*)$")


def parse_header(path: Path) -> NamedQuery:
    query = NamedQuery(path.stem, path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            query.title = value.strip()
        elif key == "question":
            query.question = (query.question + " " + value.strip()).strip()
        elif key == "columns":
            query.columns = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "param":
            m = PARAM.match(value.strip())
            if not m or m["type"] not in PARAM_TYPES:
                raise QueryError(f"{path}: malformed param header: {value!r}")
            query.params.append(Param(m["name"], m["type"], bool(m["opt"]), m["default"], m["desc"].strip()))
    return query


def catalogue(directory: Path | None = None) -> dict[str, NamedQuery]:
    folder = directory or package_dir("queries")
    return {p.stem: parse_header(p) for p in sorted(folder.glob("*.rq")) if not p.stem.endswith("-violation")}


def resolve(name_or_file: str) -> NamedQuery:
    candidate = Path(name_or_file)
    if name_or_file.endswith(".rq") and candidate.is_file():
        return parse_header(candidate)
    queries = catalogue()
    if name_or_file not in queries:
        raise QueryError(f"unknown query {name_or_file!r}; known: {', '.join(queries)}")
    return queries[name_or_file]


def term(param: Param, value: str):
    if not PARAM_TYPES[param.type].match(value):
        raise QueryError(f"parameter {param.name}: {value!r} is not a valid {param.type}")
    if param.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise QueryError(f"parameter {param.name}: {value!r} is not a valid date ({exc})") from None
        return Literal(value, datatype=XSD.date)
    if param.type == "iri":
        return URIRef(value)
    return Literal(value)


def values_block(bindings: dict[str, object]) -> str:
    """A one-row VALUES block; each value is an rdflib term (or None for UNDEF), written with n3() escaping."""
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join("UNDEF" if term is None else term.n3() for term in bindings.values())
    return f"VALUES ({names}) {{ ({values}) }}"


def python_term(value):
    """An rdflib term for a Python value given to ``sparql(text, **bindings)``."""
    if value is None or isinstance(value, (Literal, URIRef)):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, (int, float)):
        return Literal(value)
    if isinstance(value, str):
        return Literal(value)
    raise QueryError(f"cannot bind a {type(value).__name__}; use str, int, float, bool, datetime.date or an rdflib term")


def bind_text(text: str, bindings: dict[str, object]) -> str:
    """Bind variables of an arbitrary SPARQL text (``?name`` ← value) safely."""
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    if not bindings:
        return sparql_prologue() + text
    bound, count = inject_values(text, values_block({k: python_term(v) for k, v in bindings.items()}))
    if not count:
        raise QueryError("a query with bindings needs a WHERE clause")
    return sparql_prologue() + bound


def bind(query: NamedQuery, given: dict[str, str], today: dt.date | None = None) -> str:
    """The query text with its parameters bound by a VALUES block (UNDEF for absent optionals)."""
    known = {p.name for p in query.params}
    unknown = sorted(set(given) - known)
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)} (it takes: {', '.join(sorted(known)) or 'none'})")
    text = query.text
    if not query.params:
        return sparql_prologue() + text
    terms: dict[str, object] = {}
    for param in query.params:
        value = given.get(param.name)
        if value is None and param.default == "today":
            value = (today or dt.date.today()).isoformat()
        elif value is None and param.default is not None:
            value = param.default
        if value is None and not param.optional:
            raise QueryError(f"query {query.name} needs parameter {param.name} ({param.description})")
        terms[f"param_{param.name}"] = None if value is None else term(param, value)
    bound, count = inject_values(text, values_block(terms))
    if not count:
        raise QueryError(f"{query.path}: a parameterised query needs a WHERE clause")
    return sparql_prologue() + bound


TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*) | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*') | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+) | (?P<word>[A-Za-z_][\w:.-]*) | (?P<punct>\S)
""", re.X)
GROUP_OPENERS = {"WHERE", "UNION", "OPTIONAL", "MINUS", "EXISTS", "{", "}", "."}


def inject_values(text: str, block: str) -> tuple[str, int]:
    """Put ``block`` at the start of every group graph pattern of the query.

    SPARQL evaluates groups bottom-up: a FILTER inside a UNION branch, an OPTIONAL or a sub-SELECT
    does not see the outer group's VALUES. Repeating the (constant) bindings in each group gives every
    part of the query the parameters. Data blocks (``VALUES ?x {…}``) and sub-SELECT braces are left alone.
    """
    tokens = [(m.lastgroup, m.group(), m.start(), m.end()) for m in TOKEN.finditer(text) if m.lastgroup != "comment"]
    inserts = []
    for i, (kind, value, _start, end) in enumerate(tokens):
        if value != "{" or kind != "punct":
            continue
        prev = tokens[i - 1][1].upper() if i >= 1 else ""
        prev2 = tokens[i - 2][1].upper() if i >= 2 else ""
        following = tokens[i + 1][1].upper() if i + 1 < len(tokens) else ""
        opens_group = prev in GROUP_OPENERS or prev2 in ("GRAPH", "SERVICE")
        if opens_group and following != "SELECT":
            inserts.append(end)
    out, last = [], 0
    for position in inserts:
        out += [text[last:position], "\n  ", block, "\n"]
        last = position
    out.append(text[last:])
    has_where = any(t[1].upper() == "WHERE" for t in tokens)
    return "".join(out), len(inserts) if has_where else 0
