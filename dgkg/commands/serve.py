"""``dgkg serve [--host 127.0.0.1] [--port 8000]``: the SPARQL endpoint, query page and linked-data pages."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ..server import Limits, make_server
from ..store import release_path
from .common import console


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind. Loopback by default; 0.0.0.0 only behind a reverse proxy you trust.")
@click.option("--port", type=int, default=8000, show_default=True, help="TCP port.")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="The dataset to serve (TriG). Default: the graph shipped with the package.")
@click.option("--time-limit", type=float, default=10.0, show_default=True, help="Seconds a query may run before its worker is killed (503).")
@click.option("--max-rows", type=int, default=10_000, show_default=True, help="Result rows (or triples) returned at most; more sets X-DGKG-Truncated.")
@click.option("--max-request-bytes", type=int, default=64 * 1024, show_default=True, help="Largest accepted request body (413 above).")
@click.option("--workers", type=int, default=2, show_default=True, help="Query worker processes (each holds a copy of the store).")
def command(host: str, port: int, graph_file: Path | None, time_limit: float, max_rows: int, max_request_bytes: int, workers: int) -> None:
    """Serve the graph: SPARQL 1.1 Protocol at /sparql (read-only), the query page at /, entity pages at
    /id/…, the ontology at /ontology, the recognition matrix at /matrix. Stop with Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    limits = Limits(time_limit, max_rows, max_request_bytes, workers)
    server, app = make_server(graph_file or release_path(), host, port, limits)
    console.print(f"dgkg serving on http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.close()
