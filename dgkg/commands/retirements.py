"""``dgkg retirements``: the IRIs of the last release that the built graph no longer describes, and
the sources/retired.yaml entries that keep them resolvable.

Fact IRIs carry their date (participation/<instrument>/<party>/<act>/<date>, membership/<org>/<member>/<start>),
so correcting or completing a date gives the fact a new IRI. Where exactly one new IRI shares the old
one's path up to the date, it is proposed as the replacement; other missing IRIs need a curator's entry
(a replacement, or a reason why nothing replaces them).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import click
from rich.markup import escape

from ..namespaces import ID
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, checkout_or_fail, console, root_option
from .release import IRIS_FILE, ReleaseError, id_subjects, last_release, missing_iris, read_iris, read_quads

DEFAULT_REASON = "the fact's date was corrected or completed from a better source (fact IRIs carry their date)"
HEADER = """\
# Retired IRIs: IRIs of earlier releases that the graph no longer uses, kept resolvable as owl:deprecated
# with dct:isReplacedBy (or, where nothing replaces them, a reason). Written by `dgkg retirements --write`
# and by curators; see docs/sources.md ("Retired IRIs").
retired:
"""


def propose(previous: list[str], current: list[str]) -> tuple[dict[str, str], list[str]]:
    """Missing IRI -> its one new sibling (same path up to the last segment); and those without one."""
    released, now = set(previous), set(current)
    new_by_parent: dict[str, list[str]] = {}
    for iri in sorted(now - released):
        new_by_parent.setdefault(iri.rsplit("/", 1)[0], []).append(iri)
    matched, unmatched = {}, []
    for iri in previous:
        if iri in now:
            continue
        siblings = new_by_parent.get(iri.rsplit("/", 1)[0], [])
        if len(siblings) == 1:
            matched[iri] = siblings[0]
        else:
            unmatched.append(iri)
    return matched, unmatched


def relative(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def entries(matched: dict[str, str], reason: str, day: dt.date) -> str:
    return "".join(f"  - {{iri: {relative(old)}, replaced_by: {relative(new)}, date: {day.isoformat()},\n"
                   f"     reason: \"{reason}\"}}\n" for old, new in sorted(matched.items()))


def append_atomically(path: Path, text: str) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if not existing.endswith("\n"):
        existing += "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(existing + text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("retirements")
@click.option("--write", is_flag=True, default=False, help="Append the proposed entries to sources/retired.yaml (then run `dgkg build`). Default: only print them.")
@click.option("--reason", default=DEFAULT_REASON, show_default=True, help="Reason recorded with each proposed entry.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Date of the retirement. Default: today.")
@root_option
def command(write: bool, reason: str, day, root: Path | None) -> None:
    """List IRIs of the last release that graphs/dgkg.trig no longer describes, and propose
    sources/retired.yaml entries for them.

    Exit 0 when nothing is missing (or every missing IRI got an entry with --write), 1 when some
    missing IRIs need a curator's entry, 2 on error (no build, no release).
    """
    checkout = checkout_or_fail(root)
    dataset_file, releases_dir = checkout / "graphs" / "dgkg.trig", checkout / "releases"
    previous = last_release(releases_dir)
    try:
        if previous is None:
            raise ReleaseError(f"{releases_dir}: no release to compare with")
        if not dataset_file.is_file():
            raise ReleaseError(f"{dataset_file}: no built dataset — run `dgkg build` first")
        quads = read_quads(dataset_file)
    except ReleaseError as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_ERROR)
    released = read_iris(releases_dir / previous / IRIS_FILE)
    missing = missing_iris(released, quads)
    matched, unmatched = propose(missing, id_subjects(quads))
    day = (day.date() if day else dt.date.today())
    text = entries(matched, reason, day)
    if write and text:
        append_atomically(checkout / "sources" / "retired.yaml", text)
        click.echo(f"appended {len(matched)} entr{'y' if len(matched) == 1 else 'ies'} to sources/retired.yaml")
    elif text:
        click.echo(text, nl=False)
    for iri in unmatched:
        console.print(f"[yellow]needs an entry:[/] {escape(iri)} (no single new IRI with the same path)", highlight=False)
    if not missing:
        click.echo(f"every IRI of release {previous} is still described")
    sys.exit(EXIT_VIOLATIONS if unmatched else EXIT_OK)
