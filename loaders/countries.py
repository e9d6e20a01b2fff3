"""The countries loader: every ISO 3166-1 entry, from pycountry (the Debian iso-codes data).

Codes (alpha-2, alpha-3, numeric), names in the six UN languages from pycountry's translations,
links by IRI to DPV-LOC, and — from the curated crosswalk ``sources/crosswalks/iso3166.csv`` —
Wikidata QIDs and the kind of jurisdiction (state or territory).
"""

from __future__ import annotations

import csv
import functools
import gettext
from dataclasses import dataclass
from pathlib import Path

from importlib.metadata import version

import pycountry
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from dgkg.namespaces import DGKG, DPV_LOC, WD, individual

# language tag in the graph -> gettext locale of pycountry's iso3166-1 catalogue
UN_LANGUAGES = {"zh": "zh_CN", "fr": "fr", "es": "es", "ar": "ar", "ru": "ru"}
ISO_CODES_SOURCE = URIRef("https://salsa.debian.org/iso-codes-team/iso-codes")
KIND_CLASSES = {"state": DGKG.State, "territory": DGKG.Territory}


@dataclass(frozen=True)
class CrosswalkRow:
    alpha2: str
    wikidata: str | None
    kind: str | None
    source: str | None


@functools.lru_cache(maxsize=1)
def iso_alpha2_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@functools.lru_cache(maxsize=None)
def _translator(locale: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True)


def read_crosswalk(path: Path) -> dict[str, CrosswalkRow]:
    """alpha2 -> row. Lines starting with '#' are comments (they cite the sources)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        out = {}
        for line_no, row in enumerate(rows, start=2):
            code = (row.get("alpha2") or "").strip()
            if code not in iso_alpha2_codes():
                raise ValueError(f"{path}:{line_no}: alpha2: {code!r} is not an ISO 3166-1 alpha-2 code")
            kind = (row.get("kind") or "").strip() or None
            if kind is not None and kind not in KIND_CLASSES:
                raise ValueError(f"{path}:{line_no}: kind: {kind!r} is not one of {', '.join(KIND_CLASSES)}")
            qid = (row.get("wikidata") or "").strip() or None
            if qid is not None and not (qid.startswith("Q") and qid[1:].isdigit()):
                raise ValueError(f"{path}:{line_no}: wikidata: {qid!r} is not a QID")
            out[code] = CrosswalkRow(code, qid, kind, (row.get("source") or "").strip() or None)
        return out


def country_triples(country, crosswalk: dict[str, CrosswalkRow]) -> list[tuple]:
    s = URIRef(individual("jurisdiction", country.alpha_2))
    row = crosswalk.get(country.alpha_2)
    out = [
        (s, RDF.type, KIND_CLASSES[row.kind] if row and row.kind else DGKG.Jurisdiction),
        (s, DGKG.code, Literal(country.alpha_2)),
        (s, DGKG.alpha3, Literal(country.alpha_3)),
        (s, DGKG.numericCode, Literal(country.numeric)),
        (s, RDFS.label, Literal(country.name, lang="en")),
        (s, SKOS.exactMatch, DPV_LOC[country.alpha_2]),
        (s, DCTERMS.source, ISO_CODES_SOURCE),
    ]
    common = getattr(country, "common_name", None)
    if common and common != country.name:
        out.append((s, SKOS.altLabel, Literal(common, lang="en")))
    for tag, locale in UN_LANGUAGES.items():
        name = _translator(locale).gettext(country.name)
        out.append((s, RDFS.label, Literal(name, lang=tag)))
    if row and row.wikidata:
        out.append((s, OWL.sameAs, WD[row.wikidata]))
        if row.source:
            out.append((s, DCTERMS.source, URIRef(row.source)))
    return out


def countries_triples(crosswalk_path: Path) -> list[tuple]:
    crosswalk = read_crosswalk(crosswalk_path)
    out = [
        (ISO_CODES_SOURCE, RDF.type, DGKG.SourceDocument),
        (ISO_CODES_SOURCE, DCTERMS.title, Literal(f"ISO 3166-1 as packaged by the iso-codes project (pycountry {version('pycountry')})")),
        (ISO_CODES_SOURCE, DGKG.official, Literal(False)),
    ]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        out += country_triples(country, crosswalk)
    return sorted(set(out))
