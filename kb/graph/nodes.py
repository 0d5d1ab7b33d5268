"""rdflib returns every term as a ``Node``; these narrow one to what the ontology's shape guarantees."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.term import Node


def as_iri(node: Node | None) -> URIRef:
    """A node that must be an IRI (a subject of rdf:type in the curated Turtle, the object of an IRI-valued
    property); anything else is a broken ontology, not a value to convert."""
    if not isinstance(node, URIRef):
        raise TypeError(f"expected an IRI, got {node!r}")
    return node


def as_int(node: Node | None, default: int = 0) -> int:
    """An integer literal such as pkb:order; ``default`` when absent (or a false literal, such as 0)."""
    return int(str(node)) if node else default
