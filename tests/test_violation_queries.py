"""Quality rules as violation queries (queries/*-violation.rq): each returns no rows on the release,
and each catches its fixture."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from dgkg.namespaces import sparql_prologue
from dgkg.validate import rule_of, violation_queries

FIXTURES = Path(__file__).parent / "fixtures" / "violations"


def rows(store: ox.Store, path: Path) -> list[dict]:
    result = store.query(sparql_prologue() + path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


@pytest.mark.parametrize("path", violation_queries(), ids=lambda p: p.stem)
def test_release_has_no_violations(release_store, path):
    offending = rows(release_store, path)
    assert not offending, f"{rule_of(path)}\n" + "\n".join(map(str, offending))


@pytest.mark.parametrize("path", violation_queries(), ids=lambda p: p.stem)
def test_violation_query_catches_its_fixture(path):
    fixture = FIXTURES / f"{path.stem}.trig"
    assert fixture.is_file(), f"missing fixture {fixture}"
    store = ox.Store()
    store.load(path=str(fixture), format=ox.RdfFormat.TRIG)
    assert rows(store, path), f"{path.name} found nothing in {fixture.name}"
    assert rule_of(path), "the first comment line states the rule"
