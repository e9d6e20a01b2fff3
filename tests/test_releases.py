"""Versioned releases in releases/<version>/: the IRIs of the last release stay described, and the
snapshots are well-formed and deterministic; `dgkg release` never overwrites and refuses to drop IRIs."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dgkg import __version__
from dgkg.commands.diff import command as diff_command
from dgkg.commands.release import (DATASET_FILE, IRIS_FILE, deprecated_without_replacement, id_subjects, last_release,
                                   missing_iris, read_iris, read_quads, releases, snapshot, version_key)
from dgkg.commands.release import command as release_command

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "releases"
CURRENT = ROOT / "graphs" / "dgkg.trig"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"


@pytest.fixture(scope="module")
def current_quads():
    return read_quads(CURRENT)


@pytest.fixture(scope="module")
def last() -> Path:
    version = last_release(RELEASES)
    assert version is not None, "releases/ holds no release: run `dgkg release` for the current version"
    return RELEASES / version


def test_the_current_version_or_an_earlier_one_is_released():
    versions = releases(RELEASES)
    assert "0.1.0" in versions
    assert version_key(versions[-1]) <= version_key(__version__), "releases/ holds a version newer than the package"


def test_no_iri_of_the_last_release_disappears(last, current_quads):
    """Every IRI of the last release is still described — if retired, as owl:deprecated true with
    dct:isReplacedBy — in the current graphs/dgkg.trig."""
    missing = missing_iris(read_iris(last / IRIS_FILE), current_quads)
    assert not missing, (f"{len(missing)} IRI(s) of release {last.name} are no longer described in graphs/dgkg.trig; "
                         "retire each in sources/retired.yaml (`dgkg retirements --write` proposes the entries):\n" + "\n".join(missing))


def test_retired_iris_name_their_replacement(current_quads):
    unreplaced = deprecated_without_replacement(current_quads)
    assert not unreplaced, "owl:deprecated IRIs with neither dct:isReplacedBy nor a skos:historyNote:\n" + "\n".join(unreplaced)


def test_diff_of_the_last_release_against_the_current_graph_runs(last):
    outcome = CliRunner().invoke(diff_command, [str(last / DATASET_FILE), str(CURRENT), "--format", "json"])
    assert outcome.exit_code in (0, 1), outcome.output
    data = json.loads(outcome.stdout)
    assert set(data["summary"]) >= {"added", "removed", "changed"}
    assert (outcome.exit_code == 1) == bool(data["changes"] or data["graphs"])


@pytest.mark.parametrize("version", releases(RELEASES))
def test_each_snapshot_is_well_formed(version):
    folder = RELEASES / version
    raw = (folder / DATASET_FILE).read_bytes()
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\0\0\0\0", "gzip with mtime 0"
    quads = read_quads(folder / DATASET_FILE)
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    assert lines == sorted(lines), "N-Quads lines are sorted"
    iris = read_iris(folder / IRIS_FILE)
    assert iris == sorted(set(iris))
    assert iris == id_subjects(quads), "iris.txt lists the id/ subjects of dgkg.nq.gz"
    void = [q for q in quads if q.subject.value == "https://w3id.org/dgkg/dataset" and q.predicate.value.endswith("hasVersion")]
    assert [q.object.value for q in void] == [version]


def test_snapshot_is_deterministic(tmp_path):
    first, second = snapshot(FIXTURES / "old.trig", tmp_path / "a", "0.1.0"), snapshot(FIXTURES / "old.trig", tmp_path / "b", "0.1.0")
    for name in (DATASET_FILE, IRIS_FILE):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_version_order():
    assert sorted(["0.10.0", "0.9.1", "1.0.0", "1.0.0-rc1", "0.2.0"], key=version_key) == ["0.2.0", "0.9.1", "0.10.0", "1.0.0-rc1", "1.0.0"]


@pytest.fixture()
def scratch(tmp_path) -> Path:
    """A checkout (pyproject.toml, sources/) whose graphs/dgkg.trig is the 0.1.0 diff fixture."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    (tmp_path / "graphs").mkdir()
    shutil.copy(FIXTURES / "old.trig", tmp_path / "graphs" / "dgkg.trig")
    return tmp_path


def release(checkout: Path, *args: str):
    return CliRunner().invoke(release_command, ["--root", str(checkout), *args])


def test_release_command_writes_and_never_overwrites(scratch):
    outcome = release(scratch, "0.1.0")
    assert outcome.exit_code == 0, outcome.output
    folder = scratch / "releases" / "0.1.0"
    before = {name: (folder / name).read_bytes() for name in (DATASET_FILE, IRIS_FILE)}
    assert read_iris(folder / IRIS_FILE) == sorted(read_iris(folder / IRIS_FILE))
    assert "https://w3id.org/dgkg/id/participation/cptpp/GB/signature/2023-07-15" in read_iris(folder / IRIS_FILE)
    again = release(scratch, "0.1.0")
    assert again.exit_code == 2 and "never overwritten" in again.output
    assert {name: (folder / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in (scratch / "releases").iterdir()) == ["0.1.0"], "no staging folder left behind"


def test_release_command_checks_version_and_bad_names(scratch):
    mismatch = release(scratch, "0.2.0")
    assert mismatch.exit_code == 2 and "0.1.0" in mismatch.output
    bad = release(scratch, "../0.1.0")
    assert bad.exit_code == 2
    assert not (scratch / "releases" / "0.2.0").exists()


def test_release_refuses_to_drop_iris_of_the_last_release(scratch):
    assert release(scratch, "0.1.0").exit_code == 0
    shutil.copy(FIXTURES / "new.trig", scratch / "graphs" / "dgkg.trig")  # drops the mistyped 2023-07-15 signature
    dropped = "https://w3id.org/dgkg/id/participation/cptpp/GB/signature/2023-07-15"
    refused = release(scratch, "0.2.0")
    assert refused.exit_code == 1 and dropped in refused.output
    assert not (scratch / "releases" / "0.2.0").exists()
    # deprecated without a replacement: still refused
    with open(scratch / "graphs" / "dgkg.trig", "a", encoding="utf-8") as handle:
        handle.write(f"<https://w3id.org/dgkg/graph/retired> {{ <{dropped}> <http://www.w3.org/2002/07/owl#deprecated> true . }}\n")
    refused = release(scratch, "0.2.0")
    assert refused.exit_code == 1 and "isReplacedBy" in refused.output
    # retired properly: kept as deprecated, replaced by the corrected signature
    with open(scratch / "graphs" / "dgkg.trig", "a", encoding="utf-8") as handle:
        handle.write(f"<https://w3id.org/dgkg/graph/retired> {{ <{dropped}> <http://purl.org/dc/terms/isReplacedBy> "
                     "<https://w3id.org/dgkg/id/participation/cptpp/GB/signature/2023-07-16> . }\n")
    accepted = release(scratch, "0.2.0")
    assert accepted.exit_code == 0, accepted.output
    assert last_release(scratch / "releases") == "0.2.0"
    assert dropped in read_iris(scratch / "releases" / "0.2.0" / IRIS_FILE)
