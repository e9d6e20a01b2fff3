"""`dgkg publish` against a real Virtuoso (Debian's virtuoso-opensource), started on free loopback
ports in a temporary folder by scripts/virtuoso.sh: the release is published through the Graph Store
Protocol, every catalogue query answers on Virtuoso what it answers on the embedded store, and a
failure midway (bad credentials, a graph the server rejects, a verification mismatch) or an invalid
build leaves the live graphs as they were, with no staging graph behind.

Without Virtuoso the module is skipped on a developer machine and fails in CI (CI=true), where
scripts/virtuoso.sh installs it."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import RDFS

from dgkg import publish as pub
from dgkg.api import KnowledgeGraph
from dgkg.catalogue import catalogue
from dgkg.commands.publish import command as publish_command
from dgkg.docs import EXAMPLES
from dgkg.namespaces import GRAPH
from dgkg.resources import ontology_graph

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "graphs" / "dgkg.trig"
SCRIPT = ROOT / "scripts" / "virtuoso.sh"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = str(GRAPH)
MARKER = "https://example.org/dgkg-publish-test/marker"
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")

# parameters beyond dgkg.docs.EXAMPLES: the cases where Virtuoso went wrong before the queries were
# rewritten (a one-day range, an instrument as subject, an EU member state, dates around a ruling …)
MORE_EXAMPLES = [
    ("instruments", {}), ("instruments", {"kind": "law"}),
    ("parties", {"instrument": "cptpp", "on": "2018-12-29"}), ("parties", {"instrument": "cptpp", "on": "2019-01-15"}),
    ("recognitions", {}), ("recognitions", {"recogniser": "EU", "on": "2020-07-17"}),
    ("mutual-recognition", {"on": "2020-07-16"}), ("mutual-recognition", {"on": "2021-06-28"}), ("mutual-recognition", {"on": "2025-06-01"}),
    ("transfer-routes", {"from": "FR", "to": "JP", "on": "2024-01-01"}), ("transfer-routes", {"from": "EU", "to": "US", "on": "2019-06-01"}),
    ("transfer-routes", {"from": "CN", "to": "SG", "on": "2025-01-01"}),
    ("shared-commitments", {"a": "DE", "b": "NZ", "on": "2025-01-01"}),
    ("provisions", {}), ("provisions", {"instrument": "rcep"}), ("principles", {}),
    ("timeline", {"subject": "cptpp"}), ("timeline", {"subject": "cn-pipl"}), ("timeline", {"subject": "EU"}),
    ("changes", {"from": "2020-07-16", "to": "2020-07-16"}), ("changes", {"from": "2000-01-01", "to": "2030-12-31"}),
    ("standards-recognition", {"regime": "apec"}), ("regime-profile", {"jurisdiction": "GB"}),
]


def free_ports(count: int) -> list[int]:
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


# --------------------------------------------------------------------------------------- the server
class Virtuoso:
    def __init__(self, folder: Path, http: int, sql: int, password: str):
        self.folder, self.http, self.sql, self.password = folder, http, sql, password
        self.endpoint = f"http://127.0.0.1:{http}/sparql"
        self.env = {**os.environ, "DGKG_VIRTUOSO_PASSWORD": password}

    def script(self, action: str, timeout: float = 900) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), action, str(self.folder), str(self.http), str(self.sql)],
                              env=self.env, capture_output=True, text=True, timeout=timeout)

    def select(self, text: str) -> list[dict]:
        response = requests.post(self.endpoint, data={"query": text}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
        response.raise_for_status()
        return response.json()["results"]["bindings"]

    def graphs(self) -> dict[str, int]:
        """Every graph under the dgkg base with its triple count (live and staging)."""
        rows = self.select(f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}")) }} GROUP BY ?g')
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}

    def staging(self) -> list[str]:
        return sorted(g for g in self.graphs() if pub.STAGING.search(g))

    def has_marker(self) -> bool:
        return bool(self.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{MARKER}> ?p ?o }} }} LIMIT 1"))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if shutil.which("virtuoso-t") is None and not IN_CI:
        pytest.skip("Virtuoso is not installed (scripts/virtuoso.sh start installs Debian's virtuoso-opensource)")
    http, sql = free_ports(2)
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), http, sql, "t-" + secrets.token_urlsafe(12))
    started = server.script("start")
    if started.returncode != 0:
        server.script("stop", timeout=60)
        pytest.fail(f"scripts/virtuoso.sh start failed ({started.returncode}):\n{started.stdout}\n{started.stderr}")
    yield server
    stopped = server.script("stop", timeout=120)
    assert stopped.returncode == 0, stopped.stderr


def run_publish(server: Virtuoso, *args: str, password: str | None = None):
    env = {"DGKG_PUBLISH_PASSWORD": server.password if password is None else password}
    return CliRunner().invoke(publish_command, ["--endpoint", server.endpoint, "--user", "dba", "--timeout", "120", *args], env=env)


@pytest.fixture(scope="module")
def published(virtuoso):
    result = run_publish(virtuoso, "--graph-file", str(RELEASE))
    assert result.exit_code == 0, result.output
    return virtuoso


def local_counts(path: Path = RELEASE) -> dict[str, int]:
    return {g.live: g.count for g in pub.read_release(path)}


def release_with(tmp_path: Path, name: str, extra: list[ox.Quad]) -> Path:
    """The release plus some quads, as a TriG file."""
    store = ox.Store()
    store.bulk_load(path=str(RELEASE), format=ox.RdfFormat.TRIG)
    store.extend(extra)
    target = tmp_path / name
    store.dump(output=str(target), format=ox.RdfFormat.TRIG)
    return target


def marker_quad(graph: str = BASE + "countries") -> ox.Quad:
    return ox.Quad(ox.NamedNode(MARKER), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal("marker"), ox.NamedNode(graph))


def assert_live_is_the_release(server: Virtuoso) -> None:
    assert server.graphs() == local_counts()
    assert not server.has_marker()


# ----------------------------------------------------------------------------------- the script
def test_script_is_idempotent_and_binds_loopback_only(virtuoso):
    again = virtuoso.script("start", timeout=120)
    assert again.returncode == 0, again.stderr
    assert "already running" in again.stderr and virtuoso.endpoint in again.stdout
    assert virtuoso.script("status", timeout=60).returncode == 0
    ini = (virtuoso.folder / "virtuoso.ini").read_text()
    assert f"ServerPort               = 127.0.0.1:{virtuoso.sql}" in ini
    assert f"ServerPort                  = 127.0.0.1:{virtuoso.http}" in ini
    assert f"DirsAllowed              = {virtuoso.folder.resolve()}" in ini
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if Path(table).exists():
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, port = local.rsplit(":", 1)
                if state == "0A" and int(port, 16) in (virtuoso.http, virtuoso.sql):
                    listening.append(address)
    assert listening and set(listening) == {"0100007F"}, listening  # 127.0.0.1 only


def test_anonymous_users_cannot_write(virtuoso):
    response = requests.post(virtuoso.endpoint, data={"update": f"DROP SILENT GRAPH <{BASE}countries>"}, timeout=30)
    assert response.status_code >= 400
    response = requests.put(virtuoso.endpoint.replace("/sparql", "/sparql-graph-crud-auth"), params={"graph": BASE + "x"},
                            data=b"", headers={"Content-Type": "text/turtle"}, timeout=30)
    assert response.status_code == 401


# ---------------------------------------------------------------------------- publishing the release
def test_publish_the_release(published):
    assert_live_is_the_release(published)
    assert published.staging() == []


def answers(rows) -> Counter:
    """Rows as a multiset, None dropped, each value with its Python type (a boolean is not 1)."""
    return Counter(tuple(sorted((k, type(v).__name__, v) for k, v in r.items() if v is not None)) for r in rows)


def test_examples_cover_the_catalogue():
    assert set(EXAMPLES) == set(catalogue())


@pytest.mark.parametrize("name, params", [(n, p) for n, p in EXAMPLES.items()] + MORE_EXAMPLES,
                         ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()) or "-")
def test_virtuoso_answers_equal_embedded(published, name, params):
    local = KnowledgeGraph(RELEASE).query(name, **params)
    remote = KnowledgeGraph(endpoint=published.endpoint, timeout=120).query(name, **params)
    assert remote.columns == local.columns
    if (name, params) in EXAMPLES.items():
        assert len(local) > 0, f"example for {name} should return rows"
    assert answers(remote) == answers(local)


def test_transfer_over_virtuoso(published):
    from dgkg.cli import main

    result = CliRunner().invoke(main, ["transfer", "EU", "US", "--on", "2019-06-01", "--endpoint", published.endpoint, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"instrument": "eu-privacy-shield-decision"' in result.output


def test_ontology_is_shallow_enough_for_the_portable_queries():
    """instruments / principles / provisions / initiative-implementation find a class's tier in at most
    three rdfs:subClassOf steps (Virtuoso 7 mis-evaluates rdfs:subClassOf* there): a deeper ontology
    must fail here, not give wrong answers on Virtuoso."""
    graph = ontology_graph()
    parents: dict[str, set[str]] = {}
    for s, _, o in graph.triples((None, RDFS.subClassOf, None)):
        parents.setdefault(str(s), set()).add(str(o))
    top = "https://w3id.org/dgkg/ontology#Instrument"

    def steps(cls: str, seen=()) -> int | None:
        if cls == top:
            return 0
        found = [steps(p, seen + (cls,)) for p in parents.get(cls, ()) if p not in seen]
        found = [f for f in found if f is not None]
        return 1 + min(found) if found else None

    depths = {c: steps(c) for c in parents}
    below = {c: d for c, d in depths.items() if d is not None and d > 0}
    assert below and max(below.values()) <= 3, below


# ------------------------------------------------------------------------------ failures midway
def test_wrong_password_changes_nothing(published, tmp_path):
    changed = release_with(tmp_path, "changed.trig", [marker_quad()])
    result = run_publish(published, "--graph-file", str(changed), password="not-the-password")
    assert result.exit_code == 2, result.output
    assert "refused the credentials" in result.output and "Traceback" not in result.output
    assert "live graphs are untouched" in result.output and "No staging graph of this run is left" in result.output
    assert_live_is_the_release(published)
    assert published.staging() == []


def test_a_graph_the_server_rejects_changes_nothing(published, tmp_path):
    """The last graph (in upload order) holds a literal Virtuoso's Graph Store refuses (> 64 KB):
    every other graph, including a changed one, was staged first — and is removed again."""
    changed = release_with(tmp_path, "unloadable.trig", [
        marker_quad(),
        ox.Quad(ox.NamedNode("https://example.org/dgkg-publish-test/big"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal("x" * 200_000), ox.NamedNode(BASE + "zz-unloadable")),
    ])
    result = run_publish(published, "--graph-file", str(changed))
    assert result.exit_code == 2, result.output
    assert "zz-unloadable" in result.output and "Traceback" not in result.output
    assert_live_is_the_release(published)
    assert published.staging() == []


def test_staged_graphs_are_removed_after_a_failure(published, tmp_path):
    """The same failure through the Python API, recording what was sent: 131 graphs were staged on
    the server before the rejected one, and every staging graph was deleted afterwards."""
    changed = release_with(tmp_path, "unloadable.trig", [
        marker_quad(),
        ox.Quad(ox.NamedNode("https://example.org/dgkg-publish-test/big"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal("x" * 200_000), ox.NamedNode(BASE + "zz-unloadable")),
    ])
    seen = {"put": [], "delete": [], "staged_on_server": 0}

    class Recording(pub.Store):
        def put(self, graph, payload):
            seen["put"].append(graph)
            if graph.startswith(BASE + "zz-unloadable"):
                seen["staged_on_server"] = len(published.staging())
            super().put(graph, payload)

        def delete(self, graph):
            seen["delete"].append(graph)
            super().delete(graph)

    store = Recording(published.endpoint, pub.default_gsp(published.endpoint), pub.default_update(published.endpoint),
                      "dba", published.password, timeout=120)
    graphs = pub.read_release(changed)
    with pytest.raises(pub.PublishError) as failure:
        pub.publish(graphs, store)
    assert failure.value.live == "untouched"
    assert seen["staged_on_server"] == len(graphs) - 1 == len(local_counts())
    assert sorted(seen["delete"]) == sorted(seen["put"])
    assert_live_is_the_release(published)
    assert published.staging() == []


def test_staging_graphs_that_cannot_be_deleted_are_named(published, tmp_path):
    """If the clean-up itself fails, the error names every staging graph left behind."""
    changed = release_with(tmp_path, "unloadable.trig", [
        ox.Quad(ox.NamedNode("https://example.org/dgkg-publish-test/big"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal("x" * 200_000), ox.NamedNode(BASE + "zz-unloadable"))])

    class Undeletable(pub.Store):
        def delete(self, graph):
            raise pub.PublishError(f"deleting <{graph}>: refused for the test")

    args = (published.endpoint, pub.default_gsp(published.endpoint), pub.default_update(published.endpoint), "dba", published.password)
    with pytest.raises(pub.PublishError) as failure:
        pub.publish(pub.read_release(changed), Undeletable(*args, timeout=120))
    left = published.staging()
    assert failure.value.live == "untouched" and len(left) == len(local_counts())
    assert set(left) <= set(failure.value.leftover)
    for graph in left:  # clean up for the next tests
        pub.Store(*args, timeout=120).delete(graph)
    assert_live_is_the_release(published)
    assert published.staging() == []


def test_a_verification_mismatch_changes_nothing(published, tmp_path):
    """Virtuoso stores typed values: "1"^^xsd:integer and "1.0"^^xsd:decimal become one triple there
    (two in the release). The staged graph holds fewer triples than the release: nothing is replaced."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    subject, predicate, graph = ox.NamedNode(MARKER), ox.NamedNode("https://example.org/dgkg-publish-test/n"), ox.NamedNode(BASE + "countries")
    changed = release_with(tmp_path, "mismatch.trig", [
        ox.Quad(subject, predicate, ox.Literal("1", datatype=ox.NamedNode(xsd + "integer")), graph),
        ox.Quad(subject, predicate, ox.Literal("1.0", datatype=ox.NamedNode(xsd + "decimal")), graph)])
    assert local_counts(changed)[BASE + "countries"] == local_counts()[BASE + "countries"] + 2
    result = run_publish(published, "--graph-file", str(changed))
    assert result.exit_code == 2, result.output
    assert "verification failed" in result.output and "countries" in result.output
    assert_live_is_the_release(published)
    assert published.staging() == []


def test_an_unreachable_store_is_a_clear_error(tmp_path):
    (port,) = free_ports(1)
    result = CliRunner().invoke(publish_command, ["--endpoint", f"http://127.0.0.1:{port}/sparql", "--timeout", "5"],
                                env={"DGKG_PUBLISH_PASSWORD": "x"})
    assert result.exit_code == 2, result.output
    assert "error:" in result.output and "Traceback" not in result.output


# -------------------------------------------------------------------------------- refused builds
def invalid_release(tmp_path: Path) -> Path:
    bad = ox.parse(path=str(FIXTURES / "shapes" / "RecognitionShape-bad.ttl"), format=ox.RdfFormat.TURTLE)
    return release_with(tmp_path, "invalid.trig", [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(BASE + "test-invalid")) for t in bad])


def test_an_invalid_build_is_refused_before_any_upload(published, tmp_path):
    result = run_publish(published, "--graph-file", str(invalid_release(tmp_path)))
    assert result.exit_code == 1, result.output
    assert "refused:" in result.output and "test-invalid" in result.output and "nothing was sent" in result.output
    assert_live_is_the_release(published)
    assert published.staging() == []


def test_an_invalid_build_is_refused_without_contacting_the_store(tmp_path):
    (port,) = free_ports(1)
    result = CliRunner().invoke(publish_command, ["--endpoint", f"http://127.0.0.1:{port}/sparql", "--graph-file", str(invalid_release(tmp_path))])
    assert result.exit_code == 1, result.output


def test_a_stale_build_is_refused_with_root(published, tmp_path):
    stale = release_with(tmp_path, "stale.trig", [marker_quad()])
    result = run_publish(published, "--root", str(ROOT), "--graph-file", str(stale))
    assert result.exit_code == 1, result.output
    assert "is not the build of" in result.output and "countries" in result.output
    assert_live_is_the_release(published)


# ------------------------------------------------------------------- replacing and dropping graphs
def test_republishing_replaces_and_drops_graphs(published, tmp_path):
    extra = release_with(tmp_path, "extra.trig", [marker_quad(BASE + "zz-extra")])
    first = run_publish(published, "--graph-file", str(extra))
    assert first.exit_code == 0, first.output
    assert published.graphs()[BASE + "zz-extra"] == 1 and published.has_marker()
    # the checkout's own build, validated from its sources: the extra graph is dropped
    second = run_publish(published, "--root", str(ROOT))
    assert second.exit_code == 0, second.output
    assert f"dropped <{BASE}zz-extra>" in second.output
    assert_live_is_the_release(published)
    assert published.staging() == []


def test_graph_base_maps_the_graph_names(tmp_path):
    graphs = pub.read_release(RELEASE, "https://example.org/kg/graph/")
    assert {g.source.removeprefix(BASE) for g in graphs} == {g.live.removeprefix("https://example.org/kg/graph/") for g in graphs}
    with pytest.raises(pub.PublishError):
        pub.check_base("https://example.org/")
    assert re.fullmatch(r".*-staging-[0-9a-f]{12}", pub.staging_iri(BASE + "countries", "0123456789ab"))


# ------------------------------------------------------------------------- another store: Oxigraph
@pytest.fixture()
def oxigraph_server(tmp_path):
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the oxigraph server (pip install oxigraph) is a test requirement")
    (port,) = free_ports(1)
    server = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except requests.RequestException:
            if server.poll() is not None:
                pytest.fail("oxigraph serve exited")
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)


def test_publish_to_oxigraph_with_its_own_endpoints(oxigraph_server, tmp_path):
    """The same protocol on another store: Oxigraph's /store (Graph Store), /update and /query, no auth."""
    args = ["--endpoint", f"{oxigraph_server}/query", "--gsp", f"{oxigraph_server}/store", "--update", f"{oxigraph_server}/update"]
    extra = release_with(tmp_path, "extra.trig", [marker_quad(BASE + "zz-extra")])
    first = CliRunner().invoke(publish_command, [*args, "--graph-file", str(extra)])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(publish_command, args)
    assert second.exit_code == 0, second.output
    assert f"dropped <{BASE}zz-extra>" in second.output
    rows = requests.post(f"{oxigraph_server}/query", data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30).json()["results"]["bindings"]
    assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == local_counts()
    local = KnowledgeGraph(RELEASE).query("parties", **EXAMPLES["parties"])
    assert answers(KnowledgeGraph(endpoint=f"{oxigraph_server}/query").query("parties", **EXAMPLES["parties"])) == answers(local)
