"""HTML pages of ``dgkg serve``: the query page, entity pages, the ontology documentation and the
recognition matrix. Server-side rendered, escaped, no external resources."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from . import __version__
from .namespaces import BASE, DGKG, PREFIXES

NAV = ('<header><h1>dgkg</h1><a href="/">query</a><a href="/ontology">ontology</a><a href="/matrix">recognition matrix</a>'
       '<a href="/network">instrument network</a><a href="/id/instrument/gcdfci">seed initiative</a></header>')


def page(title: str, body: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} — dgkg</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/dgkg.css">{head}</head>'
            f"<body>{NAV}<main>{body}</main></body></html>").encode()


def local(iri: str) -> str:
    """Link target for an IRI: our own IRIs resolve on this server."""
    return iri[len(BASE) - 1:] if iri.startswith(BASE) else iri


def curie(iri: str) -> str:
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and prefix != "id":
            return f"{prefix}:{iri[len(base):]}"
    return iri


def value_html(term, labels: dict[str, str]) -> str:
    if isinstance(term, Literal):
        lang = f' <span class="muted">@{escape(term.language)}</span>' if term.language else ""
        return f'<span lang="{escape(term.language or "")}">{escape(str(term))}</span>{lang}'
    iri = str(term)
    text = labels.get(iri) or curie(iri)
    return f'<a href="{escape(local(iri))}">{escape(text)}</a>'


def source_link(url: str | None) -> str:
    return f'<a href="{escape(url)}">source</a>' if url else ""


def index_page() -> bytes:
    body = """<p>The open knowledge graph of cross-border data governance. Pick a named competency query or write
    your own SPARQL; it runs on <code>/sparql</code> (SPARQL 1.1 Protocol, read-only).</p>
    <label for="catalogue">Catalogue:</label> <select id="catalogue"><option value="">— a named query —</option></select>
    <p id="question" class="muted"></p><div id="yasgui"></div>"""
    head = '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css"><script src="/static/yasgui/yasgui.min.js"></script>'
    return page("query", body + '<script src="/static/dgkg.js"></script>', head)


def entity_page(iri: str, graph: Graph, incoming: list[tuple], labels: dict[str, str], timeline: list[dict]) -> bytes:
    subject = URIRef(iri)
    names = sorted(graph.objects(subject, RDFS.label), key=lambda l: (l.language != "en", l.language != "zh", l.language or ""))
    title = str(names[0]) if names else curie(iri)
    zh = [str(n) for n in names if n.language == "zh"]
    types = ", ".join(value_html(t, labels) for t in sorted(graph.objects(subject, RDF.type)))
    rows = []
    for p, o in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
        if p in (RDF.type,):
            continue
        rows.append(f"<tr><th>{value_html(p, labels)}</th><td>{value_html(o, labels)}</td></tr>")
    facts = defaultdict(list)
    for fact, fact_type, role, props in incoming:
        facts[fact_type].append((fact, role, props))
    fact_html = []
    for fact_type in sorted(facts):
        fact_html.append(f"<h3>{escape(curie(fact_type))} ({len(facts[fact_type])})</h3><table class='facts'><tr><th>fact</th><th>role</th><th>details</th><th>source</th></tr>")
        for fact, role, props in sorted(facts[fact_type])[:300]:
            details = "; ".join(f"{escape(curie(p))}: {value_html(o, labels)}" for p, o in props if p not in ("http://purl.org/dc/terms/source",))
            sources = " ".join(f'<a href="{escape(str(o))}">source</a>' for p, o in props if p == "http://purl.org/dc/terms/source")
            fact_html.append(f"<tr><td><a href='{escape(local(fact))}'>{escape(fact.rsplit('/id/', 1)[-1])}</a></td><td>{escape(curie(role))}</td><td>{details}</td><td>{sources}</td></tr>")
        fact_html.append("</table>")
    timeline_html = ""
    if timeline:
        items = "".join(f"<tr><td>{escape(str(t['date']))}</td><td>{escape(t['event'] or '')}</td><td>{escape(t['instrument'] or '')}</td><td>{escape(t['counterpart'] or '')}</td>"
                        f"<td>{source_link(t.get('source'))}</td></tr>" for t in timeline)
        timeline_html = f"<h2>Timeline</h2><table class='facts' id='timeline'><tr><th>date</th><th>event</th><th>instrument</th><th>counterpart</th><th>source</th></tr>{items}</table>"
    body = (f"<h1 id='label'>{escape(title)}</h1>" + (f"<p id='label-zh' lang='zh'>{escape(zh[0])}</p>" if zh else "")
            + f"<p class='muted'><code>{escape(iri)}</code> — {types}</p>"
            + f"<p>Also as <a href='{escape(local(iri))}?format=ttl'>Turtle</a>, <a href='{escape(local(iri))}?format=jsonld'>JSON-LD</a>, <a href='{escape(local(iri))}?format=nt'>N-Triples</a>.</p>"
            + f"<h2>Statements</h2><table class='facts' id='statements'>{''.join(rows)}</table>"
            + timeline_html + ("<h2>Facts about it</h2>" + "".join(fact_html) if fact_html else ""))
    return page(title, body)


def ontology_page(graph: Graph) -> bytes:
    """Documentation of the ontology and its concept schemes, generated from the ontology graph."""
    def term_rows(kind) -> str:
        out = []
        for term in sorted(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(DGKG))):
            en = next((l for l in graph.objects(term, RDFS.label) if l.language == "en"), "")
            zh = next((l for l in graph.objects(term, RDFS.label) if l.language == "zh"), "")
            parents = ", ".join(curie(str(p)) for p in graph.objects(term, RDFS.subClassOf) if isinstance(p, URIRef))
            matches = ", ".join(f"<a href='{escape(str(m))}'>{escape(curie(str(m)))}</a>" for m in graph.objects(term, SKOS.closeMatch))
            out.append(f"<tr id='{escape(str(term).split('#')[-1])}'><td><code>{escape(curie(str(term)))}</code></td><td>{escape(str(en))}</td><td lang='zh'>{escape(str(zh))}</td>"
                       f"<td>{escape(str(graph.value(term, SKOS.definition) or ''))}</td><td>{escape(parents)}</td><td>{matches}</td></tr>")
        return "".join(out)

    header = "<tr><th>term</th><th>label</th><th>中文</th><th>definition</th><th>sub-class of</th><th>aligned to</th></tr>"
    schemes = []
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        label = next((l for l in graph.objects(scheme, SKOS.prefLabel) if l.language == "en"), "")
        concepts = sorted(graph.subjects(SKOS.inScheme, scheme))
        items = "".join(f"<tr><td><code>{escape(str(graph.value(c, DGKG.slug)))}</code></td><td>{escape(str(next((l for l in graph.objects(c, SKOS.prefLabel) if l.language == 'en'), '')))}</td>"
                        f"<td lang='zh'>{escape(str(next((l for l in graph.objects(c, SKOS.prefLabel) if l.language == 'zh'), '')))}</td><td>{escape(str(graph.value(c, SKOS.definition) or ''))}</td></tr>" for c in concepts)
        schemes.append(f"<h3>{escape(str(label))}</h3><table class='facts'>{items}</table>")
    version = graph.value(URIRef(BASE + "ontology"), OWL.versionInfo) or __version__
    body = (f"<h1>dgkg ontology</h1><p>Version {escape(str(version))} — <code>{escape(str(DGKG))}</code>. Also as <a href='/ontology?format=ttl'>Turtle</a>.</p>"
            f"<h2>Classes</h2><table class='facts' id='classes'>{header}{term_rows(OWL.Class)}</table>"
            f"<h2>Object properties</h2><table class='facts'>{header}{term_rows(OWL.ObjectProperty)}</table>"
            f"<h2>Datatype properties</h2><table class='facts'>{header}{term_rows(OWL.DatatypeProperty)}</table>"
            f"<h2>Concept schemes</h2>{''.join(schemes)}")
    return page("ontology", body)


def matrix_page(rows: list[dict], on: str) -> bytes:
    """Who recognises whom on a day: rows recognisers, columns recognised, cells coloured by kind;
    grey where the recognition exists but is not in force that day."""
    recognisers = sorted({r["recogniser_code"] for r in rows})
    recognised = sorted({r["recognised_code"] for r in rows})
    cells: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["recogniser_code"], r["recognised_code"])
        if key not in cells or (r["in_force"] and not cells[key]["in_force"]):
            cells[key] = r
    head = "<tr><th></th>" + "".join(f"<th class='col'>{escape(c)}</th>" for c in recognised) + "</tr>"
    body_rows = []
    for a in recognisers:
        tds = []
        for b in recognised:
            cell = cells.get((a, b))
            if cell is None:
                tds.append("<td></td>")
                continue
            classes = f"k-{cell['kind']}" + ("" if cell["in_force"] else " ended")
            title = f"{a} → {b}: {cell['kind']} ({cell['status']}) by {cell['instrument']}"
            tds.append(f"<td class='{escape(classes)}' title='{escape(title)}'>{'●' if cell['in_force'] else '○'}</td>")
        body_rows.append(f"<tr><th>{escape(a)}</th>{''.join(tds)}</tr>")
    legend = "".join(f"<span class='k-{k}'>{k}</span>" for k in ("adequacy", "partial-adequacy", "equivalence", "designation", "certification-recognition"))
    body = (f"<h1>Recognition matrix on {escape(on)}</h1><form><label>on <input type='date' name='on' value='{escape(on)}'></label> <button>show</button></form>"
            f"<p class='legend'>{legend}<span class='ended'>not in force that day</span></p>"
            f"<table class='matrix' id='matrix'>{head}{''.join(body_rows)}</table>")
    return page("recognition matrix", body)


def network_page(svg: str, on: str) -> bytes:
    """Binding instruments and their parties on a day, drawn by dgkg.plot (also `dgkg plot network`)."""
    body = (f"<h1>Instruments and their parties on {escape(on)}</h1><form><label>on <input type='date' name='on' value='{escape(on)}'></label> <button>show</button></form>"
            f"<p class='muted'>Solid edges: party on that day; dashed: other acts (signature, application …). The same picture: <code>dgkg plot network --on {escape(on)} -o network.svg</code>.</p>"
            f"<div id='network'>{svg}</div>")
    return page("instrument network", body)
