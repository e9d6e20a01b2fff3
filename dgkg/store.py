"""The embedded store: pyoxigraph, chosen by measurement (docs/performance.md)."""

from __future__ import annotations

import functools
import gzip
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import Graph

from .resources import package_dir

RELEASE_DATASET = "dgkg.trig"


def release_path(graphs_dir: Path | None = None) -> Path:
    return (graphs_dir or package_dir("graphs")) / RELEASE_DATASET


def load_store(path: Path) -> ox.Store:
    """An in-memory store with every named graph of a TriG / N-Quads file (or a Turtle graph)."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no built graph here — run `dgkg build` in a checkout first")
    store = ox.Store()
    if path.suffix == ".gz":  # release snapshots: releases/<version>/dgkg.nq.gz
        fmt = ox.RdfFormat.from_extension(Path(path.stem).suffix.lstrip(".")) or ox.RdfFormat.N_QUADS
        store.bulk_load(gzip.decompress(path.read_bytes()), format=fmt)
        return store
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TRIG
    store.bulk_load(path=str(path), format=fmt)
    return store


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int) -> ox.Store:
    return load_store(Path(path))


def cached_store(path: Path) -> ox.Store:
    """A store per file, loaded once per process (reloaded if the file changes)."""
    if not path.is_file():
        return load_store(path)  # raises the clear FileNotFoundError
    stat = path.stat()
    return _cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def shipped_store(path: str | None = None) -> ox.Store:
    return cached_store(Path(path) if path else release_path())


def union_graph(store) -> Graph:
    """The union of a store's graphs as an rdflib Graph (for pySHACL and owlready2)."""
    from rdflib import Graph

    from .terms import to_rdflib

    graph = Graph()
    for quad in store:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
