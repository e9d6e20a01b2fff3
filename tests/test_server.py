"""`dgkg serve` speaks the SPARQL 1.1 Protocol and resists hostile requests (real HTTP on loopback)."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET


import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, SPARQLWrapper

from dgkg.server import Limits, make_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def base(root):
    server, app = make_server(root / "graphs" / "dgkg.trig", "127.0.0.1", 0, Limits(time_limit=2.0, max_rows=5, max_request_bytes=4096, workers=2))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    app.close()


def request(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_query(base: str, query: str, accept: str | None = None):
    return request(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept} if accept else {})


def test_get_post_form_and_post_direct_agree(base):
    _, _, by_get = get_query(base, COUNT)
    _, _, by_form = request(f"{base}/sparql", urllib.parse.urlencode({"query": COUNT}).encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    _, _, direct = request(f"{base}/sparql", COUNT.encode(), {"Content-Type": "application/sparql-query"})
    values = {json.loads(b)["results"]["bindings"][0]["n"]["value"] for b in (by_get, by_form, direct)}
    assert len(values) == 1 and int(values.pop()) > 10000


@pytest.mark.parametrize("accept, content_type", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"), (None, "application/sparql-results+json"),
])
def test_select_formats(base, accept, content_type):
    status, headers, body = get_query(base, "SELECT ?code WHERE { ?j <https://w3id.org/dgkg/ontology#code> ?code FILTER(?code = 'CN') }", accept)
    assert status == 200 and headers["Content-Type"].startswith(content_type)
    if "json" in content_type:
        assert json.loads(body)["results"]["bindings"] == [{"code": {"type": "literal", "value": "CN"}}]
    elif "xml" in content_type:
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        assert ET.fromstring(body).find(".//s:binding/s:literal", ns).text == "CN"
    elif content_type == "text/csv":
        assert body.decode().split("\r\n")[:2] == ["code", "CN"]
    else:
        assert body.decode().splitlines()[:2] == ["?code", '"CN"']


def test_ask(base):
    status, _, body = get_query(base, "ASK { ?j <https://w3id.org/dgkg/ontology#code> 'CN' }")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("accept, parse_as", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_construct_formats(base, accept, parse_as):
    query = "CONSTRUCT { ?j ?p ?o } WHERE { ?j <https://w3id.org/dgkg/ontology#code> 'SG' ; ?p ?o }"
    status, headers, body = get_query(base, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body.decode(), format=parse_as)
    assert len(graph) == 5 and "X-DGKG-Truncated" in headers  # the fixture server caps results at 5 triples


def test_unacceptable_format_is_406(base):
    assert get_query(base, COUNT, "image/png")[0] == 406


def test_service_description(base):
    status, headers, body = request(f"{base}/sparql")
    assert status == 200 and headers["Content-Type"] == "text/turtle"
    assert "sd:UnionDefaultGraph" in body.decode()
    Graph().parse(data=body.decode(), format="turtle")


def test_sparqlwrapper_client(base):
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery("SELECT ?label WHERE { <https://w3id.org/dgkg/id/instrument/gcdfci> <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(lang(?label) = 'zh') }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["results"]["bindings"][0]["label"]["value"] == "全球数据跨境流动合作倡议"


# ------------------------------------------------------------------ hostile requests
@pytest.mark.parametrize("how", ["get-update", "form-update", "direct-update", "put", "delete"])
def test_updates_are_refused(base, how):
    update = "DROP ALL"
    if how == "get-update":
        status = request(f"{base}/sparql?{urllib.parse.urlencode({'update': update})}")[0]
    elif how == "form-update":
        status = request(f"{base}/sparql", urllib.parse.urlencode({"update": update}).encode(), {"Content-Type": "application/x-www-form-urlencoded"})[0]
    elif how == "direct-update":
        status = request(f"{base}/sparql", update.encode(), {"Content-Type": "application/sparql-update"})[0]
    else:
        status = request(f"{base}/sparql", b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, method=how.upper())[0]
    assert status in (403, 405)
    assert int(json.loads(get_query(base, COUNT)[2])["results"]["bindings"][0]["n"]["value"]) > 10000


def test_update_syntax_as_query_is_400(base):
    status, _, body = get_query(base, "INSERT DATA { <a:x> <a:y> <a:z> }")
    assert status == 400 and b"Traceback" not in body


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_no_outbound_access(base, query):
    status, _, body = get_query(base, query)
    assert status == 400 and (b"SERVICE" in body or b"FROM" in body)


def test_from_own_named_graph_is_allowed(base):
    query = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/dgkg/graph/source/instruments/cptpp> WHERE { ?s ?p ?o }"
    status, _, body = get_query(base, query)
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 100


def test_time_limit_really_stops_the_query_and_the_server_stays_responsive(base):
    results = {}

    def heavy():
        results["heavy"] = get_query(base, HEAVY)

    thread = threading.Thread(target=heavy)
    start = time.monotonic()
    thread.start()
    time.sleep(0.3)
    quick_status = get_query(base, COUNT)[0]  # answered by the other worker meanwhile
    thread.join(timeout=30)
    assert quick_status == 200
    status, _, body = results["heavy"]
    assert status == 503 and b"time limit" in body
    assert time.monotonic() - start < 10
    time.sleep(3)  # the killed worker is replaced
    assert get_query(base, COUNT)[0] == 200 and get_query(base, COUNT)[0] == 200


def test_row_cap_with_truncation_signal(base):
    status, headers, body = get_query(base, "SELECT ?s WHERE { ?s a <https://w3id.org/dgkg/ontology#Recognition> }")
    data = json.loads(body)
    assert status == 200 and len(data["results"]["bindings"]) == 5
    assert "X-DGKG-Truncated" in headers and data["head"]["link"] == ["urn:dgkg:truncated"]


def test_request_size_limits(base):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    assert request(f"{base}/sparql", big.encode(), {"Content-Type": "application/sparql-query"})[0] == 413
    assert request(f"{base}/sparql?query=" + "x" * 9000)[0] == 414


def test_syntax_error_is_a_clear_400_without_traceback(base):
    status, headers, body = get_query(base, "SELECT WHERE {")
    assert status == 400 and headers["Content-Type"].startswith("text/plain") and b"query failed" in body and b"Traceback" not in body


def test_cors_policy(base):
    _, headers, _ = get_query(base, COUNT)
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = request(f"{base}/sparql", method="OPTIONS")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    _, headers, _ = request(f"{base}/id/jurisdiction/CN")
    assert "Access-Control-Allow-Origin" not in headers


def test_loopback_by_default():
    import inspect

    from dgkg.commands.serve import command
    from dgkg.server import make_server as factory

    assert inspect.signature(factory).parameters["host"].default == "127.0.0.1"
    assert next(p for p in command.params if p.name == "host").default == "127.0.0.1"


# ------------------------------------------------------------------ linked data
@pytest.mark.parametrize("accept, parse_as", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_iris_dereference_to_rdf(base, accept, parse_as):
    status, headers, body = request(f"{base}/id/jurisdiction/CN", headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body.decode(), format=parse_as)
    labels = {str(o) for o in graph.objects(None, None) if getattr(o, "language", None) == "zh"}
    assert "中国" in labels


def test_iris_dereference_to_html_for_browsers(base):
    status, headers, body = request(f"{base}/id/instrument/cptpp", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "全面与进步跨太平洋伙伴关系协定" in body.decode()
    assert request(f"{base}/id/instrument/no-such-thing")[0] == 404


def test_ontology_and_void(base):
    status, _, body = request(f"{base}/ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and Graph().parse(data=body.decode(), format="turtle")
    status, _, body = request(f"{base}/ontology", headers={"Accept": "text/html"})
    assert status == 200 and "TreatyParty" in body.decode()
    assert request(f"{base}/void")[0] == 200
    status, headers, body = request(f"{base}/context.jsonld")
    assert status == 200 and "dgkg" in json.loads(body)["@context"]


def test_static_files_cannot_escape(base):
    assert request(f"{base}/static/yasgui/yasgui.min.js")[0] == 200
    assert request(f"{base}/static/../../server.py")[0] == 404
    assert request(f"{base}/static/%2e%2e/%2e%2e/server.py")[0] == 404


