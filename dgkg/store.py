"""The embedded store: pyoxigraph, chosen by measurement (docs/performance.md)."""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox

from .resources import package_dir

RELEASE_DATASET = "dgkg.trig"


def release_path(graphs_dir: Path | None = None) -> Path:
    return (graphs_dir or package_dir("graphs")) / RELEASE_DATASET


def load_store(path: Path) -> ox.Store:
    """An in-memory store with every named graph of a TriG / N-Quads file (or a Turtle graph)."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no built graph here — run `dgkg build` in a checkout first")
    store = ox.Store()
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TRIG
    store.bulk_load(path=str(path), format=fmt)
    return store


@functools.lru_cache(maxsize=4)
def shipped_store(path: str | None = None) -> ox.Store:
    return load_store(Path(path) if path else release_path())
