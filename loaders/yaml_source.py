"""The YAML source loader: one small pure function per source field (DPV's vocab_schemas style).

``convert(doc, registry)`` turns one checked, normalised source document (see ``dgkg.schema``) into
triples. Every fact node has a deterministic IRI, so rebuilding gives an identical graph, and no
blank nodes are used.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from dgkg.namespaces import DGKG, ID, WD, individual
from dgkg.resources import concept, instrument_kinds, jurisdiction_kinds

Triple = tuple
FieldFn = Callable[[URIRef, object, "Context"], Iterable[Triple]]


def fragment(value: str) -> str:
    """A stable IRI path segment for free text such as an article number ('14.11' -> '14-11')."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


class Context:
    """What a field function may know besides its value: the file's sources and the IRI resolver."""

    def __init__(self, sources: dict, resolve: Callable[[str, str], URIRef]):
        self.sources = sources
        self.resolve = resolve

    def source_iri(self, key: str) -> URIRef:
        return URIRef(self.sources[key]["url"])


# ------------------------------------------------------------------ field functions (pure)
def literal(predicate: URIRef) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, Literal(v))]


def xsd_date(predicate: URIRef) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, Literal(v.isoformat(), datatype=XSD.date))]


def date_or_period(predicate: URIRef, period_predicate: URIRef) -> FieldFn:
    """A full date on `predicate`; a year (int) or "YYYY-MM" on `period_predicate` as xsd:gYear /
    xsd:gYearMonth, so date comparisons on `predicate` never meet a partial value. (The schema decides
    which precisions a field accepts: `adopted` a date or a year, membership dates all three.)"""
    def triples(s, v, ctx):
        if isinstance(v, int):
            return [(s, period_predicate, Literal(f"{v:04d}", datatype=XSD.gYear))]
        if isinstance(v, str):
            return [(s, period_predicate, Literal(v, datatype=XSD.gYearMonth))]
        return [(s, predicate, Literal(v.isoformat(), datatype=XSD.date))]

    return triples


def period_key(v) -> str:
    """How a date, year or year-month appears in a fact IRI."""
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def boolean(predicate: URIRef) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, Literal(bool(v)))]


def integer(predicate: URIRef) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, Literal(int(v)))]


def lang_map(predicate: URIRef) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, Literal(text, lang=lang)) for lang, text in sorted(v.items())]


def iri(predicate: URIRef) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, URIRef(v))]


def resolved(predicate: URIRef, kind: str) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, ctx.resolve(kind, v))]


def resolved_list(predicate: URIRef, kind: str) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, ctx.resolve(kind, item)) for item in v]


def concept_of(predicate: URIRef, scheme: str) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, URIRef(concept(scheme, v)))]


def concepts_of(predicate: URIRef, scheme: str) -> FieldFn:
    return lambda s, v, ctx: [(s, predicate, URIRef(concept(scheme, item))) for item in v]


def cited(s: URIRef, v: str, ctx: Context) -> list[Triple]:
    return [(s, DCTERMS.source, ctx.source_iri(v))]


def wikidata(s: URIRef, v: str, ctx: Context) -> list[Triple]:
    return [(s, OWL.sameAs, WD[v])]


def instrument_kind(s: URIRef, v: str, ctx: Context) -> list[Triple]:
    return [(s, RDF.type, URIRef(instrument_kinds()[v]))]


def jurisdiction_kind(s: URIRef, v: str, ctx: Context) -> list[Triple]:
    return [(s, RDF.type, URIRef(jurisdiction_kinds()[v]))]


def legal_basis(s: URIRef, v: dict, ctx: Context) -> list[Triple]:
    out = [(s, DGKG.legalBasis, ctx.resolve("instrument", v["instrument"]))]
    if "article" in v:
        out.append((s, DGKG.legalBasisArticle, Literal(v["article"])))
    return out


CITATION: dict[str, FieldFn] = {
    "source": cited,
    "pinpoint": literal(DGKG.pinpoint),
    "verified": boolean(DGKG.verified),
    "note": literal(DGKG.note),
}

SOURCE_DOCUMENT: dict[str, FieldFn] = {
    "title": literal(DCTERMS.title),
    "publisher": literal(DCTERMS.publisher),
    "official": boolean(DGKG.official),
    "read": xsd_date(DGKG.dateRead),
    "note": literal(DGKG.note),
}

PARTICIPATION: dict[str, FieldFn] = {
    "party": resolved(DGKG.party, "party"),
    "act": concept_of(DGKG.act, "act"),
    "date": xsd_date(DGKG.date),
    **CITATION,
}

PRINCIPLE_ASSERTION: dict[str, FieldFn] = {"principle": concept_of(DGKG.principle, "principle"), **CITATION}

PROVISION: dict[str, FieldFn] = {
    "article": literal(DGKG.article),
    "title": literal(DCTERMS.title),
    "topics": concepts_of(DGKG.topic, "topic"),
    "bindingness": concept_of(DGKG.bindingness, "bindingness"),
    "exception": literal(DGKG.exception),
    **CITATION,
}

PROPOSAL: dict[str, FieldFn] = {
    "number": integer(DGKG.number),
    "text": lang_map(DGKG.text),
    "topics": concepts_of(DGKG.topic, "topic"),
    "principles": concepts_of(DGKG.principle, "principle"),
    **CITATION,
}

INSTRUMENT: dict[str, FieldFn] = {
    "id": literal(DGKG.identifier),
    "kind": instrument_kind,
    "labels": lang_map(RDFS.label),
    "short_name": literal(DGKG.shortName),
    "jurisdiction": resolved(DGKG.jurisdiction, "jurisdiction"),
    "issuer": resolved(DGKG.issuer, "party"),
    "adopted": date_or_period(DGKG.adopted, DGKG.adoptedYear),
    "in_force": xsd_date(DGKG.inForce),
    "ended": xsd_date(DGKG.ended),
    "status": concept_of(DGKG.status, "status"),
    "amends": resolved(DGKG.amends, "instrument"),
    "url": iri(FOAF.page),
    "description": lang_map(DCTERMS.description),
    "wikidata": wikidata,
    **CITATION,
}

MEMBERSHIP: dict[str, FieldFn] = {
    "member": resolved(DGKG.member, "party"),
    "from": date_or_period(DGKG.validFrom, DGKG.validFromPeriod),
    "until": date_or_period(DGKG.validUntil, DGKG.validUntilPeriod),
    **CITATION,
}

ORGANISATION: dict[str, FieldFn] = {
    "labels": lang_map(RDFS.label),
    "short_name": literal(DGKG.shortName),
    "wikidata": wikidata,
    "url": iri(FOAF.page),
    "part_of": resolved(DGKG.partOf, "party"),
    **CITATION,
}

AUTHORITY: dict[str, FieldFn] = {
    "id": literal(DGKG.identifier),
    "labels": lang_map(RDFS.label),
    "url": iri(FOAF.page),
    **CITATION,
}

MECHANISM: dict[str, FieldFn] = {
    "id": literal(DGKG.identifier),
    "type": concept_of(DGKG.mechanismType, "mechanism-type"),
    "labels": lang_map(RDFS.label),
    "legal_basis": legal_basis,
    "conditions": literal(DGKG.conditions),
    "from": xsd_date(DGKG.validFrom),
    "until": xsd_date(DGKG.validUntil),
    **CITATION,
}

REGIME: dict[str, FieldFn] = {
    "id": literal(DGKG.identifier),
    "jurisdiction": resolved(DGKG.jurisdiction, "jurisdiction"),
    "organisation": resolved(DGKG.organisation, "party"),
    "labels": lang_map(RDFS.label),
    "laws": resolved_list(DGKG.law, "instrument"),
    **CITATION,
}

RECOGNITION: dict[str, FieldFn] = {
    "id": literal(DGKG.identifier),
    "recogniser": resolved(DGKG.recogniser, "party"),
    "recognised": resolved(DGKG.recognised, "recognisable"),
    "kind": concept_of(DGKG.recognitionKind, "recognition-kind"),
    "scope": literal(DGKG.scope),
    "instrument": resolved(DGKG.instrument, "instrument"),
    "valid_from": xsd_date(DGKG.validFrom),
    "valid_until": xsd_date(DGKG.validUntil),
    "status": concept_of(DGKG.status, "status"),
    "ended_by": resolved(DGKG.endedBy, "instrument"),
    **CITATION,
}

CORRESPONDENCE: dict[str, FieldFn] = {
    "id": literal(DGKG.identifier),
    "mechanism_a": resolved(DGKG.mechanismA, "standard"),
    "mechanism_b": resolved(DGKG.mechanismB, "standard"),
    "relation": concept_of(DGKG.relation, "relation"),
    "instrument": resolved(DGKG.instrument, "instrument"),
    "since": xsd_date(DGKG.validFrom),
    "scope": literal(DGKG.scope),
    **CITATION,
}

JURISDICTION: dict[str, FieldFn] = {
    "code": literal(DGKG.code),
    "kind": jurisdiction_kind,
    "labels": lang_map(RDFS.label),
    "part_of": resolved(DGKG.partOf, "jurisdiction"),
    "wikidata": wikidata,
    **CITATION,
}


def apply(table: dict[str, FieldFn], subject: URIRef, record: dict, ctx: Context) -> list[Triple]:
    out: list[Triple] = []
    for name, fn in table.items():
        if name in record:
            out.extend(fn(subject, record[name], ctx))
    return out


# ------------------------------------------------------------------ records -> triples
def fact_iri(kind: str, *parts: str) -> URIRef:
    return URIRef(individual(kind, "/".join(parts)))


def provision_keys(provisions: list[dict]) -> list[str]:
    """IRI keys of an instrument's provisions: the article, plus the title where articles repeat
    (curators sometimes only know the chapter: 'Ch. 14' on several provisions)."""
    articles = [fragment(p.get("article", "")) for p in provisions]
    repeated = {a for a in articles if articles.count(a) > 1}
    return [f"{a}-{fragment(p.get('title', ''))}" if a in repeated and p.get("title") else a for a, p in zip(articles, provisions)]


def instrument_triples(rec: dict, ctx: Context) -> list[Triple]:
    slug = rec["id"]
    s = URIRef(individual("instrument", slug))
    out = apply(INSTRUMENT, s, rec, ctx)
    for p in rec.get("parties", []):
        node = fact_iri("participation", slug, p["party"], p["act"], p["date"].isoformat())
        out += [(node, RDF.type, DGKG.Participation), (node, DGKG.instrument, s)]
        out += apply(PARTICIPATION, node, p, ctx)
    for p in rec.get("principles", []):
        node = fact_iri("principle-assertion", slug, p["principle"])
        out += [(node, RDF.type, DGKG.PrincipleAssertion), (node, DGKG.instrument, s)]
        out += apply(PRINCIPLE_ASSERTION, node, p, ctx)
    for p, key in zip(rec.get("provisions", []), provision_keys(rec.get("provisions", []))):
        node = fact_iri("provision", slug, key)
        out += [(node, RDF.type, DGKG.Provision), (node, DGKG.instrument, s), (s, DGKG.hasProvision, node)]
        out += apply(PROVISION, node, p, ctx)
    for p in rec.get("proposals", []):
        node = fact_iri("proposal", slug, str(p["number"]))
        out += [(node, RDF.type, DGKG.Proposal), (node, DGKG.instrument, s), (s, DGKG.hasProposal, node)]
        out += apply(PROPOSAL, node, p, ctx)
    return out


def organisation_triples(rec: dict, ctx: Context) -> list[Triple]:
    s = ctx.resolve("party", rec["id"])
    out = [(s, RDF.type, DGKG.Organisation), (s, DGKG.identifier, Literal(rec["id"]))]
    out += apply(ORGANISATION, s, rec, ctx)
    for m in rec.get("members", []):
        start = period_key(m["from"]) if "from" in m else "undated"
        node = fact_iri("membership", rec["id"], m["member"], start)
        out += [(node, RDF.type, DGKG.Membership), (node, DGKG.organisation, s)]
        out += apply(MEMBERSHIP, node, m, ctx)
    return out


def regime_triples(rec: dict, ctx: Context) -> list[Triple]:
    s = URIRef(individual("regime", rec["id"]))
    out = [(s, RDF.type, DGKG.Regime)] + apply(REGIME, s, rec, ctx)
    if "authority" in rec:
        auth = rec["authority"]
        a = URIRef(individual("organisation", auth["id"]))
        out += [(s, DGKG.authority, a), (a, RDF.type, DGKG.SupervisoryAuthority)]
        out += apply(AUTHORITY, a, auth, ctx)
    for m in rec.get("mechanisms", []):
        node = URIRef(individual("mechanism", m["id"]))
        out += [(node, RDF.type, DGKG.TransferMechanism), (node, DGKG.regime, s), (s, DGKG.hasMechanism, node)]
        out += apply(MECHANISM, node, m, ctx)
    return out


def recognition_slug(rec: dict) -> str:
    return rec.get("id") or fragment(f"{rec['recogniser']}-{rec['recognised']}-{rec['instrument']}")


def recognition_triples(rec: dict, ctx: Context) -> list[Triple]:
    s = URIRef(individual("recognition", recognition_slug(rec)))
    return [(s, RDF.type, DGKG.Recognition)] + apply(RECOGNITION, s, rec, ctx)


def correspondence_triples(rec: dict, ctx: Context) -> list[Triple]:
    s = URIRef(individual("correspondence", rec["id"]))
    return [(s, RDF.type, DGKG.MechanismCorrespondence)] + apply(CORRESPONDENCE, s, rec, ctx)


def jurisdiction_triples(rec: dict, ctx: Context) -> list[Triple]:
    s = URIRef(individual("jurisdiction", rec["code"]))
    return apply(JURISDICTION, s, rec, ctx)


def source_document_triples(doc: dict) -> list[Triple]:
    out: list[Triple] = []
    for key in sorted(doc["sources"]):
        entry = doc["sources"][key]
        s = URIRef(entry["url"])
        out.append((s, RDF.type, DGKG.SourceDocument))
        out += apply(SOURCE_DOCUMENT, s, entry, Context(doc["sources"], lambda k, v: URIRef(v)))
    return out


def retired_triples(rec: dict, ctx: Context) -> list[Triple]:
    """An IRI of an earlier release that the graph no longer uses keeps resolving: owl:deprecated,
    what replaces it (if anything does) and why, as the release promise requires."""
    s = URIRef(str(ID) + rec["iri"])
    out = [(s, OWL.deprecated, Literal(True)), (s, SKOS.historyNote, Literal(f"Retired on {rec['date'].isoformat()}: {rec['reason']}", lang="en"))]
    for replacement in rec.get("replaced_by", []):
        out.append((s, DCTERMS.isReplacedBy, URIRef(str(ID) + replacement)))
    return out


SECTION_CONVERTERS: dict[str, Callable[[dict, Context], list[Triple]]] = {
    "instruments": instrument_triples,
    "organisations": organisation_triples,
    "regimes": regime_triples,
    "recognitions": recognition_triples,
    "correspondences": correspondence_triples,
    "jurisdictions": jurisdiction_triples,
    "retired": retired_triples,
}


def convert(doc: dict, resolve: Callable[[str, str], URIRef]) -> list[Triple]:
    """All triples of one checked source document (sorted, duplicates removed)."""
    ctx = Context(doc["sources"], resolve)
    out = source_document_triples(doc)
    for section, converter in SECTION_CONVERTERS.items():
        for record in doc.get(section, []):
            out += converter(record, ctx)
    return sorted(set(out))
