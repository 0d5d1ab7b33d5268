"""Concept schemes enumerated in a clause, such as the 「五个不变」 of 六（一）.

The curated layer names the scheme, the clause (pkb:enumeratedIn) and the suffix that ends each item
(pkb:itemSuffix); the items are the clause's phrases ending in that suffix, in text order.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kb.graph.cues import pattern
from kb.graph.namespaces import PKB
from kb.graph.nodes import as_iri


def extract_enumerations(graph: Graph, curated: Graph, clause_texts: dict[URIRef, str]) -> int:
    """Add to ``graph`` the items of every scheme that ``curated`` says is enumerated in a clause."""
    count = 0
    for scheme, clause in curated.subject_objects(PKB.enumeratedIn):
        suffix = str(curated.value(scheme, PKB.itemSuffix) or "")
        text = clause_texts.get(as_iri(clause), "")
        phrases = [p for p in pattern("enumerations.phrase_split").split(text) if suffix and p.endswith(suffix)]
        for index, phrase in enumerate(phrases, start=1):
            item = URIRef(f"{scheme}/{index}")
            graph.add((item, RDF.type, PKB.Entitlement))
            graph.add((item, RDF.type, SKOS.Concept))
            graph.add((item, SKOS.inScheme, scheme))
            graph.add((item, SKOS.prefLabel, Literal(phrase, lang="zh")))
            graph.add((item, PKB.quote, Literal(phrase, lang="zh")))
            graph.add((item, PKB.order, Literal(index)))
            graph.add((item, PROV.wasDerivedFrom, clause))
            count += 1
    return count
