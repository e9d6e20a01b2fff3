"""``dgkg retirements``: the IRIs of the last release that the built graph no longer describes, and
the sources/retired.yaml entries that keep them resolvable.

Fact IRIs carry their date (participation/<instrument>/<party>/<act>/<date>, membership/<org>/<member>/<start>)
or article (provision/<instrument>/<article>), so correcting a date or finding an article gives the fact a
new IRI. The new IRI with the old one's path up to that last segment is proposed as the replacement — the
only one, or the one whose statements best match the old fact's in the last release; other missing IRIs
need a curator's entry (a replacement, or a reason why nothing replaces them).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import click
import pyoxigraph as ox
from rich.markup import escape

from ..namespaces import ID
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, checkout_or_fail, console, root_option
from .release import DATASET_FILE, IRIS_FILE, ReleaseError, id_subjects, last_release, missing_iris, read_iris, read_quads

DEFAULT_REASON = "the fact's date was corrected or completed from a better source (fact IRIs carry their date)"
PROVISION_REASON = "the provision's article was identified or corrected (provision IRIs carry the article)"
HEADER = """\
# Retired IRIs: IRIs of earlier releases that the graph no longer uses, kept resolvable as owl:deprecated
# with dct:isReplacedBy (or, where nothing replaces them, a reason). Written by `dgkg retirements --write`
# and by curators; see docs/sources.md ("Retired IRIs").
retired:
"""


def descriptions(quads, subjects: set[str]) -> dict[str, set[tuple[str, str]]]:
    """(predicate, object) pairs of each given subject, across all graphs."""
    out: dict[str, set[tuple[str, str]]] = {}
    for q in quads:
        if isinstance(q.subject, ox.NamedNode) and q.subject.value in subjects:
            out.setdefault(q.subject.value, set()).add((q.predicate.value, str(q.object)))
    return out


def propose(released: list[str], current: list[str], old_facts=None, new_facts=None) -> tuple[dict[str, str], list[str]]:
    """For the IRIs of a release that the current graph lacks: missing IRI -> its replacement; and the
    missing IRIs without one.

    The replacement is a new IRI with the same path up to the last segment (the date, or a provision's
    article key): the only one, or — given the descriptions of the old and new facts — the one sharing
    strictly the most statements with the old fact (at least two: e.g. instrument and title)."""
    before, now = set(released), set(current)
    new_by_parent: dict[str, list[str]] = {}
    for iri in sorted(now - before):  # only IRIs the release did not have can replace one
        new_by_parent.setdefault(iri.rsplit("/", 1)[0], []).append(iri)
    matched, unmatched = {}, []
    for iri in released:
        if iri in now:
            continue
        siblings = new_by_parent.get(iri.rsplit("/", 1)[0], [])
        if len(siblings) == 1:
            matched[iri] = siblings[0]
            continue
        best = None
        if siblings and old_facts is not None and new_facts is not None:
            old = old_facts.get(iri, set())
            scores = sorted(((len(old & new_facts.get(s, set())), s) for s in siblings), reverse=True)
            if scores[0][0] >= 2 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
                best = scores[0][1]
        if best:
            matched[iri] = best
        else:
            unmatched.append(iri)
    return matched, unmatched


def relative(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def default_reason(iri: str) -> str:
    return PROVISION_REASON if relative(iri).startswith("provision/") else DEFAULT_REASON


def entries(matched: dict[str, str], reason: str | None, day: dt.date) -> str:
    return "".join(f"  - {{iri: {relative(old)}, replaced_by: {relative(new)}, date: {day.isoformat()},\n"
                   f"     reason: \"{reason or default_reason(old)}\"}}\n" for old, new in sorted(matched.items()))


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
@click.option("--reason", default=None, help="Reason recorded with each proposed entry. Default: a corrected date (or, for a provision, its article).")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Date of the retirement. Default: today.")
@root_option
def command(write: bool, reason: str | None, day, root: Path | None) -> None:
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
    current = id_subjects(quads)
    released_quads = read_quads(releases_dir / previous / DATASET_FILE) if missing else []
    new_iris = set(current) - set(released)
    matched, unmatched = propose(released, current, descriptions(released_quads, set(missing)), descriptions(quads, new_iris))
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
