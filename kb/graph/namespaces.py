"""RDF namespaces of the knowledge graph (see docs/data-model.md)."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

PKB = Namespace("https://w3id.org/policykb/ontology#")
PKBID = Namespace("https://w3id.org/policykb/id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "pkb": PKB,
    "pkbid": PKBID,
    "eli": ELI,
    "org": ORG,
    "cv": CV,
    "cpsv": CPSV,
    "schema": SCHEMA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

# ASCII characters that stay as they are in instance IRIs; non-ASCII (Chinese names) is kept readable,
# as IRIs allow, so curated Turtle can name a department by its IRI.
_SAFE_ASCII = "-_.~()"


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def instance(*parts: str) -> URIRef:
    """An instance IRI under pkbid:, e.g. instance("org", "省林草局")."""
    return URIRef(str(PKBID) + "/".join(_iri_segment(part) for part in parts))


def _iri_segment(text: str) -> str:
    return "".join(ch if ord(ch) > 0x7F or ch.isalnum() or ch in _SAFE_ASCII else quote(ch, safe="") for ch in text)


def doc_iri(doc_id: str) -> URIRef:
    return instance("doc", doc_id)


def section_iri(doc_id: str, section_no: int) -> URIRef:
    return instance("doc", doc_id, f"s{section_no}")


def clause_slug(kind: str, section_no: int, item_no: int | None) -> str:
    if kind == "preamble":
        return "preamble"
    if kind == "section":
        return f"s{section_no}-intro"
    return f"s{section_no}-i{item_no}"


def clause_iri(doc_id: str, slug: str) -> URIRef:
    return instance("doc", doc_id, slug)


def org_iri(name: str) -> URIRef:
    return instance("org", name)
