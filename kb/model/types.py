"""The typed objects of the knowledge graph, as the repository (kb.model.repository) returns them."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Document:
    iri: str
    doc: str  # 文号
    title: str
    short_title: str
    issuer: str
    date: dt.date | None
    source: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clause:
    iri: str
    doc: str  # 文号
    doc_id: str  # source file name
    label: str  # 七（二）, 六 (section lead-in), 序言
    kind: str  # item | section | preamble
    title: str  # the lead sentence
    text: str
    section_title: str
    order: int
    line: int

    @property
    def ref(self) -> str:
        return f"{self.doc} {self.label}"


@dataclass(frozen=True)
class Concept:
    """A concept of a scheme (topic, target group, modality): notation, the documents' term, other labels."""

    iri: str
    kind: str  # topic | target | modality
    notation: str
    label: str  # skos:prefLabel
    alt_labels: tuple[str, ...] = ()  # words residents use
    hidden_labels: tuple[str, ...] = ()  # further wordings of the documents
    definition: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.alt_labels, *self.hidden_labels)


Topic = Concept
TargetGroup = Concept


@dataclass(frozen=True)
class Actor:
    name: str  # the department node's name
    role: str  # lead | implement | assist | co-implement | responsible | addressee
    role_label: str
    department: str = ""  # IRI of the department node
    as_written: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role}


Participant = Actor


@dataclass(frozen=True)
class Quantity:
    fact: str  # IRI of the threshold or deadline node
    kind: str  # threshold | deadline
    value: int | float
    unit: str  # as written (个月)
    unit_code: str  # notation (month)
    comparator: str  # notation (>=, <=, …)
    comparator_label: str
    text: str  # the phrase of the provision that states it

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "comparator": self.comparator, "text": self.text}


@dataclass(frozen=True)
class ListItem:
    text: str
    order: int
    list_name: str = ""  # the quoted name of the list, e.g. 双签协议


@dataclass(frozen=True)
class Provision:
    iri: str
    clause_iri: str
    doc: str  # 文号
    clause: str  # clause label
    clause_order: int
    index: int  # 0 = the clause's lead sentence
    offset: int
    text: str
    modality: str  # obligation | prohibition | permission | right | support | goal | statement
    modality_label: str
    cue: str = ""  # the cue words that decided the modality ("" = default or curated)
    override: str = ""  # the reason of a curated correction, if any
    actors: tuple[Actor, ...] = ()
    targets: tuple[str, ...] = ()  # target-group notations
    target_labels: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # topic notations
    topic_labels: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    items: tuple[ListItem, ...] = ()
    rules: tuple[tuple[str, str, str], ...] = ()  # (IRI, Entitlement|Obligation, label) of curated rules it states

    @property
    def ref(self) -> str:
        return f"{self.doc} {self.clause}"

    @property
    def household_obligation(self) -> bool:
        """An obligation or prohibition that households carry: it states a curated household obligation,
        or it is a prohibition for a group of residents."""
        if self.modality not in ("obligation", "prohibition"):
            return False
        return any(kind == "Obligation" for _, kind, _ in self.rules) or (
            self.modality == "prohibition" and bool(self.targets)
        )

    def to_json(self) -> dict[str, Any]:
        """The ``policykb provisions --json`` object (issue 10); fields are only ever added."""
        return {
            "doc": self.doc,
            "clause": self.clause,
            "index": self.index,
            "text": self.text,
            "modality": self.modality,
            "actors": [a.to_json() for a in self.actors],
            "targets": list(self.target_labels),
            "topics": list(self.topic_labels),
            "conditions": list(self.conditions),
            "quantities": [q.to_json() for q in self.quantities],
            "items": [i.text for i in self.items],
        }


@dataclass(frozen=True)
class Measure:
    iri: str
    doc: str
    clause: str
    clause_iri: str
    title: str
    text: str
    participants: tuple[Actor, ...] = ()

    @property
    def leads(self) -> list[str]:
        return [p.name for p in self.participants if p.role == "lead"]


@dataclass(frozen=True)
class Department:
    iri: str
    name: str
    level: str = ""  # 省 | 市 | 县 notation, "" when unknown
    level_label: str = ""


@dataclass(frozen=True)
class Fact:
    """A threshold or deadline with its clause."""

    iri: str
    kind: str  # threshold | deadline
    value: int | float
    unit: str
    unit_code: str
    comparator: str
    comparator_code: str
    quote: str
    doc: str
    clause: str
    clause_iri: str
    clause_title: str
    is_period: bool = False  # the unit is a length of time (个月, 年)

    @property
    def display(self) -> str:
        return f"{self.value:g}{self.unit}"

    def to_json(self) -> dict[str, Any]:
        """The ``policykb fact --json`` contract: the IRI as ``fact``, no clause IRI."""
        return {
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "unit_code": self.unit_code,
            "comparator": self.comparator,
            "comparator_code": self.comparator_code,
            "quote": self.quote,
            "doc": self.doc,
            "clause": self.clause,
            "clause_title": self.clause_title,
            "fact": self.iri,
            "is_period": self.is_period,
        }


@dataclass(frozen=True)
class SchemeItem:
    """An item of a concept scheme enumerated in a clause, such as one of the 「五个不变」."""

    iri: str
    scheme: str
    scheme_label: str
    label: str
    order: int
    alt_labels: tuple[str, ...]
    doc: str
    clause: str
    clause_iri: str


def as_json(value: Any) -> Any:
    return asdict(value)


__all__ = [
    "Actor",
    "Clause",
    "Concept",
    "Department",
    "Document",
    "Fact",
    "ListItem",
    "Measure",
    "Participant",
    "Provision",
    "Quantity",
    "SchemeItem",
    "TargetGroup",
    "Topic",
]
