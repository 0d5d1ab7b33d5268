"""The words provision extraction reads from the ontology (ontology/provisions.ttl, ontology/topics.ttl):
modality cues, negation words and lead-ins, topic and target-group labels, actor, condition and list words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from kb.graph.namespaces import PKB
from kb.graph.nodes import as_int, as_iri


@dataclass(frozen=True)
class Cue:
    modality: URIRef
    pattern: re.Pattern[str]
    label: str  # the cue as written in the ontology (text or pattern)
    precedence: int
    except_in: tuple[str, ...] = ()
    at_start: bool = False
    negated: URIRef | None = None


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    notation: str
    pref_label: str
    labels: tuple[str, ...]  # every label that tags a provision, longest first


@dataclass(frozen=True)
class ProvisionVocabulary:
    cues: tuple[Cue, ...]
    default_modality: URIRef
    negation_words: tuple[str, ...]
    lead_ins: tuple[str, ...]  # longest first
    modalities: dict[URIRef, str]  # IRI → notation
    topics: tuple[Concept, ...]
    targets: tuple[Concept, ...]
    subject_verbs: tuple[str, ...]
    actor_suffixes: tuple[str, ...]
    actor_nouns: tuple[str, ...]
    condition_patterns: tuple[re.Pattern[str], ...]
    list_verbs: tuple[str, ...]  # longest first
    list_ends: tuple[str, ...]
    list_joiners: tuple[str, ...]


def _strings(graph: Graph, node: Node, prop: URIRef) -> tuple[str, ...]:
    return tuple(sorted((str(o) for o in graph.objects(node, prop)), key=lambda s: (-len(s), s)))


def _concepts(graph: Graph, cls: URIRef) -> tuple[Concept, ...]:
    found = []
    for iri in sorted(as_iri(s) for s in graph.subjects(RDF.type, cls)):
        labels = [
            str(o) for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for o in graph.objects(iri, prop)
        ]
        found.append(
            Concept(
                iri,
                str(graph.value(iri, SKOS.notation) or ""),
                str(graph.value(iri, SKOS.prefLabel) or ""),
                tuple(sorted(set(labels), key=lambda s: (-len(s), s))),
            )
        )
    return tuple(found)


def _cues(graph: Graph) -> tuple[Cue, ...]:
    cues = []
    for modality, node in graph.subject_objects(PKB.cue):
        text, pattern = graph.value(node, PKB.cueText), graph.value(node, PKB.cuePattern)
        source = re.escape(str(text)) if text is not None else str(pattern)
        negated = graph.value(node, PKB.negatedModality)
        cues.append(
            Cue(
                modality=as_iri(modality),
                pattern=re.compile(source),
                label=str(text if text is not None else pattern),
                precedence=as_int(graph.value(node, PKB.precedence)),
                except_in=_strings(graph, node, PKB.exceptIn),
                at_start=bool(graph.value(node, PKB.atStart)),
                negated=as_iri(negated) if negated is not None else None,
            )
        )
    return tuple(sorted(cues, key=lambda c: (-c.precedence, c.label)))


def load_provision_vocabulary(graph: Graph) -> ProvisionVocabulary:
    scheme = PKB.ModalityScheme
    patterns = PKB.ProvisionPatterns
    default = graph.value(scheme, PKB.defaultModality)
    if default is None:
        raise ValueError("ontology/provisions.ttl: pkb:ModalityScheme needs pkb:defaultModality")
    return ProvisionVocabulary(
        cues=_cues(graph),
        default_modality=as_iri(default),
        negation_words=_strings(graph, scheme, PKB.negationWord),
        lead_ins=_strings(graph, scheme, PKB.leadIn),
        modalities={as_iri(m): str(graph.value(m, SKOS.notation)) for m in graph.subjects(RDF.type, PKB.Modality)},
        topics=_concepts(graph, PKB.Topic),
        targets=_concepts(graph, PKB.TargetGroup),
        subject_verbs=_strings(graph, patterns, PKB.subjectVerb),
        actor_suffixes=_strings(graph, patterns, PKB.actorSuffix),
        actor_nouns=_strings(graph, patterns, PKB.actorNoun),
        condition_patterns=tuple(re.compile(p) for p in _strings(graph, patterns, PKB.conditionPattern)),
        list_verbs=_strings(graph, patterns, PKB.listVerb),
        list_ends=_strings(graph, patterns, PKB.listEnd),
        list_joiners=_strings(graph, patterns, PKB.listJoiner),
    )
