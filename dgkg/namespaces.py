"""The one namespace registry of the project (design §2): every IRI base and prefix lives here."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, VOID, FOAF

BASE = "https://w3id.org/dgkg/"
DGKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
RELEASE = Namespace(BASE + "release/")

WD = Namespace("http://www.wikidata.org/entity/")
DPV = Namespace("https://w3id.org/dpv#")
DPV_LOC = Namespace("https://w3id.org/dpv/loc#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
LKIF = Namespace("http://www.estrellaproject.org/lkif-core/norm.owl#")
SDO = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

PREFIXES: dict[str, str] = {
    "dgkg": str(DGKG),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "void": str(VOID),
    "foaf": str(FOAF),
    "dcat": str(DCAT),
    "sh": str(SH),
    "wd": str(WD),
    "dpv": str(DPV),
    "loc": str(DPV_LOC),
    "eli": str(ELI),
    "lkif": str(LKIF),
    "schema": str(SDO),
}


def individual(kind: str, slug: str) -> str:
    """IRI of an individual: ``https://w3id.org/dgkg/id/<kind>/<slug>``."""
    return f"{ID}{kind}/{slug}"


def named_graph(name: str) -> str:
    """IRI of a named graph of the dataset."""
    return f"{GRAPH}{name}"


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
