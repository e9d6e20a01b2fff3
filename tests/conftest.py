"""Shared fixtures: the real checkout and its built graph, and a minimal checkout for error cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dgkg.store import load_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def release_store():
    """The committed release (graphs/dgkg.trig), loaded in the embedded store."""
    return load_store(ROOT / "graphs" / "dgkg.trig")


@pytest.fixture()
def mini_checkout(tmp_path: Path) -> Path:
    """A copy of the minimal checkout, safe to break."""
    target = tmp_path / "checkout"
    shutil.copytree(FIXTURES / "sources-min", target)
    return target
