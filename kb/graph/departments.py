"""Department nodes: one per name as written, linked to a functional area and administrative levels.

Areas are found by scanning the name for area labels (longest match first); levels by the level
characters (省/市/县) written before the area. A name with no level that ends in 部门 is a generic
reference to that area's departments at every level (as in 各级各有关部门要履职尽责).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kb.graph.cues import cue, fill
from kb.graph.namespaces import ORG, PKB, org_iri
from kb.graph.vocab import Term, Vocabulary


def find_areas(name: str, vocab: Vocabulary) -> list[tuple[int, Term]]:
    """Non-overlapping area labels in ``name`` as (position, term), longest match at each position."""
    found: list[tuple[int, Term]] = []
    position = 0
    while position < len(name):
        term = next((t for t in vocab.areas if name.startswith(t.label, position)), None)
        if term is None:
            position += 1
            continue
        found.append((position, term))
        position += len(term.label)
    return found


def find_levels(name: str, vocab: Vocabulary, areas: list[tuple[int, Term]]) -> list[Term]:
    prefix = name[: areas[0][0]] if areas else name[:3]
    levels = [t for t in vocab.level_terms() if t.notation in prefix]
    generic = not prefix or prefix == cue("departments.all_levels_word")
    if not levels and areas and generic and name.endswith(cue("departments.generic_suffix")):
        levels = vocab.level_terms()
    return levels


def canonical_name(name: str, vocab: Vocabulary) -> str:
    """One spelling for one office: 各市县X and 各市、县X are the same departments (各市、县X is used)."""
    level_chars = _level_chars(vocab)
    prefix = re.match(fill("departments.levels_together", levels=level_chars), name)
    if not prefix:
        return name
    return cue("departments.every") + cue("departments.list_separator").join(prefix.group(1)) + name[prefix.end() :]


def add_department(graph: Graph, vocab: Vocabulary, name: str, source: URIRef) -> URIRef:
    """Add (or extend) the node of a department; returns its IRI.

    The node is named as the documents write it; when they write one office two ways (各市县… / 各市、县…),
    one node carries the usual spelling as skos:prefLabel and the other as skos:altLabel.
    """
    canonical = canonical_name(name, vocab)
    iri = org_iri(canonical)
    graph.add((iri, PROV.wasDerivedFrom, source))
    if canonical != name:
        graph.add((iri, SKOS.altLabel, Literal(name, lang="zh")))
    name = canonical
    if (iri, RDF.type, PKB.Department) in graph:
        return iri
    graph.add((iri, RDF.type, PKB.Department))
    graph.add((iri, RDF.type, ORG.Organization))
    graph.add((iri, SKOS.prefLabel, Literal(name, lang="zh")))
    areas = find_areas(name, vocab)
    for _, term in areas:
        graph.add((iri, ORG.classification, term.iri))
    for level in find_levels(name, vocab, areas):
        graph.add((iri, PKB.level, level.iri))
    return iri


def split_area_list(name: str, vocab: Vocabulary, joiners: str | None = None) -> list[str]:
    """``发展改革和扶贫部门`` → [发展改革部门, 扶贫部门]: split only when every piece is an area label.
    ``joiners``: the characters between the pieces (default: the cue ``departments.area_joiners``)."""
    suffix = cue("departments.generic_suffix")
    if not name.endswith(suffix):
        return [name]
    stem = name[: -len(suffix)]
    prefix_chars = _level_chars(vocab) + cue("departments.every") + cue("departments.list_separator")
    prefix_end = 0
    while prefix_end < len(stem) and stem[prefix_end] in prefix_chars:
        prefix_end += 1
    prefix, rest = stem[:prefix_end], stem[prefix_end:]
    pieces = [rest]
    for joiner in cue("departments.area_joiners") if joiners is None else joiners:
        pieces = [part for piece in pieces for part in piece.split(joiner)]
    labels = {t.label for t in vocab.areas}
    if len(pieces) > 1 and all(piece in labels for piece in pieces):
        return [prefix + piece + suffix for piece in pieces]
    return [name]


def _level_chars(vocab: Vocabulary) -> str:
    return "".join(t.notation for t in vocab.level_terms())
