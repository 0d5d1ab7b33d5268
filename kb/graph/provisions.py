"""Provisions: every sentence of every clause as a node, typed by modality, with its actors, target groups,
conditions, quantities, listed items and topics (docs/data-model.md). All words come from the ontology
(kb.graph.provision_vocab); curated overrides (pkb:ProvisionOverride, each with its reason) are applied last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from kb.corpus import Clause, Document
from kb.graph.departments import canonical_name, split_area_list
from kb.graph.modality import body_start, classify
from kb.graph.namespaces import CV, ORG, PKB, clause_iri, clause_slug, doc_iri, org_iri
from kb.graph.nodes import as_iri
from kb.graph.provision_vocab import Concept, ProvisionVocabulary, load_provision_vocabulary
from kb.graph.segment_provisions import TextMarks, segment_clause, text_marks
from kb.graph.vocab import Vocabulary


def _item_chars(marks: TextMarks) -> str:
    return f"[^{re.escape(marks.punctuation)}]"


def _quoted(marks: TextMarks) -> re.Pattern[str]:
    q_open, q_close = re.escape(marks.quote_open), re.escape(marks.quote_close)
    return re.compile(f"{q_open}([^{q_close}]+){q_close}")


@dataclass(frozen=True)
class ListItem:
    text: str
    list_name: str = ""


def provision_iri(clause: URIRef, index: int) -> URIRef:
    return URIRef(f"{clause}/p{index}")


def find_concepts(text: str, concepts: tuple[Concept, ...], overlap: bool = True) -> list[Concept]:
    """Concepts with a label in ``text``, in order of first mention; without overlap, longest labels claim
    their characters first (搬迁贫困劳动力 is labour, not also 贫困…)."""
    labels = sorted(((label, c) for c in concepts for label in c.labels), key=lambda lc: (-len(lc[0]), lc[0]))
    taken = [False] * len(text)
    found: dict[URIRef, tuple[int, Concept]] = {}
    for label, concept in labels:
        for match in re.finditer(re.escape(label), text):
            span = range(match.start(), match.end())
            if not overlap and any(taken[i] for i in span):
                continue
            for i in span:
                taken[i] = True
            if concept.iri not in found or match.start() < found[concept.iri][0]:
                found[concept.iri] = (match.start(), concept)
            # a label two concepts share (有能力和意愿) tags both: do not mark it taken for the second
            for other_label, other in labels:
                if other_label == label and other.iri != concept.iri and other.iri not in found:
                    found[other.iri] = (match.start(), other)
    return [c for _, c in sorted(found.values(), key=lambda pc: pc[0])]


def find_conditions(text: str, vocab: ProvisionVocabulary) -> list[str]:
    found: list[tuple[int, str]] = []
    for pattern in vocab.condition_patterns:
        for match in pattern.finditer(text):
            if match.group(0) and not any(match.group(0) in other for _, other in found):
                found.append((match.start(), match.group(0)))
    return [phrase for _, phrase in sorted(found)]


def _strip_verb(item: str, vocab: ProvisionVocabulary) -> str:
    for verb in vocab.list_verbs:
        position = item.rfind(verb)
        if position != -1 and position + len(verb) < len(item):
            return item[position + len(verb) :]
    return item


def _first_item(first: str, others: list[str], vocab: ProvisionVocabulary) -> str:
    """The first item of a run without the words before it: a list verb (采取…) is cut off, and an item
    much longer than the others keeps only as many characters as the longest other, after its last 的."""
    first = _strip_verb(first, vocab)
    longest = max(len(o) for o in others)
    if len(first) > longest + 2:
        first = first[-longest:]
        first = first.rsplit(text_marks().relative_marker, 1)[-1] or first
    return first


def find_items(text: str, vocab: ProvisionVocabulary) -> list[ListItem]:
    """Listed items in text order: X与Y“名称” (the two parts of a named pair), quoted lists “X、Y”, and
    runs X、Y、Z等 (a verb before the first item, such as 采取, is not part of it)."""
    found: list[tuple[int, ListItem]] = []
    marks = text_marks()
    chars, sep, quoted = _item_chars(marks), marks.item_separator, _quoted(marks)
    joiners = "|".join(re.escape(j) for j in vocab.list_joiners)
    if joiners:
        pair = re.compile(rf"({chars}{{2,8}})(?:{joiners})({chars}{{2,8}}){quoted.pattern}")
        for match in pair.finditer(text):
            first = _strip_verb(match.group(1), vocab)
            found.append((match.start(1), ListItem(first, match.group(3))))
            found.append((match.start(2), ListItem(match.group(2), match.group(3))))
    for match in quoted.finditer(text):
        parts = match.group(1).split(sep)
        if len(parts) > 1:
            offset = match.start(1)
            for part in parts:
                if part:
                    found.append((offset, ListItem(part)))
                offset += len(part) + 1
    ends = "|".join(re.escape(e) for e in vocab.list_ends)
    if ends:
        run = re.compile(rf"({chars}{{1,24}}{sep}(?:{chars}{{1,14}}{sep})*{chars}{{1,14}}?)(?:{ends})")
        masked = quoted.sub(lambda m: marks.quote_open + "#" * len(m.group(1)) + marks.quote_close, text)
        for match in run.finditer(masked):
            parts = text[match.start(1) : match.end(1)].split(sep)
            parts[0] = _first_item(parts[0], parts[1:], vocab)
            offset = match.end(1) - sum(len(p) + 1 for p in parts) + 1
            for part in parts:
                found.append((offset, ListItem(part)))
                offset += len(part) + 1
    seen: set[str] = set()
    items = []
    for _, item in sorted(found, key=lambda pi: pi[0]):
        if item.text and item.text not in seen and item.text in text:
            seen.add(item.text)
            items.append(item)
    return items


def _department_labels(graph: Graph) -> dict[str, URIRef]:
    labels: dict[str, URIRef] = {}
    for dept in graph.subjects(RDF.type, PKB.Department):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(dept, prop):
                labels.setdefault(str(label), as_iri(dept))
    return labels


def find_subject(text: str, vocab: ProvisionVocabulary) -> str | None:
    """The sentence's own subject (各地要…, 县级林草主管部门加强…, …，主要负责人要…), if it names one: at
    the start of the sentence (after a lead-in) or of one of its phrases."""
    verbs = "|".join(re.escape(v) for v in vocab.subject_verbs)
    nouns = "|".join(re.escape(n) for n in vocab.actor_nouns)
    suffixes = "|".join(re.escape(s) for s in vocab.actor_suffixes)
    marks = text_marks()
    pattern = re.compile(rf"(?:{nouns}|{_item_chars(marks)}{{1,14}}?(?:{suffixes}))(?=(?:{verbs}))")
    starts = [body_start(text, vocab)] + [m.end() for m in re.finditer(re.escape(marks.phrase_separator), text)]
    for start in starts:
        match = pattern.match(text, start)
        if match:
            return match.group(0)
    return None


class ProvisionExtractor:
    """Adds the provisions of every clause to the extracted graph (after measures, duties and quantities)."""

    def __init__(self, graph: Graph, base: Graph, dept_vocab: Vocabulary) -> None:
        self.graph, self.base, self.dept_vocab = graph, base, dept_vocab
        self.vocab = load_provision_vocabulary(base)
        self.departments = _department_labels(graph) | _department_labels(base)

    def add_clause(self, doc: Document, clause: Clause) -> int:
        source = clause_iri(doc.id, clause_slug(clause.kind, clause.section_no, clause.item_no))
        graph = self.graph
        measure_parts = [
            p
            for m in graph.subjects(PROV.wasDerivedFrom, source)
            if (m, RDF.type, PKB.Measure) in graph
            for p in graph.objects(m, CV.hasParticipation)
        ]
        facts = [
            f
            for f in graph.subjects(PROV.wasDerivedFrom, source)
            if (f, RDF.type, PKB.Threshold) in graph or (f, RDF.type, PKB.Deadline) in graph
        ]
        duties = [d for d in graph.subjects(PROV.wasDerivedFrom, source) if (d, RDF.type, PKB.Duty) in graph]
        rules = [
            (r, str(q))
            for r in self.base.subjects(PROV.wasDerivedFrom, source)
            if (r, RDF.type, PKB.Obligation) in self.base or (r, RDF.type, PKB.Entitlement) in self.base
            for q in self.base.objects(r, PKB.quote)
        ]
        linked: set[Node] = set()
        segments = segment_clause(clause.text)
        for segment in segments:
            node = provision_iri(source, segment.index)
            text = segment.text
            graph.add((node, RDF.type, PKB.Provision))
            graph.add((node, PKB.provisionOf, source))
            graph.add((node, PKB.inDocument, doc_iri(doc.id)))
            graph.add((node, PROV.wasDerivedFrom, source))
            graph.add((node, PKB["index"], Literal(segment.index)))
            graph.add((node, PKB.offset, Literal(segment.start)))
            graph.add((node, PKB.text, Literal(text, lang="zh")))
            decision = classify(text, self.vocab)
            graph.add((node, PKB.modality, decision.modality))
            if decision.cue:
                graph.add((node, PKB.modalityCue, Literal(decision.cue, lang="zh")))
            for topic in find_concepts(text, self.vocab.topics):
                graph.add((node, DCTERMS.subject, topic.iri))
            for target in find_concepts(text, self.vocab.targets, overlap=False):
                graph.add((node, PKB.targetGroup, target.iri))
            for phrase in find_conditions(text, self.vocab):
                graph.add((node, PKB.condition, Literal(phrase, lang="zh")))
            for fact in facts:
                quote = str(graph.value(fact, PKB.quote) or "")
                if fact not in linked and quote and quote in text:
                    graph.add((node, PKB.statesQuantity, fact))
                    linked.add(fact)
            for order, item in enumerate(find_items(text, self.vocab), start=1):
                item_node = URIRef(f"{node}/item{order}")
                graph.add((node, PKB.item, item_node))
                graph.add((item_node, RDF.type, PKB.ListItem))
                graph.add((item_node, SKOS.prefLabel, Literal(item.text, lang="zh")))
                graph.add((item_node, PKB.order, Literal(order)))
                graph.add((item_node, PROV.wasDerivedFrom, source))
                if item.list_name:
                    graph.add((item_node, PKB.listName, Literal(item.list_name, lang="zh")))
            for rule, quote in rules:
                if quote in text:
                    graph.add((node, PKB.expresses, rule))
            self._add_actors(node, text, source, measure_parts, duties)
        return len(segments)

    def _add_actors(self, node: URIRef, text: str, source: URIRef, measure_parts: list, duties: list) -> None:
        graph = self.graph
        seen = {d for p in measure_parts for d in graph.objects(p, PKB.participant)}
        for part in measure_parts:
            graph.add((node, PKB.actor, part))
        extra: list[tuple[URIRef, URIRef, str]] = []  # (department, role, as written)
        for duty in duties:
            quote = str(graph.value(duty, PKB.quote) or "")
            if quote and quote in text:
                dept = graph.value(duty, PKB.dutyOf)
                extra.append(
                    (URIRef(dept), URIRef(graph.value(duty, PKB.role)), str(graph.value(dept, SKOS.prefLabel)))
                )
        subject = find_subject(text, self.vocab)
        for who in split_area_list(subject, self.dept_vocab) if subject else []:
            name = canonical_name(who, self.dept_vocab)
            dept = self.departments.get(name) or self.departments.get(who)
            if dept is None:
                dept = self._add_actor(name, source)
            extra.append((dept, PKB.addressee, who))
        for k, (dept, role, written) in enumerate(extra, start=1):
            if dept in seen:
                continue
            seen.add(dept)
            part = URIRef(f"{node}/a{k}")
            graph.add((node, PKB.actor, part))
            graph.add((part, RDF.type, CV.Participation))
            graph.add((part, CV.role, role))
            graph.add((part, PKB.participant, dept))
            graph.add((part, PKB.asWritten, Literal(written, lang="zh")))
            graph.add((part, PROV.wasDerivedFrom, source))

    def _add_actor(self, name: str, source: URIRef) -> URIRef:
        """A subject that is no department node of the graph (各地, 省、市, 主要负责人…): a pkb:Actor."""
        node = org_iri(name)
        self.graph.add((node, RDF.type, PKB.Actor))
        self.graph.add((node, RDF.type, ORG.Organization))
        self.graph.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
        self.graph.add((node, PROV.wasDerivedFrom, source))
        self.departments[name] = node
        return node

    def apply_overrides(self) -> int:
        """Curated corrections: pkb:ProvisionOverride nodes name the provision, the modality or target
        group to use and their reason (skos:note)."""
        count = 0
        for override in self.base.subjects(RDF.type, PKB.ProvisionOverride):
            target = self.base.value(override, PKB.appliesTo)
            if target is None or (target, RDF.type, PKB.Provision) not in self.graph:
                raise ValueError(f"{override}: pkb:appliesTo names no provision of the corpus ({target})")
            modality = self.base.value(override, PKB.modality)
            if modality is not None:
                self.graph.remove((target, PKB.modality, None))
                self.graph.remove((target, PKB.modalityCue, None))
                self.graph.add((target, PKB.modality, modality))
            for group in self.base.objects(override, PKB.addTarget):
                self.graph.add((target, PKB.targetGroup, group))
            self.graph.add((target, PROV.wasInfluencedBy, override))
            count += 1
        return count


def extract_provisions(graph: Graph, base: Graph, documents: list[Document], dept_vocab: Vocabulary) -> int:
    extractor = ProvisionExtractor(graph, base, dept_vocab)
    count = sum(extractor.add_clause(doc, clause) for doc in documents for clause in doc.clauses)
    extractor.apply_overrides()
    return count
