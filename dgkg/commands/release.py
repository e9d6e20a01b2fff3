"""``dgkg release [VERSION]``: snapshot the built dataset as releases/<VERSION>/.

Each released version keeps, next to the live graphs/ of the checkout:

* ``releases/<VERSION>/dgkg.nq.gz`` — the dataset of graphs/dgkg.trig as sorted N-Quads, gzipped
  deterministically (no file name, mtime 0), so the same graph always gives the same bytes;
* ``releases/<VERSION>/iris.txt`` — the sorted list of every https://w3id.org/dgkg/id/ subject IRI.

The IRIs of a release are a promise: a later graph must still describe each of them, if only as
``owl:deprecated true`` with ``dct:isReplacedBy`` or a ``skos:historyNote`` saying why nothing replaces
it — curated in sources/retired.yaml (``dgkg retirements`` proposes the entries; tests/test_releases.py
checks the last release; this command refuses a new release that breaks it). A version is never overwritten.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import click
import pyoxigraph as ox
from rich.markup import escape

from .. import __version__
from ..namespaces import BASE, ID
from .common import EXIT_ERROR, EXIT_VIOLATIONS, checkout_or_fail, console, root_option

VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-+.]?[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?$")
OWL_DEPRECATED = "http://www.w3.org/2002/07/owl#deprecated"
DCT_IS_REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"
SKOS_HISTORY_NOTE = "http://www.w3.org/2004/02/skos/core#historyNote"
HAS_VERSION = "http://purl.org/dc/terms/hasVersion"
DATASET = BASE + "dataset"
DATASET_FILE, IRIS_FILE = "dgkg.nq.gz", "iris.txt"


class ReleaseError(ValueError):
    """A release that must not be made (bad version, existing version, unreadable dataset)."""


def version_key(version: str) -> tuple:
    """Order versions numerically: 0.10.0 after 0.9.1; a pre-release suffix sorts before the plain version."""
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)(.*)$", version)
    if not match:
        return (-1, -1, -1, 0, version)
    major, minor, patch, rest = match.groups()
    return (int(major), int(minor), int(patch), 0 if rest else 1, rest)


def releases(folder: Path) -> list[str]:
    """The released versions in releases/ (folders with an iris.txt), oldest first."""
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if p.is_dir() and VERSION.match(p.name) and (p / IRIS_FILE).is_file()), key=version_key)


def last_release(folder: Path) -> str | None:
    versions = releases(folder)
    return versions[-1] if versions else None


def read_quads(path: Path) -> list[ox.Quad]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
        fmt = ox.RdfFormat.from_extension(path.name[:-3].rsplit(".", 1)[-1])
    else:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    try:
        return list(ox.parse(input=data, format=fmt or ox.RdfFormat.TRIG))
    except (SyntaxError, ValueError) as exc:
        raise ReleaseError(f"{path}: {exc}") from None


def id_subjects(quads) -> list[str]:
    """Every https://w3id.org/dgkg/id/ subject IRI, sorted."""
    return sorted({q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(ID))})


def read_iris(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def missing_iris(previous: list[str], quads) -> list[str]:
    """IRIs of a previous release that the dataset no longer describes (not even as deprecated)."""
    described = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    return [iri for iri in previous if iri not in described]


def deprecated_without_replacement(quads) -> list[str]:
    """id/ IRIs marked owl:deprecated true that neither say what replaces them (dct:isReplacedBy) nor
    why nothing does (skos:historyNote — a fact withdrawn as wrong has no successor)."""
    deprecated, replaced = set(), set()
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode) or not q.subject.value.startswith(str(ID)):
            continue
        if q.predicate.value == OWL_DEPRECATED and isinstance(q.object, ox.Literal) and q.object.value in ("true", "1"):
            deprecated.add(q.subject.value)
        elif q.predicate.value in (DCT_IS_REPLACED_BY, SKOS_HISTORY_NOTE):
            replaced.add(q.subject.value)
    return sorted(deprecated - replaced)


def dataset_version(quads) -> str | None:
    """The version the dataset says it is (dct:hasVersion of the dataset in its void graph)."""
    for q in quads:
        if isinstance(q.subject, ox.NamedNode) and q.subject.value == DATASET and q.predicate.value == HAS_VERSION:
            return q.object.value
    return None


def nquads_gz(quads) -> bytes:
    """Sorted N-Quads, gzipped with no file name and mtime 0: the same dataset gives the same bytes."""
    lines = sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()))
    text = "".join(line + "\n" for line in lines if line.strip())
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    return buffer.getvalue()


def snapshot(dataset_file: Path, releases_dir: Path, version: str) -> Path:
    """Write releases/<version>/ from a built dataset. Raises ReleaseError; never overwrites."""
    if not VERSION.match(version):
        raise ReleaseError(f"{version!r} is not a version like 1.2.3")
    target = releases_dir / version
    if target.exists():
        raise ReleaseError(f"{target} already exists: a released version is never overwritten")
    if not dataset_file.is_file():
        raise ReleaseError(f"{dataset_file}: no built dataset — run `dgkg build` first")
    quads = read_quads(dataset_file)
    stamped = dataset_version(quads)
    if stamped is not None and stamped != version:
        raise ReleaseError(f"{dataset_file} is the build of version {stamped}, not {version}: "
                           "set dgkg.__version__, run `dgkg build`, then release")
    files = {DATASET_FILE: nquads_gz(quads), IRIS_FILE: "".join(iri + "\n" for iri in id_subjects(quads)).encode("utf-8")}
    releases_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=releases_dir))
    try:
        for name, content in files.items():
            with open(staging / name, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(staging / name, 0o644)
        os.chmod(staging, 0o755)
        os.rename(staging, target)  # fails if the version appeared meanwhile: never overwrite
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReleaseError(f"{target}: {exc}") from None
    return target


class BrokenPromise(Exception):
    def __init__(self, previous: str, missing: list[str], unreplaced: list[str]):
        self.previous, self.missing, self.unreplaced = previous, missing, unreplaced


def check_against_last(dataset_file: Path, releases_dir: Path) -> None:
    """Raise BrokenPromise if the dataset drops IRIs of the last release or deprecates without replacement."""
    previous = last_release(releases_dir)
    quads = read_quads(dataset_file)
    missing = missing_iris(read_iris(releases_dir / previous / IRIS_FILE), quads) if previous else []
    unreplaced = deprecated_without_replacement(quads)
    if missing or unreplaced:
        raise BrokenPromise(previous or "", missing, unreplaced)


@click.command("release")
@click.argument("version", required=False)
@root_option
def command(version: str | None, root: Path | None) -> None:
    """Snapshot graphs/dgkg.trig as releases/VERSION/ (dgkg.nq.gz and iris.txt); VERSION defaults to
    the package version. Refuses to overwrite a version, and refuses a graph that no longer
    describes an IRI of the last release (retire IRIs as owl:deprecated with dct:isReplacedBy).

    Exit 0 when written, 1 when IRIs of the last release are missing, 2 on error.
    """
    checkout = checkout_or_fail(root)
    version = version or __version__
    dataset_file, releases_dir = checkout / "graphs" / "dgkg.trig", checkout / "releases"
    try:
        if dataset_file.is_file():
            check_against_last(dataset_file, releases_dir)
        target = snapshot(dataset_file, releases_dir, version)
    except ReleaseError as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_ERROR)
    except BrokenPromise as broken:
        if broken.missing:
            console.print(f"[red]error:[/] {len(broken.missing)} IRI(s) of release {broken.previous} are no longer described "
                          "(keep them, as owl:deprecated true with dct:isReplacedBy):", highlight=False)
            for iri in broken.missing:
                click.echo(f"  {iri}", err=True)
        if broken.unreplaced:
            console.print(f"[red]error:[/] {len(broken.unreplaced)} deprecated IRI(s) without dct:isReplacedBy:", highlight=False)
            for iri in broken.unreplaced:
                click.echo(f"  {iri}", err=True)
        sys.exit(EXIT_VIOLATIONS)
    count = len(read_iris(target / IRIS_FILE))
    click.echo(f"wrote {target / DATASET_FILE}")
    click.echo(f"wrote {target / IRIS_FILE} ({count} IRIs)")


if __name__ == "__main__":  # pragma: no cover - usable before it is registered in dgkg/cli.py
    command()
