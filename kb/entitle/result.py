"""Results of the entitlement rules: one ``Result`` per entitlement or obligation, and the ``Report``.

``Report.to_json()`` is the contract of ``policykb entitle --json``: ``entitlements`` and ``obligations``
lists, each item with ``id``, ``label``, ``status``, ``members``, ``why``, ``basis`` (``{doc, clause,
text}``) and, for obligations, ``due`` (ISO date or null). Further fields are additions only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kb.messages import msg

if TYPE_CHECKING:
    from kb.entitle.rules import Citation

STATUSES = ("applies", "may_apply", "does_not_apply", "due", "overdue", "done")
STATUS_LABELS = {status: msg(f"entitle.status.{status}") for status in STATUSES}


@dataclass(frozen=True)
class Question:
    field: str
    question: str
    member: str | None = None  # the member it is asked about, for member fields

    def text(self) -> str:
        return (
            msg("entitle.question_for_member", question=self.question, member=self.member)
            if self.member
            else self.question
        )

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "question": self.question, "member": self.member}


@dataclass(frozen=True)
class Basis:
    doc: str  # the document number (wenhao)
    clause: str  # clause label
    text: str  # the quoted phrase, verbatim from the clause
    iri: str

    def to_json(self) -> dict[str, str]:
        return {"doc": self.doc, "clause": self.clause, "text": self.text, "iri": self.iri}


def basis_entries(citations: list[Citation]) -> list[Basis]:
    return [Basis(c.doc, c.clause, quote, c.iri) for c in citations for quote in c.quotes]


@dataclass
class Result:
    id: str
    kind: str  # entitlement | obligation
    label: str
    definition: str
    scope: str  # household | member
    status: str
    members: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    basis: list[Basis] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    due: dt.date | None = None
    until: dt.date | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "status": self.status,
            "members": list(self.members),
            "why": list(self.why),
            "basis": [b.to_json() for b in self.basis],
        }
        if self.kind == "obligation":
            data["due"] = self.due.isoformat() if self.due else None
            data["until"] = self.until.isoformat() if self.until else None
        data.update(
            kind=self.kind,
            scope=self.scope,
            status_label=self.status_label,
            definition=self.definition,
            questions=[q.to_json() for q in _unique(self.questions)],
        )
        return data


def _unique(questions: list[Question]) -> list[Question]:
    """The questions without repeats, in order (linear: Question is hashable)."""
    return list(dict.fromkeys(questions))


@dataclass
class Report:
    as_of: dt.date
    entitlements: list[Result] = field(default_factory=list)
    obligations: list[Result] = field(default_factory=list)

    @property
    def results(self) -> list[Result]:
        return self.entitlements + self.obligations

    def get(self, rule_id: str) -> Result | None:
        return next((r for r in self.results if r.id == rule_id), None)

    def open_questions(self) -> list[Question]:
        """Every question that would decide a ``may_apply`` (or date an obligation), without repeats; the
        questions that bear on the most results come first, so the chat can ask the most useful one."""
        counts: dict[Question, int] = {}
        for result in self.results:
            for q in _unique(result.questions):
                counts[q] = counts.get(q, 0) + 1
        return sorted(counts, key=lambda q: -counts[q])

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "entitlements": [r.to_json() for r in self.entitlements],
            "obligations": [r.to_json() for r in self.obligations],
            "questions": [q.to_json() for q in self.open_questions()],
        }
