"""Thresholds and deadlines stated in the text: a number, its unit, a comparator and the phrase.

Units and comparators are read from the vocabulary (ontology/vocabularies.ttl). A quantity written in
Chinese numerals (一年内, 至少一次) counts only with a comparator, so that 一户一宅 or 培训一人 are not taken
for thresholds; a four-digit number of years (2020年) is a date, not a period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kb.corpus import Clause, Document
from kb.corpus.numerals import cn_to_int
from kb.graph.cues import cue, fill, pattern
from kb.graph.namespaces import PKB, SCHEMA, clause_slug, instance
from kb.graph.vocab import Term, Vocabulary


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: Term
    comparator: Term
    phrase: str
    start: int


def _alternatives(terms: tuple[Term, ...]) -> str:
    return "|".join(re.escape(t.label) for t in terms)


def _pattern(vocab: Vocabulary) -> re.Pattern[str]:
    comparators, suffixes = _alternatives(vocab.comparators), _alternatives(vocab.comparator_suffixes)
    return re.compile(
        fill(
            "quantities.pattern",
            comparators=comparators,
            numerals=cue("quantities.numerals"),
            max_gap=cue("quantities.max_gap"),
            units=_alternatives(vocab.units),
            suffixes=suffixes,
        )
    )


def _value(number: str) -> Decimal | None:
    if number[0].isdigit():
        return Decimal(number)
    fractions = cue("quantities.fractions")
    if number in fractions:
        return Decimal(fractions[number])
    try:
        return Decimal(cn_to_int(number))
    except ValueError:
        return None


def _phrase(text: str, start: int, end: int) -> str:
    boundary = pattern("quantities.phrase_boundary")
    left = max((m.end() for m in boundary.finditer(text, 0, start)), default=0)
    right = boundary.search(text, end)
    return text[left : right.start() if right else len(text)]


def find_quantities(text: str, vocab: Vocabulary) -> list[Quantity]:
    found = []
    for match in _pattern(vocab).finditer(text):
        number, unit = match.group("num"), vocab.unit(match.group("unit"))
        comparator_word = match.group("pre") or match.group("post")
        value = _value(number)
        if unit is None or value is None:
            continue
        if not number[0].isdigit() and not comparator_word:
            continue
        if number[0].isdigit() and unit.notation == "year" and value >= 1000:
            continue
        comparator = vocab.comparator(comparator_word) if comparator_word else None
        comparator = comparator or next(t for t in vocab.comparators if t.notation == "=")
        found.append(Quantity(value, unit, comparator, _phrase(text, match.start(), match.end()), match.start()))
    return found


def _number_slug(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def extract_quantities(graph: Graph, doc: Document, clause: Clause, source: URIRef, vocab: Vocabulary) -> int:
    slug = clause_slug(clause.kind, clause.section_no, clause.item_no)
    used: set[URIRef] = set()
    for quantity in find_quantities(clause.text, vocab):
        base = f"{_number_slug(quantity.value)}{quantity.unit.notation}"
        node, suffix = instance("fact", doc.id, slug, base), 1
        while node in used:
            suffix += 1
            node = instance("fact", doc.id, slug, f"{base}-{suffix}")
        used.add(node)
        kind = PKB.Deadline if quantity.unit.iri in vocab.period_units else PKB.Threshold
        graph.add((node, RDF.type, kind))
        graph.add((node, SCHEMA.value, Literal(str(quantity.value), datatype=XSD.decimal)))
        graph.add((node, SCHEMA.unitText, Literal(quantity.unit.pref_label, lang="zh")))
        graph.add((node, PKB.unit, quantity.unit.iri))
        graph.add((node, PKB.comparator, quantity.comparator.iri))
        graph.add((node, PKB.quote, Literal(quantity.phrase, lang="zh")))
        graph.add((node, SKOS.prefLabel, Literal(quantity.phrase, lang="zh")))
        graph.add((node, PROV.wasDerivedFrom, source))
    return len(used)
