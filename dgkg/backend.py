"""Where queries run: the embedded store (pyoxigraph) or any SPARQL 1.1 endpoint (SPARQLWrapper).

The same bound query text goes to both. A remote endpoint must expose the union of the dataset's
graphs as its default graph (Oxigraph: ``serve --union-default-graph``; Virtuoso does by default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .results import Rows, run_select
from .store import cached_store, shipped_store

XSD = "http://www.w3.org/2001/XMLSchema#"


class EndpointError(RuntimeError):
    """The remote endpoint failed, timed out or answered something that is not SPARQL results."""


def json_value(binding: dict | None):
    """Typed Python value of one SPARQL 1.1 JSON results binding (same typing as the embedded store)."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return value
    if kind == "bnode":
        return f"_:{value}"
    datatype = binding.get("datatype", "")
    try:
        if datatype == XSD + "date":
            return dt.date.fromisoformat(value)
        if datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
            return int(value)
        if datatype == XSD + "boolean":
            return value in ("true", "1")
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(value)
    except ValueError:
        return value
    return value


@dataclass
class Embedded:
    graph_file: Path | None = None

    def select(self, text: str) -> Rows:
        return run_select(cached_store(self.graph_file) if self.graph_file else shipped_store(), text)

    def describe(self) -> str:
        return str(self.graph_file) if self.graph_file else "the graph shipped with dgkg"


@dataclass
class Remote:
    endpoint: str
    timeout: float = 30.0
    user: str | None = None
    password: str | None = None

    def select(self, text: str) -> Rows:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint)
        # SPARQLWrapper guesses the query form from the text; words in comments ("addenda" -> ADD) mislead it
        client.setQuery("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        if self.user:
            client.setCredentials(self.user, self.password or "")
        try:
            data = client.queryAndConvert()
        except (SPARQLWrapperException, OSError, ValueError) as exc:
            raise EndpointError(f"{self.endpoint}: {exc}") from None
        if not isinstance(data, dict) or "head" not in data:
            raise EndpointError(f"{self.endpoint}: the answer is not SPARQL JSON results")
        columns = data["head"].get("vars", [])
        rows = [{c: json_value(b.get(c)) for c in columns} for b in data.get("results", {}).get("bindings", [])]
        return Rows(columns, rows)

    def describe(self) -> str:
        return self.endpoint


def backend(endpoint: str | None = None, graph_file: Path | None = None, timeout: float = 30.0):
    return Remote(endpoint, timeout) if endpoint else Embedded(graph_file)
