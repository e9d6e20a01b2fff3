"""SPARQL 1.1 result serialisations (JSON, XML, CSV, TSV) and RDF formats for graph results."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .querypool import Result, decode

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
}


def negotiate(accept: str | None, offers: list[str], default: str) -> str | None:
    """The best offered media type for an Accept header (q-values, wildcards); None if none fits.

    Each offer scores (q, specificity) from the most specific range that matches it; ties keep the
    order of ``offers``; an Accept that only matches through */* gets ``default``.
    """
    if not accept or not accept.strip():
        return default
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((pieces[0].lower(), q))

    def score(offer: str) -> tuple[float, int]:
        best = (0.0, -1)
        for media, q in ranges:
            if media == offer:
                specificity = 2
            elif media.endswith("/*") and media != "*/*" and offer.startswith(media[:-1]):
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if specificity > best[1]:
                best = (q, specificity)
        return best

    scored = [(score(offer), -i, offer) for i, offer in enumerate(offers)]
    (q, specificity), _, offer = max(scored)
    if q <= 0:
        return None
    return default if specificity == 0 and default in offers else offer


def json_term(encoded) -> dict:
    kind = encoded[0]
    if kind == "uri":
        return {"type": "uri", "value": encoded[1]}
    if kind == "bnode":
        return {"type": "bnode", "value": encoded[1]}
    _, value, datatype, language = encoded
    out = {"type": "literal", "value": value}
    if language:
        out["xml:lang"] = language
    elif datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = datatype
    return out


def to_json(result: Result) -> str:
    if result.form == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{c: json_term(t) for c, t in zip(result.columns, row) if t is not None} for row in result.rows]
    doc = {"head": {"vars": result.columns}, "results": {"bindings": bindings}}
    if result.truncated:
        doc["head"]["link"] = ["urn:dgkg:truncated"]
    return json.dumps(doc, ensure_ascii=False)


def xml_term(encoded) -> str:
    kind = encoded[0]
    if kind == "uri":
        return f"<uri>{escape(encoded[1])}</uri>"
    if kind == "bnode":
        return f"<bnode>{escape(encoded[1])}</bnode>"
    _, value, datatype, language = encoded
    if language:
        return f"<literal xml:lang={quoteattr(language)}>{escape(value)}</literal>"
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(datatype)}>{escape(value)}</literal>"
    return f"<literal>{escape(value)}</literal>"


def to_xml(result: Result) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(c)}/>" for c in result.columns]
    if result.truncated:
        out.append('<link href="urn:dgkg:truncated"/>')
    out.append("</head>")
    if result.form == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(c)}>{xml_term(t)}</binding>" for c, t in zip(result.columns, row) if t is not None) + "</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out)


def tsv_term(encoded) -> str:
    if encoded is None:
        return ""
    kind = encoded[0]
    if kind == "uri":
        return f"<{encoded[1]}>"
    if kind == "bnode":
        return f"_:{encoded[1]}"
    return str(decode(encoded))


def to_delimited(result: Result, tsv: bool) -> str:
    out = io.StringIO()
    if tsv:
        out.write("\t".join(f"?{c}" for c in result.columns) + "\n")
        for row in result.rows:
            out.write("\t".join(tsv_term(t) for t in row) + "\n")
    else:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if t is None else t[1] for t in row])
    return out.getvalue()


def serialize_select(result: Result, kind: str) -> bytes:
    if result.form == "ask" and kind in ("csv", "tsv"):
        return ("true" if result.boolean else "false").encode()
    return {"json": to_json, "xml": to_xml}.get(kind, lambda r: to_delimited(r, kind == "tsv"))(result).encode()


def serialize_graph(result: Result, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    triples = [ox.Triple(decode(s), decode(p), decode(o)) for s, p, o in result.rows]
    if fmt == ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=fmt, prefixes=prefixes)
    return ox.serialize(triples, format=fmt)
