"""A provision's modality, decided by the cue words of ontology/provisions.ttl (see the rules there)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kb.graph.provision_vocab import Cue, ProvisionVocabulary


@dataclass(frozen=True)
class ModalityDecision:
    modality: URIRef
    cue: str  # the words that decided it, "" for the default
    position: int = -1


def body_start(text: str, vocab: ProvisionVocabulary) -> int:
    """Where the sentence proper starts, after lead-ins such as 原则上，(repeated lead-ins are skipped)."""
    start, moved = 0, True
    while moved:
        moved = False
        for lead in vocab.lead_ins:
            if text.startswith(lead, start):
                start, moved = start + len(lead), True
                break
    return start


def _inside_exception(text: str, start: int, end: int, cue: Cue) -> bool:
    for word in cue.except_in:
        position = text.find(word, max(0, start - len(word)))
        while position != -1 and position <= start:
            if position + len(word) >= end:
                return True
            position = text.find(word, position + 1)
    return False


def classify(text: str, vocab: ProvisionVocabulary) -> ModalityDecision:
    """The modality of one provision text."""
    start = body_start(text, vocab)
    best: tuple[int, int, ModalityDecision] | None = None
    for cue in vocab.cues:
        for match in cue.pattern.finditer(text):
            if cue.at_start and match.start() != start:
                continue
            if _inside_exception(text, match.start(), match.end(), cue):
                continue
            modality: URIRef | None = cue.modality
            before = text[: match.start()]
            if any(before.endswith(word) for word in vocab.negation_words) and not match.group(0).startswith(
                tuple(vocab.negation_words)
            ):
                modality = cue.negated
            if modality is None:
                continue
            key = (cue.precedence, -match.start())
            if best is None or key > best[:2]:
                best = (key[0], key[1], ModalityDecision(modality, match.group(0), match.start()))
    if best is None:
        return ModalityDecision(vocab.default_modality, "")
    return best[2]
