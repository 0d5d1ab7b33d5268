"""Controlled vocabularies read from the ontology: the extraction's only source of policy words."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kb.graph.namespaces import PKB
from kb.graph.nodes import as_int, as_iri


@dataclass(frozen=True)
class Term:
    iri: URIRef
    label: str  # the label that matched (prefLabel or altLabel)
    pref_label: str
    notation: str
    order: int = 0


@dataclass(frozen=True)
class Vocabulary:
    roles: tuple[Term, ...]  # by prefLabel and altLabel
    levels: tuple[Term, ...]  # notation 省/市/县
    units: tuple[Term, ...]  # by prefLabel and altLabel, longest first
    period_units: frozenset[URIRef]
    comparators: tuple[Term, ...]  # written before the number (至少3个), by prefLabel and altLabel, longest first
    comparator_suffixes: tuple[Term, ...]  # written after it (3000人以上), by pkb:suffixLabel
    areas: tuple[Term, ...]  # functional areas by every label, longest first

    def level_terms(self) -> list[Term]:
        """One term per level (省/市/县 by notation), in scheme order."""
        unique = {t.iri: t for t in self.levels}
        return sorted(unique.values(), key=lambda t: t.order)

    def role(self, label: str) -> Term | None:
        return next((t for t in self.roles if t.label == label), None)

    def comparator(self, word: str) -> Term | None:
        return next((t for t in self.comparators + self.comparator_suffixes if t.label == word), None)

    def unit(self, label: str) -> Term | None:
        return next((t for t in self.units if t.label == label), None)


def _terms(graph: Graph, cls: URIRef, label_properties: tuple[URIRef, ...] = (SKOS.altLabel,)) -> list[Term]:
    terms: list[Term] = []
    for iri in graph.subjects(RDF.type, cls):
        pref = str(graph.value(iri, SKOS.prefLabel) or "")
        notation = str(graph.value(iri, SKOS.notation) or "")
        order = as_int(graph.value(iri, PKB.order))
        labels = [str(lit) for prop in label_properties for lit in graph.objects(iri, prop)]
        if label_properties == (SKOS.altLabel,):
            labels.insert(0, pref)
        terms.extend(Term(as_iri(iri), label, pref, notation, order) for label in labels if label)
    return sorted(terms, key=lambda t: (-len(t.label), t.label))


def load_vocabulary(graph: Graph) -> Vocabulary:
    return Vocabulary(
        roles=tuple(_terms(graph, PKB.Role)),
        levels=tuple(_terms(graph, PKB.AdministrativeLevel)),
        units=tuple(_terms(graph, PKB.Unit)),
        period_units=frozenset(as_iri(s) for s in graph.subjects(PKB.isPeriod, Literal(True))),
        comparators=tuple(_terms(graph, PKB.Comparator)),
        comparator_suffixes=tuple(_terms(graph, PKB.Comparator, (PKB.suffixLabel,))),
        areas=tuple(_terms(graph, PKB.FunctionalArea)),
    )
