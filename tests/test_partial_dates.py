"""Memberships whose sources give only a year or a month keep that precision (xsd:gYear /
xsd:gYearMonth on dgkg:validFromPeriod): no day is invented, and day-based queries never see them."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from dgkg import schema
from dgkg.cli import main
from dgkg.errors import SourceError
from dgkg.sources import read_sources

ORGANISATION = """\
sources:
  forum-page:
    url: https://example.org/forum/members
    title: Members
    official: true
    read: 2026-11-29
organisations:
  - id: test-forum
    labels: {en: "Test forum", zh: "测试论坛"}
    kind: forum
    source: forum-page
    members:
      - {member: NZ, from: 1989, source: forum-page}
      - {member: SG, from: "1991-11", until: 2020, source: forum-page}
      - {member: CL, from: 2021-01-07, source: forum-page}
"""

ID = "https://w3id.org/dgkg/id/membership/test-forum/"
DGKG = "https://w3id.org/dgkg/ontology#"


@pytest.mark.parametrize("value, expected", [(1989, 1989), ("1991-11", "1991-11"), ("2021-01-07", dt.date(2021, 1, 7)), (dt.date(2021, 1, 7), dt.date(2021, 1, 7))])
def test_accepted_precisions(value, expected):
    assert schema.date_or_period(value) == expected


@pytest.mark.parametrize("value", ["1991-13", "1991-1", "91", 12, True, "November 1991"])
def test_rejected_values(value):
    with pytest.raises(schema.Invalid):
        schema.date_or_period(value)


def test_bad_period_is_located(mini_checkout):
    path = mini_checkout / "sources" / "organisations" / "forum.yaml"
    path.parent.mkdir()
    path.write_text(ORGANISATION.replace('from: "1991-11"', 'from: "1991-13"'), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_sources(mini_checkout / "sources")
    assert any("sources/organisations/forum.yaml:14: organisations[0].members[1].from" in str(p) for p in info.value.problems), info.value.problems


def test_built_graph_keeps_the_precision(mini_checkout):
    path = mini_checkout / "sources" / "organisations" / "forum.yaml"
    path.parent.mkdir()
    path.write_text(ORGANISATION, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(mini_checkout)])
    assert result.exit_code == 0, result.output
    graph = Dataset(default_union=True)
    graph.parse(mini_checkout / "graphs" / "dgkg.trig", format="trig")

    def values(fact: str, prop: str) -> set:
        return set(graph.objects(URIRef(ID + fact), URIRef(DGKG + prop)))

    assert values("NZ/1989", "validFromPeriod") == {Literal("1989", datatype=XSD.gYear)}
    assert values("NZ/1989", "validFrom") == set()
    assert values("SG/1991-11", "validFromPeriod") == {Literal("1991-11", datatype=XSD.gYearMonth)}
    assert values("SG/1991-11", "validUntilPeriod") == {Literal("2020", datatype=XSD.gYear)}
    assert values("CL/2021-01-07", "validFrom") == {Literal("2021-01-07", datatype=XSD.date)}
    # the member-of rule treats an end year as an end: SG is no longer a member, NZ and CL are
    members = {str(s).rsplit("/", 1)[-1] for s in graph.subjects(URIRef(DGKG + "isMemberOf"), URIRef("https://w3id.org/dgkg/id/organisation/test-forum"))}
    assert members == {"NZ", "CL"}
