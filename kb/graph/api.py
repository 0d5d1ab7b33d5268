"""Rule queries over the graph: who is responsible for a measure, what a department must do, which
thresholds and deadlines the documents set. Every result carries its source (文号 + clause label).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kb.graph.cues import cue, pattern
from kb.graph.store import GraphStore, iri
from kb.messages import msg
from kb.model.repository import Repository
from kb.model.types import Fact
from kb.normalise import normalise

MAX_QUERY_CHARS = 200


class QueryInputError(ValueError):
    """The query text is empty or too long."""


def clean_query(text: str) -> str:
    cleaned = normalise(text or "")
    if not cleaned:
        raise QueryInputError(msg("graph.query_empty"))
    if len(cleaned) > MAX_QUERY_CHARS:
        raise QueryInputError(msg("graph.query_too_long", length=len(cleaned), limit=MAX_QUERY_CHARS))
    return cleaned


@dataclass
class Participant:
    name: str
    role: str  # lead | implement | assist | co-implement
    role_label: str
    as_written: str


@dataclass
class MeasureResult:
    doc: str
    clause: str
    title: str
    text: str
    participants: list[Participant] = field(default_factory=list)

    @property
    def leads(self) -> list[str]:
        return [p.name for p in self.participants if p.role == "lead"]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DutyItem:
    department: str
    role: str
    role_label: str
    task: str
    doc: str
    clause: str
    kind: str  # measure | duty
    quote: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DutiesResult:
    query: str
    departments: list[str]
    items: list[DutyItem]

    @property
    def documents(self) -> list[str]:
        return sorted({item.doc for item in self.items})

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "departments": self.departments, "items": [i.to_json() for i in self.items]}


class PolicyQueries:
    """The rule queries, on an embedded store or a SPARQL endpoint."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def who(self, topic: str) -> list[MeasureResult]:
        """Measures matching a topic, keyword, department name or clause label (三（十）, （十）)."""
        topic = clean_query(topic)
        label = pattern("clause_label.pattern").match(topic)
        rows = []
        if label:
            written = topic.translate(str.maketrans(cue("clause_label.ascii_brackets")))
            item = cue("clause_label.open") + label.group("item") + cue("clause_label.close")
            for row in self.store.select("clauses"):
                if row["clause"] == written or (not label.group("section") and row["clause"].endswith(item)):
                    rows += self.store.select("who_by_clause", clauseIri=iri(row["clauseIri"]))
        else:
            rows = self.store.select("who", q=topic)
        measures: dict[str, MeasureResult] = {}
        for row in rows:
            measure = measures.setdefault(
                row["measure"], MeasureResult(row["doc"], row["clause"], row["title"], row["text"])
            )
            measure.participants.append(Participant(row["deptName"], row["role"], row["roleLabel"], row["asWritten"]))
        return list(measures.values())

    def resolve_departments(self, name: str) -> list[tuple[str, str]]:
        """(IRI, name) of the departments a name or alias refers to, directly or through their area."""
        rows = self.store.select("departments_matching", q=clean_query(name))
        seen: dict[str, str] = {}
        for row in rows:
            seen.setdefault(row["dept"], row["name"])
        return list(seen.items())

    def duties(self, department: str) -> DutiesResult:
        """Everything a department (or alias, or functional area) leads, implements or must do."""
        query = clean_query(department)
        departments = self.resolve_departments(query)
        items = []
        for dept_iri, name in departments:
            for row in self.store.select("duties_of", dept=iri(dept_iri)):
                items.append(
                    DutyItem(
                        name,
                        row["role"],
                        row["roleLabel"],
                        row["task"],
                        row["doc"],
                        row["clause"],
                        row["kind"],
                        row["quote"] or "",
                    )
                )
        items.sort(key=lambda i: (i.doc, _clause_order(i.clause), i.department))
        return DutiesResult(query, [name for _, name in departments], items)

    def facts(self, keyword: str | None = None) -> list[Fact]:
        """Thresholds and deadlines whose phrase or clause title contains the keyword (or all its
        characters, so 拆旧 finds 完成旧房拆除)."""
        results = Repository(self.store).facts()
        if keyword is None:
            return results
        keyword = clean_query(keyword)
        exact = [r for r in results if keyword in r.quote or keyword in r.clause_title]
        if exact:
            return exact
        return [r for r in results if all(ch in r.quote + r.clause_title for ch in keyword)]


def _clause_order(label: str) -> tuple[int, ...]:
    from kb.corpus.numerals import cn_to_int

    parts = pattern("clause_label.numeral_run").findall(label)
    try:
        return tuple(cn_to_int(p) for p in parts)
    except ValueError:
        return (0,)
