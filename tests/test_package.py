"""The distribution ships ontology, loaders, queries and the built graph inside the dgkg package,
with no generic top-level import names."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest


@pytest.mark.slow
def test_wheel_contents(root, tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(root)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("dgkg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("dgkg/cli.py", "dgkg/loaders/countries.py", "dgkg/loaders/yaml_source.py", "dgkg/ontology/dgkg.ttl",
                     "dgkg/ontology/shapes.ttl", "dgkg/ontology/vocabularies.ttl", "dgkg/ontology/rules/has-party.rq",
                     "dgkg/queries/instruments.rq", "dgkg/graphs/dgkg.trig", "dgkg/graphs/dgkg.jsonld"):
        assert required in names, required
    top_level = {n.split("/")[0] for n in names if not n.startswith("dgkg-")}
    assert top_level == {"dgkg"}, top_level


def test_query_works_from_any_folder(tmp_path):
    result = subprocess.run(["dgkg", "query", "instruments", "-p", "kind=compact", "--format", "csv"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "un-gdc" in result.stdout
