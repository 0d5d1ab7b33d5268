"""Who does what: responsibility notes, 由…牵头 statements and departmental duty sentences.

- A clause ending in a parenthesised note whose phrases end in a role label
  (``（省林草局牵头负责，各市、县林草部门具体实施）``) is a measure with one participation per unit.
- ``由X牵头`` in a clause makes that clause a measure led by X.
- A sentence ``X部门负责…`` / ``X部门要…`` / ``X部门加强…`` / ``X公司负责…`` is a duty of X;
  ``…由X担任Y`` a duty of X to 担任Y.
Role labels come from the role vocabulary; department nodes from kb.graph.departments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from kb.corpus import Clause, Document
from kb.graph.cues import cue, fill, pattern
from kb.graph.departments import add_department, split_area_list
from kb.graph.namespaces import CV, PKB, clause_slug, instance
from kb.graph.vocab import Term, Vocabulary


@dataclass(frozen=True)
class Participation:
    units: list[str]
    role: Term
    as_written: str


def parse_note(note: str, vocab: Vocabulary) -> list[Participation] | None:
    """Parse a responsibility note; None when it is not one (some phrase has no role label)."""
    parts = []
    for phrase in note.split(cue("responsibility.phrase_separator")):
        role = next((t for t in vocab.roles if phrase.endswith(t.label) and t.notation != "responsible"), None)
        if role is None or len(phrase) == len(role.label):
            return None
        written = phrase[: -len(role.label)]
        parts.append(Participation(split_units(written, vocab), role, written))
    return parts or None


def split_units(written: str, vocab: Vocabulary) -> list[str]:
    """``各市、县发展改革、教育部门`` → two departments; ``各市中心支行、县支行`` → two units."""
    level_chars = "".join(t.notation for t in vocab.level_terms())
    separator = cue("responsibility.unit_separator")
    prefix = re.match(fill("responsibility.unit_prefix", levels=level_chars), written)
    head = prefix.group(0) if prefix and len(prefix.group(0)) < len(written) else ""
    rest = written[len(head) :]
    if rest.endswith(cue("departments.generic_suffix")) and separator in rest:
        split = split_area_list(written, vocab, joiners=separator)
        if len(split) > 1:
            return split
    pieces = [piece for piece in rest.split(separator) if piece]
    return [head + pieces[0], *pieces[1:]] if pieces else [written]


def measure_iri(doc: Document, clause: Clause) -> URIRef:
    return instance("measure", doc.id, clause_slug(clause.kind, clause.section_no, clause.item_no))


def add_measure(
    graph: Graph, doc: Document, clause: Clause, source: URIRef, parts: list[Participation], vocab: Vocabulary
) -> URIRef:
    measure = measure_iri(doc, clause)
    graph.add((measure, RDF.type, PKB.Measure))
    graph.add((measure, DCTERMS.title, Literal(clause.title, lang="zh")))
    graph.add((measure, PROV.wasDerivedFrom, source))
    start = sum(1 for _ in graph.objects(measure, CV.hasParticipation))
    for index, part in enumerate(parts, start=start + 1):
        node = URIRef(f"{measure}/p{index}")
        graph.add((measure, CV.hasParticipation, node))
        graph.add((node, RDF.type, CV.Participation))
        graph.add((node, CV.role, part.role.iri))
        graph.add((node, PKB.asWritten, Literal(part.as_written, lang="zh")))
        graph.add((node, PROV.wasDerivedFrom, source))
        for unit in part.units:
            dept = add_department(graph, vocab, unit, source)
            graph.add((node, PKB.participant, dept))
            graph.add((dept, CV.playsRole, node))
            if part.role.notation == "lead":
                graph.add((measure, CV.hasCompetentAuthority, dept))
    return measure


def extract_responsibilities(
    graph: Graph, doc: Document, clause: Clause, source: URIRef, vocab: Vocabulary
) -> dict[str, int]:
    """Add measures, participations and duties stated in one clause. Returns counts by kind."""
    counts = {"measures": 0, "duties": 0}
    note = pattern("responsibility.note").search(clause.text)
    parts = parse_note(note.group(1), vocab) if note else None
    lead = next(t for t in vocab.roles if t.notation == "lead" and t.label == t.pref_label)
    for sentence in pattern("responsibility.phrase_split").split(clause.text):
        for lead_label in (t.label for t in vocab.roles if t.notation == "lead"):
            match = re.search(fill("responsibility.led_by", lead=lead_label), sentence)
            if match:
                parts = (parts or []) + [Participation([match.group(1)], lead, match.group(1))]
                break
    if parts:
        add_measure(graph, doc, clause, source, parts, vocab)
        counts["measures"] += 1
    counts["duties"] = _extract_duties(graph, doc, clause, source, vocab)
    return counts


def _extract_duties(graph: Graph, doc: Document, clause: Clause, source: URIRef, vocab: Vocabulary) -> int:
    slug = clause_slug(clause.kind, clause.section_no, clause.item_no)
    count = 0
    sentences = [s for s in clause.text.split(cue("responsibility.sentence_end")) if s]
    phrases = [p for s in sentences for p in s.split(cue("responsibility.phrase_separator"))]
    duty_re, appoint_re = pattern("responsibility.duty"), pattern("responsibility.appoint")
    found = [(m, "duty") for s in sentences if (m := duty_re.match(s))]
    found += [(m, "appoint") for p in phrases if (m := appoint_re.match(p))]
    for match, kind in found:
        role_word = match.group("verb") if kind == "duty" else None
        role = vocab.role(role_word) if role_word else None
        role = role or next(t for t in vocab.roles if t.notation == "responsible")
        task = match.group("task")
        if kind == "appoint" and match.group("scope"):
            task = cue("responsibility.scoped_task").format(task=task, scope=match.group("scope"))
        sentence = match.group(0)
        for who in split_area_list(match.group("who"), vocab):
            count += 1
            duty = instance("duty", doc.id, slug, f"d{count}")
            dept = add_department(graph, vocab, who, source)
            graph.add((duty, RDF.type, PKB.Duty))
            graph.add((duty, PKB.dutyOf, dept))
            graph.add((duty, PKB.role, role.iri))
            graph.add((duty, PKB.task, Literal(task, lang="zh")))
            graph.add((duty, PKB.quote, Literal(sentence, lang="zh")))
            graph.add((duty, PROV.wasDerivedFrom, source))
    return count
