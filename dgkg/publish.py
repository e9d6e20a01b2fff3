"""Publishing a release to a SPARQL 1.1 store: validate, stage, verify, then replace the live graphs.

1. **Gate.** A release that does not validate is refused before anything is sent: the TriG is checked
   against ``ontology/shapes.ttl`` (SHACL) and the violation queries; with a checkout, the checkout's
   sources are assembled and validated (``dgkg validate``) and the TriG must be exactly their build.
2. **Stage.** Each named graph is uploaded with the SPARQL 1.1 Graph Store Protocol (HTTP PUT of
   N-Triples, sent as ``text/turtle``) to a staging graph ``<live IRI>-staging-<token>``, where the
   token is random per run. The live graphs are not touched.
3. **Verify.** Each staging graph's triples are counted back through the SPARQL endpoint and compared
   with the local count. A store that merges literals (Virtuoso keeps typed values, so
   ``"1"^^xsd:integer`` and ``"1.0"^^xsd:decimal`` become one triple there) fails here.
4. **Replace.** Only when every staging graph is complete: one SPARQL Update request moves each staging
   graph onto its live graph (``MOVE GRAPH``) and drops the live graphs under the base IRI that the
   release no longer has. The live graphs are counted again afterwards.

Any failure before step 4 deletes the staging graphs and leaves the live graphs as they were. Step 4
is one request: Oxigraph and Fuseki apply it atomically; Virtuoso commits operation by operation, so
a failure *inside* it can leave some graphs replaced — publishing again converges (docs/publishing.md).
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from .namespaces import GRAPH
from .validate import Report, Violation

DEFAULT_BASE = str(GRAPH)
STAGING = re.compile(r"-staging-[0-9a-f]{12}$")
IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
TURTLE = "text/turtle; charset=utf-8"
RESULTS_JSON = "application/sparql-results+json"


class PublishError(RuntimeError):
    """Network, authentication, protocol or verification failure (exit code 2).

    ``live`` says what became of the live graphs: ``untouched``, ``unknown`` (the replacement request
    failed) or ``replaced`` (the check after the replacement failed).
    """

    def __init__(self, message: str, live: str = "untouched", unauthorised: bool = False):
        super().__init__(message)
        self.live = live
        self.unauthorised = unauthorised
        self.leftover: list[str] = []  # staging graphs that could not be deleted


class Refused(Exception):
    """The release does not validate: nothing was sent (exit code 1)."""

    def __init__(self, report: Report, reason: str = ""):
        self.report = report
        self.reason = reason
        super().__init__(reason or f"{len(report.violations)} violation(s)")


# ------------------------------------------------------------------------------------------- input
@dataclass
class LocalGraph:
    source: str  # graph IRI in the TriG
    live: str  # graph IRI in the store
    payload: bytes  # N-Triples
    count: int  # distinct triples


def endpoint_root(endpoint: str) -> str:
    """``http://host:port`` of an endpoint URL."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PublishError(f"{endpoint!r} is not an http(s) URL")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def default_gsp(endpoint: str) -> str:
    """Virtuoso's authenticated Graph Store endpoint next to its SPARQL endpoint."""
    return endpoint_root(endpoint) + "/sparql-graph-crud-auth"


def default_update(endpoint: str) -> str:
    """Virtuoso's authenticated SPARQL endpoint (queries and updates, digest auth)."""
    return endpoint_root(endpoint) + "/sparql-auth"


def check_base(base: str) -> str:
    parts = urlsplit(base)
    if not IRI.match(base) or not parts.netloc or parts.path in ("", "/"):
        raise PublishError(f"--graph {base!r}: the base of the published graphs must be an http(s) IRI with a path, e.g. {DEFAULT_BASE}")
    return base


def live_iri(source: str, base: str) -> str:
    if not source.startswith(DEFAULT_BASE):
        raise PublishError(f"graph <{source}> is not a dgkg graph (expected under <{DEFAULT_BASE}>)")
    live = base + source[len(DEFAULT_BASE):]
    if STAGING.search(live):
        raise PublishError(f"graph <{source}> has a staging name; rename it")
    return live


def read_release(graph_file: Path, base: str = DEFAULT_BASE) -> list[LocalGraph]:
    """The named graphs of a TriG / N-Quads file, each as N-Triples with its triple count."""
    if not graph_file.is_file():
        raise PublishError(f"{graph_file}: no such file (run `dgkg build`, or give --graph-file)")
    fmt = ox.RdfFormat.from_extension(graph_file.suffix.lstrip(".")) or ox.RdfFormat.TRIG
    if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        raise PublishError(f"{graph_file}: publish needs a dataset with named graphs (TriG or N-Quads)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(graph_file), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise PublishError(f"{graph_file}: {exc}") from None
    by_graph: dict[str, list] = defaultdict(list)
    default = 0
    blank_graphs: dict[str, set[str]] = defaultdict(set)
    for quad in store:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            default += 1
            continue
        name = quad.graph_name.value
        by_graph[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                blank_graphs[term.value].add(name)
    if default:
        raise PublishError(f"{graph_file}: {default} triple(s) in the default graph; publish sends named graphs only")
    shared = sorted(b for b, graphs in blank_graphs.items() if len(graphs) > 1)
    if shared:
        raise PublishError(f"{graph_file}: blank node(s) shared between named graphs ({', '.join(shared[:3])}…): "
                           "the Graph Store Protocol cannot keep them one node")
    if not by_graph:
        raise PublishError(f"{graph_file}: no named graphs")
    check_base(base)
    out = []
    for name in sorted(by_graph):
        triples = by_graph[name]
        payload = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        out.append(LocalGraph(name, live_iri(name, base), payload, len(triples)))
    return out


# ---------------------------------------------------------------------------------------- the gate
def check_file(graph_file: Path) -> Report:
    """SHACL (ontology/shapes.ttl) and the violation queries over the union of a TriG's graphs."""
    from .store import load_store, union_graph
    from .terms import to_rdflib
    from .validate import run_shacl, run_violation_queries, subject_graph_index

    try:
        store = load_store(graph_file)
    except (SyntaxError, ValueError, OSError) as exc:
        raise PublishError(f"{graph_file}: {exc}") from None
    index = subject_graph_index((to_rdflib(q.subject), None, None, to_rdflib(q.graph_name)) for q in store)
    violations = run_shacl(union_graph(store), index)
    violations += run_violation_queries(store, index)
    return Report(sorted(set(violations)))


def stale_graphs(graph_file: Path, built: bytes) -> list[str]:
    """Named graphs that differ between the TriG and a fresh rendering of the checkout (isomorphism)."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from .terms import to_rdflib

    def graphs(quads) -> dict[str, Graph]:
        out: dict[str, Graph] = defaultdict(Graph)
        for q in quads:
            out[str(to_rdflib(q.graph_name))].add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return out

    mine = graphs(ox.parse(path=str(graph_file), format=ox.RdfFormat.TRIG))
    fresh = graphs(ox.parse(built, format=ox.RdfFormat.TRIG))
    names = sorted(set(mine) | set(fresh))
    return [n for n in names if n not in mine or n not in fresh or not isomorphic(mine[n], fresh[n])]


def gate(graph_file: Path, checkout: Path | None, step: Callable[[str], None] = lambda s: None) -> None:
    """Raise Refused unless the release validates (and, with a checkout, is the checkout's build)."""
    if checkout is None:
        step("validating the TriG (SHACL shapes, violation queries)")
        report = check_file(graph_file)
        if not report.conforms:
            raise Refused(report, f"{graph_file} does not validate")
        return
    from .build import assemble
    from .errors import BuildError, SourceError
    from .release import render_release
    from .validate import validate_dataset

    step(f"assembling and validating the checkout {checkout}")
    try:
        dataset = assemble(checkout)
    except SourceError as exc:
        raise Refused(Report([Violation(p.file, p.field, "", f"line {p.line}: {p.message}", "source schema") for p in exc.problems]),
                      f"the sources of {checkout} do not load") from None
    except BuildError as exc:
        raise Refused(Report(), f"the checkout {checkout} does not build: {exc}") from None
    report = validate_dataset(dataset)
    if not report.conforms:
        raise Refused(report, f"the checkout {checkout} does not validate")
    step("checking the TriG is the checkout's build")
    built = render_release(dataset)["dgkg.trig"]
    if graph_file.read_bytes() != built:
        stale = stale_graphs(graph_file, built)
        if stale:
            shown = ", ".join(s.removeprefix(DEFAULT_BASE) for s in stale[:5]) + (" …" if len(stale) > 5 else "")
            raise Refused(Report(), f"{graph_file} is not the build of {checkout} ({len(stale)} graph(s) differ: {shown}); run `dgkg build`")


# ------------------------------------------------------------------------------------- the store
@dataclass
class Store:
    """The three services of a SPARQL 1.1 store: query, update and Graph Store Protocol."""

    endpoint: str
    gsp: str
    update_endpoint: str
    user: str | None = None
    password: str | None = None
    auth_scheme: str = "digest"
    timeout: float = 60.0
    session: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        import requests
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        for url in (self.endpoint, self.gsp, self.update_endpoint):
            endpoint_root(url)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "dgkg-publish"
        if self.user:
            cls = HTTPDigestAuth if self.auth_scheme == "digest" else HTTPBasicAuth
            self.auth = cls(self.user, self.password or "")
        else:
            self.auth = None

    def _request(self, method: str, url: str, what: str, ok=(200, 201, 204), **kwargs):
        import requests

        try:
            response = self.session.request(method, url, auth=self.auth, timeout=self.timeout, **kwargs)
        except requests.Timeout:
            raise PublishError(f"{what}: no answer from {url} within {self.timeout:g}s") from None
        except requests.RequestException as exc:
            raise PublishError(f"{what}: {url}: {exc.__class__.__name__}: {short(str(exc))}") from None
        if response.status_code in (401, 403):
            who = f"user {self.user!r}" if self.user else "no user (give --user and --password)"
            raise PublishError(f"{what}: {url} refused the credentials ({response.status_code}; {who})", unauthorised=True)
        if response.status_code not in ok:
            raise PublishError(f"{what}: {url} answered {response.status_code}: {short(text_of(response))}")
        return response

    def select(self, text: str, what: str) -> list[dict]:
        response = self._request("POST", self.endpoint, what, ok=(200,), data={"query": text}, headers={"Accept": RESULTS_JSON})
        try:
            return response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise PublishError(f"{what}: {self.endpoint} did not answer SPARQL JSON results: {short(response.text)}") from None

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", f"counting <{graph}>")
        try:
            return int(rows[0]["n"]["value"])
        except (IndexError, KeyError, ValueError):
            raise PublishError(f"counting <{graph}>: unexpected answer {rows!r:.200}") from None

    def graphs_under(self, base: str) -> set[str]:
        rows = self.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{escape(base)}")) }}',
                           "listing the published graphs")
        return {r["g"]["value"] for r in rows if r.get("g", {}).get("type") == "uri"}

    def update(self, text: str, what: str) -> None:
        self._request("POST", self.update_endpoint, what, data={"update": text}, headers={"Accept": f"{RESULTS_JSON}, */*;q=0.5"})

    def put(self, graph: str, payload: bytes) -> None:
        self._request("PUT", self.gsp, f"uploading <{graph}>", params={"graph": graph}, data=payload, headers={"Content-Type": TURTLE})

    def delete(self, graph: str) -> None:
        self._request("DELETE", self.gsp, f"deleting <{graph}>", ok=(200, 202, 204, 404), params={"graph": graph})


def short(text: str, limit: int = 300) -> str:
    return re.sub(r"\s+", " ", text).strip()[:limit]


def text_of(response) -> str:
    body = response.text or response.reason or ""
    return re.sub(r"<[^>]+>", " ", body) if "html" in response.headers.get("Content-Type", "") else body


def escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


# ------------------------------------------------------------------------------------ publishing
@dataclass
class Outcome:
    graphs: int = 0
    triples: int = 0
    dropped: list[str] = field(default_factory=list)
    stale_staging: list[str] = field(default_factory=list)


class Progress:
    """What publish reports as it goes; the command shows it with rich."""

    def phase(self, name: str, total: int | None = None) -> None: ...
    def advance(self, detail: str = "") -> None: ...
    def note(self, message: str) -> None: ...


def staging_iri(live: str, token: str) -> str:
    return f"{live}-staging-{token}"


def publish(graphs: list[LocalGraph], store: Store, base: str = DEFAULT_BASE, progress: Progress | None = None,
            token: str | None = None) -> Outcome:
    """Stage, verify and replace. Raises PublishError; the live graphs change only in the last step."""
    progress = progress or Progress()
    token = token or secrets.token_hex(6)
    if not re.fullmatch(r"[0-9a-f]{12}", token):
        raise PublishError("the staging token must be 12 lowercase hex digits")
    check_base(base)
    staged: list[str] = []  # staging graphs that may exist on the server
    outcome = Outcome()
    state = "untouched"  # the live graphs
    try:
        progress.phase("checking write access")
        # an update that writes nothing: fails on bad credentials or a read-only endpoint, before any upload
        store.update(f"DROP SILENT GRAPH <{staging_iri(base + 'publish-probe', token)}>", "checking write access (SPARQL Update)")
        existing = store.graphs_under(base)
        outcome.stale_staging = sorted(g for g in existing if STAGING.search(g))
        if outcome.stale_staging:
            progress.note(f"{len(outcome.stale_staging)} staging graph(s) of an earlier run are on the server (left alone)")

        progress.phase("uploading to staging graphs", len(graphs))
        for graph in graphs:
            target = staging_iri(graph.live, token)
            staged.append(target)
            try:
                store.put(target, graph.payload)
            except PublishError as exc:
                if exc.unauthorised:
                    staged.pop()  # refused before anything was written
                raise
            progress.advance(graph.live.removeprefix(base))

        progress.phase("verifying staging graphs", len(graphs))
        for graph in graphs:
            got = store.count(staging_iri(graph.live, token))
            if got != graph.count:
                raise PublishError(f"verification failed: staging graph for <{graph.live}> holds {got} triple(s), "
                                   f"the release has {graph.count}")
            progress.advance(graph.live.removeprefix(base))

        live = {g.live for g in graphs}
        outcome.dropped = sorted(g for g in existing if g not in live and not STAGING.search(g))
        progress.phase("replacing the live graphs")
        operations = [f"MOVE GRAPH <{staging_iri(g.live, token)}> TO <{g.live}>" for g in graphs]
        operations += [f"DROP SILENT GRAPH <{g}>" for g in outcome.dropped]
        state = "unknown"
        try:
            store.update(" ;\n".join(operations), "replacing the live graphs")
        except PublishError as exc:
            raise PublishError(f"{exc}\n(the upload was complete and verified, but the replacement request failed: on a store "
                               "that does not apply one update request atomically (Virtuoso) some live graphs may already be "
                               "the new ones — publish again to converge)", live="unknown") from None
        staged.clear()  # moved: nothing left to clean
        state = "replaced"

        progress.phase("verifying the live graphs", len(graphs))
        for graph in graphs:
            got = store.count(graph.live)
            if got != graph.count:
                raise PublishError(f"after the replacement, live graph <{graph.live}> holds {got} triple(s), "
                                   f"the release has {graph.count}", live="replaced")
            progress.advance(graph.live.removeprefix(base))
        outcome.graphs = len(graphs)
        outcome.triples = sum(g.count for g in graphs)
        return outcome
    except PublishError as exc:
        exc.leftover = cleanup(store, staged, progress)
        exc.live = state if exc.live == "untouched" else exc.live
        raise
    except KeyboardInterrupt:
        error = PublishError("interrupted", live=state)
        error.leftover = cleanup(store, staged, progress)
        raise error from None
    except Exception as exc:  # a bug must not leave staging graphs behind either
        error = PublishError(f"unexpected {exc.__class__.__name__}: {exc}", live=state)
        error.leftover = cleanup(store, staged, progress)
        raise error from exc


def cleanup(store: Store, staged: list[str], progress: Progress) -> list[str]:
    """Delete the staging graphs of a failed run; return those that could not be deleted."""
    if not staged:
        return []
    progress.phase("removing staging graphs", len(staged))
    left = []
    for graph in staged:
        try:
            store.delete(graph)
        except PublishError:
            left.append(graph)
        progress.advance()
    return left
