"""The query catalogue: headers are complete, parameters are bound safely, answers are right on the
real graph (the seed instruments, party status on a date)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dgkg.catalogue import NamedQuery, QueryError, bind, catalogue, resolve
from dgkg.results import run_select

SEED = {"gcdfci", "gdsi", "gaigi", "cn-csl", "cn-dsl", "cn-pipl", "cptpp", "depa", "un-gdc"}


def select_variables(query: NamedQuery) -> list[str]:
    text = re.sub(r"#.*", "", query.text)
    match = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE", text, flags=re.S | re.I)
    assert match, query.name
    projection = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\s+AS\s+(\?\w+)\)", r"\1", match.group(1), flags=re.I)
    return re.findall(r"\?(\w+)", projection)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_header_is_complete_and_matches_the_select(name):
    query = catalogue()[name]
    assert query.title and query.question and query.columns, name
    variables = select_variables(query)
    assert variables == query.columns, f"{name}: SELECT {variables} vs header columns {query.columns}"


def test_instruments_lists_the_seed_with_english_and_chinese_labels(release_store):
    rows = run_select(release_store, bind(resolve("instruments"), {})).rows
    by_slug = {r["slug"]: r for r in rows}
    assert SEED <= set(by_slug), SEED - set(by_slug)
    for slug in SEED:
        assert by_slug[slug]["label"] and by_slug[slug]["label_zh"], slug
    assert by_slug["gcdfci"]["label_zh"] == "全球数据跨境流动合作倡议"
    assert by_slug["gcdfci"]["binding"] == "non-binding" and by_slug["cptpp"]["binding"] == "binding"
    assert by_slug["cn-pipl"]["binding"] == "domestic"
    assert isinstance(by_slug["cptpp"]["adopted"], dt.date)
    assert by_slug["cptpp"]["adopted"] == dt.date(2018, 3, 8)


def test_instruments_filters_by_kind(release_store):
    rows = run_select(release_store, bind(resolve("instruments"), {"kind": "initiative"})).rows
    assert {"gcdfci", "gdsi", "gaigi"} <= {r["slug"] for r in rows}
    assert {r["kind"] for r in rows} == {"initiative"}


def parties(store, instrument, on):
    rows = run_select(store, bind(resolve("parties"), {"instrument": instrument, "on": on})).rows
    return {r["party_code"] for r in rows if r["is_party_on"]}, rows


def test_cptpp_parties_change_with_the_date(release_store):
    before, rows = parties(release_store, "cptpp", "2018-12-29")
    assert before == set()
    first, _ = parties(release_store, "cptpp", "2018-12-30")
    assert {"AU", "CA", "JP", "MX", "NZ", "SG"} <= first and "GB" not in first
    later, _ = parties(release_store, "cptpp", "2025-01-01")
    assert "GB" in later and "CN" not in later
    assert any(r["party_code"] == "CN" and r["act"] == "application" and r["date"] == dt.date(2021, 9, 16) for r in rows)


def test_depa_korea_accession(release_store):
    on_2023, _ = parties(release_store, "depa", "2023-12-31")
    on_2025, rows = parties(release_store, "depa", "2025-01-01")
    assert {"CL", "NZ", "SG"} <= on_2023 and "KR" not in on_2023
    assert "KR" in on_2025
    assert any(r["party_code"] == "CN" and r["act"] == "application" for r in rows)


@pytest.mark.parametrize("value", ['cptpp" } DROP ALL', "cptpp> <x", "CPTPP", ""])
def test_bad_slug_parameters_are_refused(value):
    with pytest.raises(QueryError):
        bind(resolve("parties"), {"instrument": value})


@pytest.mark.parametrize("value", ["2024-02-30", "2024-1-1", '2024-01-01"^^<x>'])
def test_bad_dates_are_refused(value):
    with pytest.raises(QueryError):
        bind(resolve("parties"), {"instrument": "cptpp", "on": value})


def test_unknown_and_missing_parameters_are_refused():
    with pytest.raises(QueryError, match="needs parameter instrument"):
        bind(resolve("parties"), {})
    with pytest.raises(QueryError, match="has no parameter"):
        bind(resolve("parties"), {"instrument": "cptpp", "colour": "red"})


def test_values_are_bound_as_escaped_terms():
    text = bind(resolve("parties"), {"instrument": "cptpp", "on": "2024-01-01"})
    assert 'VALUES (?param_instrument ?param_on) { ("cptpp" "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) }' in text
    text = bind(resolve("instruments"), {})
    assert "VALUES (?param_kind) { (UNDEF) }" in text


def test_on_defaults_to_today():
    text = bind(resolve("parties"), {"instrument": "cptpp"}, today=dt.date(2030, 1, 2))
    assert '"2030-01-02"^^<http://www.w3.org/2001/XMLSchema#date>' in text
