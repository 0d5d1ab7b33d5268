"""The answer contract of ``policykb ask --json`` and the conversation state for follow-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("lead", "implement", "assist", "co-implement")


@dataclass(frozen=True)
class Citation:
    doc: str  # 文号 without spaces
    clause: str  # clause label, 六（一）
    text: str  # the full clause, verbatim
    title: str = ""
    kind: str = ""  # "colophon": a document's dated signature (落款), no clause of the graph

    def to_json(self) -> dict[str, str]:
        data = {"doc": self.doc, "clause": self.clause, "text": self.text}
        return data | ({"kind": self.kind} if self.kind else {})

    @property
    def key(self) -> str:
        return f"{self.doc} {self.clause}"


@dataclass(frozen=True)
class Turn:
    """What a follow-up may refer to: the last answered turn's frame and topic (provision, clause, entity)."""

    intent: str
    clause: str | None = None  # clause key "文号 条款"
    department: str | None = None
    doc: str | None = None
    frame: str | None = None
    topics: tuple[Any, ...] = ()  # kb.answer.understand.Topic
    clauses: tuple[str, ...] = ()  # every clause the answer stated
    words: tuple[str, ...] = ()  # the question's other content words: 这事谁牵头？ refers to them too
    amount_frame: str | None = None  # the frame of the last question writing an amount (3000人以上的…有什么帮扶？)
    answered: bool = True  # False: the question was refused and nothing was answered before it; its frame and
    # topics are all a follow-up can refer to (甘肃那边的安置房能卖不？ → 那咱山西的呢？)


@dataclass
class Answer:
    question: str
    answered: bool
    intent: str
    answer: str
    departments: list[dict[str, str]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    turn: Turn | None = None  # for the next question's follow-up resolution (the last answered turn's)
    followup: bool = False
    signals: dict[str, Any] = field(default_factory=dict)
    polarity: str | None = None  # yes | no, for yes/no and must questions
    provisions: list[dict[str, Any]] = field(default_factory=list)  # {"doc","clause","index","text","modality"}
    frame: str | None = None

    def to_json(self, debug: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "answered": self.answered,
            "intent": self.intent,
            "answer": self.answer,
            "departments": self.departments,
            "citations": [c.to_json() for c in self.citations],
            "polarity": self.polarity,
            "provisions": self.provisions,
        }
        if self.frame:
            data["frame"] = self.frame
        if self.followup:
            data["followup"] = True
        if debug:
            data["signals"] = self.signals
        return data
