"""The same queries against a real SPARQL 1.1 server (the Oxigraph server from PyPI, on loopback):
the remote answers equal the embedded ones for every catalogue query."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from dgkg.api import KnowledgeGraph
from dgkg.backend import EndpointError, Remote
from dgkg.catalogue import catalogue
from dgkg.cli import main
from dgkg.docs import EXAMPLES
from support import free_port, wait_for_http


@pytest.fixture(scope="module")
def endpoint(root, tmp_path_factory):
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the oxigraph server (pip install oxigraph) is a test requirement")
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(root / "graphs" / "dgkg.trig")], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    if not wait_for_http(f"{url}?query=ASK%7B%7D", 30):
        server.kill()
        pytest.fail("oxigraph server did not start")
    yield url
    server.terminate()
    server.wait(timeout=10)


def as_set(rows) -> set[tuple]:
    return {tuple(sorted((k, v) for k, v in r.items() if v is not None)) for r in rows}


def test_examples_cover_the_catalogue():
    assert set(EXAMPLES) == set(catalogue())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_remote_answers_equal_embedded(root, endpoint, name):
    local = KnowledgeGraph(root / "graphs" / "dgkg.trig").query(name, **EXAMPLES[name])
    remote = KnowledgeGraph(endpoint=endpoint).query(name, **EXAMPLES[name])
    assert remote.columns == local.columns
    assert len(local) > 0, f"example for {name} should return rows"
    assert as_set(remote) == as_set(local)


def test_transfer_over_the_endpoint(endpoint):
    result = CliRunner().invoke(main, ["transfer", "EU", "US", "--on", "2019-06-01", "--endpoint", endpoint, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"instrument": "eu-privacy-shield-decision"' in result.output


def test_unreachable_endpoint_is_a_clear_error():
    with pytest.raises(EndpointError):
        Remote(f"http://127.0.0.1:{free_port()}/query", timeout=2).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    result = CliRunner().invoke(main, ["query", "instruments", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--timeout", "2"])
    assert result.exit_code == 2
