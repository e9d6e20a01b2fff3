"""``dgkg serve``: a read-only SPARQL 1.1 Protocol endpoint with a query page, dereferenceable IRIs,
ontology documentation and the recognition matrix — built for the open internet.

Safety (docs/serving.md): read-only (updates refused), no outbound access (SERVICE refused; FROM /
FROM NAMED only for the dataset's own named graphs; JSON-LD output never uses remote contexts), a
per-query time limit enforced by killing the worker process, a result-row cap with an explicit
truncation signal, a request-size limit, clear 400/403/405/406/413/414/503 errors without stack
traces, loopback by default, and a CORS policy of `*` for GET/POST on /sparql only (the data is public
and the endpoint read-only; no credentials are accepted).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import mimetypes
import re
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from . import __version__
from .api import KnowledgeGraph
from .catalogue import TOKEN, bind, catalogue
from .docs import EXAMPLES
from .namespaces import BASE, PREFIXES
from .pages import entity_page, index_page, matrix_page, network_page, ontology_page
from .querypool import QueryBusy, QueryFailed, QueryPool, QueryTimeout
from .resources import ontology_graph, package_dir
from .sparql_results import GRAPH_TYPES, SELECT_TYPES, negotiate, serialize_graph, serialize_select
from .store import cached_store
from .terms import to_rdflib

log = logging.getLogger("dgkg.serve")
RDF_OFFERS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD, "application/n-triples": ox.RdfFormat.N_TRIPLES}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMAT_PARAM = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples", "html": "text/html"}


@dataclass
class Limits:
    time_limit: float = 10.0
    max_rows: int = 10_000
    max_request_bytes: int = 64 * 1024
    workers: int = 2


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def check_query(text: str, graph_names: set[str]) -> None:
    """Refuse what would reach outside the dataset: SERVICE, and FROM / FROM NAMED on other IRIs."""
    tokens = [m for m in TOKEN.finditer(text) if m.lastgroup != "comment"]
    for i, match in enumerate(tokens):
        word = match.group().upper()
        if match.lastgroup == "word" and word == "SERVICE":
            raise HttpError(400, "SERVICE (federated query) is not allowed on this endpoint: it never makes outbound requests")
        if match.lastgroup == "word" and word == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j].group().upper() == "NAMED":
                j += 1
            target = tokens[j].group() if j < len(tokens) else ""
            iri = target[1:-1] if target.startswith("<") else target
            if iri not in graph_names:
                raise HttpError(400, f"FROM / FROM NAMED may only name this dataset's graphs (see /void); not {target!r}")


class App:
    """Everything the request handler needs; one per server."""

    def __init__(self, graph_file: Path, limits: Limits):
        self.graph_file, self.limits = graph_file, limits
        self.store = cached_store(graph_file)
        self.graph_names = {g.value for g in self.store.named_graphs()}
        self.kg = KnowledgeGraph(graph_file)
        self.pool = QueryPool(str(graph_file), limits.workers, limits.time_limit, limits.max_rows)
        self.static = package_dir("web") / "static"
        self.networks: dict[dt.date, bytes] = {}

    def close(self) -> None:
        self.pool.close()

    # -------------------------------------------------------------- SPARQL protocol
    def sparql(self, query: str, accept: str | None) -> tuple[int, str, bytes, dict]:
        check_query(query, self.graph_names)
        form = self.query_form(query)
        if form == "graph":
            media = negotiate(accept, list(GRAPH_TYPES), "text/turtle")
        else:
            media = negotiate(accept, list(SELECT_TYPES), "application/sparql-results+json")
        if media is None:
            raise HttpError(406, "no acceptable format: SELECT/ASK give application/sparql-results+json|+xml, text/csv, "
                                 "text/tab-separated-values; CONSTRUCT/DESCRIBE give text/turtle, application/ld+json, application/n-triples")
        try:
            result = self.pool.run(query)
        except QueryTimeout as exc:
            raise HttpError(503, str(exc)) from None
        except QueryBusy as exc:
            raise HttpError(503, str(exc)) from None
        except QueryFailed as exc:
            raise HttpError(400, f"query failed: {exc}") from None
        headers = {}
        if result.truncated:
            headers["X-DGKG-Truncated"] = f"results capped at {self.limits.max_rows} rows"
        if result.form == "graph":
            fmt = GRAPH_TYPES.get(media, ox.RdfFormat.TURTLE)
            body = serialize_graph(result, fmt, PREFIXES)
            return 200, (media if media != "text/plain" else "application/n-triples"), body, headers
        kind = SELECT_TYPES[media]
        content_type = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv", "tsv": "text/tab-separated-values"}[kind]
        return 200, content_type, serialize_select(result, kind), headers

    @staticmethod
    def query_form(query: str) -> str:
        for match in TOKEN.finditer(query):
            if match.lastgroup == "word" and match.group().upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                return "graph" if match.group().upper() in ("CONSTRUCT", "DESCRIBE") else "select"
        return "select"

    def service_description(self) -> bytes:
        return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
[] a sd:Service ;
   sd:endpoint <{BASE}sparql> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:feature sd:UnionDefaultGraph ;
   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> , <http://www.w3.org/ns/formats/SPARQL_Results_XML> ,
       <http://www.w3.org/ns/formats/SPARQL_Results_CSV> , <http://www.w3.org/ns/formats/SPARQL_Results_TSV> ,
       <http://www.w3.org/ns/formats/Turtle> , <http://www.w3.org/ns/formats/JSON-LD> , <http://www.w3.org/ns/formats/N-Triples> ;
   sd:defaultDataset [ a sd:Dataset , void:Dataset ; void:sparqlEndpoint <{BASE}sparql> ] .
""".encode()

    # -------------------------------------------------------------- linked data
    def describe(self, iri: str) -> tuple[Graph, list[tuple]]:
        """The entity's own triples, and the fact nodes that point to it (with their properties)."""
        subject = ox.NamedNode(iri)
        graph = Graph()
        for quad in self.store.quads_for_pattern(subject, None, None):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        incoming = []
        seen = set()
        for quad in self.store.quads_for_pattern(None, None, subject):
            fact = quad.subject
            if not isinstance(fact, ox.NamedNode) or (fact.value, quad.predicate.value) in seen:
                continue
            seen.add((fact.value, quad.predicate.value))
            types = [q.object.value for q in self.store.quads_for_pattern(fact, ox.NamedNode(RDF_TYPE), None)]
            props = sorted({(q.predicate.value, to_rdflib(q.object)) for q in self.store.quads_for_pattern(fact, None, None)
                            if q.predicate.value != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}, key=lambda po: (po[0], str(po[1])))
            incoming.append((fact.value, types[0] if types else "", quad.predicate.value, props))
        return graph, incoming

    def labels(self, iris: set[str]) -> dict[str, str]:
        out = {}
        for iri in iris:
            if not iri.startswith("http"):
                continue
            node = ox.NamedNode(iri)
            best = None
            for quad in self.store.quads_for_pattern(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None):
                if quad.object.language == "en" or best is None:
                    best = quad.object.value
            for quad in self.store.quads_for_pattern(node, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None):
                if best is None and quad.object.language == "en":
                    best = quad.object.value
            if best:
                out[iri] = best
        return out

    def entity(self, iri: str, accept: str | None) -> tuple[int, str, bytes]:
        graph, incoming = self.describe(iri)
        if not len(graph) and not incoming:
            raise HttpError(404, f"nothing is known about {iri}")
        media = negotiate(accept, ["text/html", *RDF_OFFERS], "text/turtle")
        if media is None:
            raise HttpError(406, "no acceptable format: text/html, text/turtle, application/ld+json, application/n-triples")
        if media != "text/html":
            data = [ox.Triple(ox.NamedNode(str(s)), ox.NamedNode(str(p)), self.ox_term(o)) for s, p, o in sorted(graph)]
            fmt = RDF_OFFERS[media]
            body = ox.serialize(data, format=fmt, prefixes=PREFIXES) if fmt == ox.RdfFormat.TURTLE else ox.serialize(data, format=fmt)
            return 200, media, body
        iris = {str(o) for o in graph.objects()} | {str(p) for p in graph.predicates()}
        for _fact, fact_type, role, props in incoming:
            iris |= {str(o) for _, o in props if isinstance(o, URIRef)} | {fact_type, role}
        timeline = []
        code = graph.value(URIRef(iri), URIRef(BASE + "ontology#code")) or graph.value(URIRef(iri), URIRef(BASE + "ontology#identifier"))
        if code is not None and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|[A-Z]{2,3}(?:-[A-Z0-9]{2,6})?", str(code)):
            timeline = self.kg.query("timeline", subject=str(code)).rows
        return 200, "text/html; charset=utf-8", entity_page(iri, graph, incoming, self.labels(iris), timeline)

    @staticmethod
    def ox_term(term):
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
        return ox.NamedNode(str(term))

    def ontology(self, accept: str | None) -> tuple[int, str, bytes]:
        media = negotiate(accept, ["text/html", "text/turtle"], "text/turtle")
        if media is None:
            raise HttpError(406, "no acceptable format: text/html, text/turtle")
        if media == "text/turtle":
            return 200, "text/turtle", (package_dir("ontology") / "dgkg.ttl").read_bytes()
        return 200, "text/html; charset=utf-8", ontology_page(ontology_graph())

    def matrix(self, on: str) -> bytes:
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            raise HttpError(400, f"on: {on!r} is not a date YYYY-MM-DD") from None
        everything = self.kg.query("recognitions").rows
        in_force = {r["recognition"] for r in self.kg.query("recognitions", on=day.isoformat()).rows}
        rows = [{**r, "in_force": r["recognition"] in in_force} for r in everything if r["valid_from"] and r["valid_from"] <= day]
        return matrix_page(rows, day.isoformat())

    def network(self, on: str) -> bytes:
        """Instruments and their parties as a network picture (SVG inline), cached per day."""
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            raise HttpError(400, f"on: {on!r} is not a date YYYY-MM-DD") from None
        if day not in self.networks:
            from .plot import plot_network

            svg = plot_network(self.kg, day, "svg").decode()
            self.networks[day] = network_page(svg[svg.index("<svg"):], day.isoformat())
        return self.networks[day]

    def catalogue_json(self) -> bytes:
        return json.dumps([{"name": q.name, "question": q.question, "title": q.title,
                            "example": bind(q, EXAMPLES.get(q.name, {}))} for q in catalogue().values()], ensure_ascii=False).encode()


class Handler(BaseHTTPRequestHandler):
    server_version = f"dgkg/{__version__}"
    app: App  # set on the subclass by make_server

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - BaseHTTPRequestHandler's signature
        log.info("%s %s", self.address_string(), format % args)

    # ------------------------------------------------------------------ plumbing
    def send(self, status: int, content_type: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.path.startswith("/sparql"):
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Vary", "Accept")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def fail(self, status: int, message: str) -> None:
        self.send(status, "text/plain; charset=utf-8", (f"{status} {HTTPStatus(status).phrase}: {message}\n").encode())

    def handle_safely(self, work) -> None:
        try:
            work()
        except HttpError as exc:
            self.fail(exc.status, exc.message)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # noqa: BLE001 - never a stack trace to the client
            log.exception("internal error on %s", self.path)
            self.fail(500, "internal error")

    def url(self) -> tuple[str, dict[str, list[str]]]:
        if len(self.path) > 8192:
            raise HttpError(414, "request URI too long")
        parsed = urllib.parse.urlsplit(self.path)
        return parsed.path, urllib.parse.parse_qs(parsed.query, keep_blank_values=True)

    def body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.app.limits.max_request_bytes:
            raise HttpError(413, f"request body over {self.app.limits.max_request_bytes} bytes")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise HttpError(411, "send a Content-Length (chunked requests are not accepted)")
        return self.rfile.read(length) if length else b""

    # ------------------------------------------------------------------ methods
    def do_GET(self) -> None:  # noqa: N802
        self.handle_safely(self.get)

    def do_HEAD(self) -> None:  # noqa: N802
        self.handle_safely(self.get)

    def do_POST(self) -> None:  # noqa: N802
        self.handle_safely(self.post)

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.send_response(204)
        if self.path.startswith("/sparql"):
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        self.end_headers()

    def refuse(self) -> None:
        self.handle_safely(lambda: (_ for _ in ()).throw(HttpError(405, "this server is read-only")))

    do_PUT = do_DELETE = do_PATCH = refuse  # noqa: N815

    def get(self) -> None:
        path, params = self.url()
        accept = self.headers.get("Accept")
        if path == "/sparql":
            if "update" in params:
                raise HttpError(403, "updates are not allowed: this endpoint is read-only")
            queries = params.get("query")
            if not queries:
                self.send(200, "text/turtle", self.app.service_description())
                return
            if len(queries) != 1:
                raise HttpError(400, "exactly one query parameter is allowed")
            self.send(*self.app.sparql(queries[0], accept))
        elif path == "/":
            self.send(200, "text/html; charset=utf-8", index_page())
        elif path == "/api/queries":
            self.send(200, "application/json", self.app.catalogue_json())
        elif path.startswith("/static/"):
            self.static_file(path[len("/static/"):])
        elif path.startswith("/id/"):
            forced = FORMAT_PARAM.get((params.get("format") or [""])[0])
            self.send(*self.app.entity(BASE + path[1:], forced or accept))
        elif path in ("/ontology", "/ontology/"):
            forced = FORMAT_PARAM.get((params.get("format") or [""])[0])
            self.send(*self.app.ontology(forced or accept))
        elif path == "/matrix":
            self.send(200, "text/html; charset=utf-8", self.app.matrix((params.get("on") or [dt.date.today().isoformat()])[0]))
        elif path == "/network":
            self.send(200, "text/html; charset=utf-8", self.app.network((params.get("on") or [dt.date.today().isoformat()])[0]))
        elif path == "/void":
            self.send(200, "text/turtle", (self.app.graph_file.parent / "void.ttl").read_bytes())
        elif path == "/context.jsonld":
            self.send(200, "application/ld+json", (self.app.graph_file.parent / "context.jsonld").read_bytes())
        else:
            raise HttpError(404, f"no such page: {path}")

    def post(self) -> None:
        path, params = self.url()
        if path != "/sparql":
            raise HttpError(405, "POST is only for /sparql")
        body = self.body()
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise HttpError(403, "updates are not allowed: this endpoint is read-only")
        if content_type == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                raise HttpError(403, "updates are not allowed: this endpoint is read-only")
            queries = form.get("query")
            if not queries or len(queries) != 1:
                raise HttpError(400, "the form needs exactly one query field")
            query = queries[0]
        elif content_type == "application/sparql-query":
            query = body.decode("utf-8", "replace")
        else:
            raise HttpError(415, "POST application/x-www-form-urlencoded (query=…) or application/sparql-query")
        self.send(*self.app.sparql(query, self.headers.get("Accept")))

    def static_file(self, relative: str) -> None:
        root = self.app.static.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise HttpError(404, "no such file")
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send(200, media, target.read_bytes(), {"Cache-Control": "public, max-age=3600"})


def make_server(graph_file: Path, host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None) -> tuple[ThreadingHTTPServer, App]:
    app = App(graph_file, limits or Limits())
    handler = type("DgkgHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server, app
