"""Stage 5, *compose*, for questions about a document itself: its 文号, title, issuer, date of issue and the
documents it cites (the graph's metadata), cited by its colophon (落款) and its preamble."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kb.answer.compose import Hit, cite, tpl
from kb.answer.doc_names import other_words
from kb.answer.lexicon import Lexicon
from kb.answer.result import Answer, Turn
from kb.answer.understand import Question


def document_line(d: Mapping[str, Any]) -> str:
    """What a document answer states of one document: its 文号, title, issuer, date of issue and the documents
    it cites (the graph's metadata, which no clause holds)."""
    line = tpl(
        "document",
        doc=d["doc"],
        title=d["title"],
        issuer=d["issuer"],
        date=tpl("document_date", year=d["date"].year, month=d["date"].month, day=d["date"].day),
    )
    return line + (tpl("document_cites", cites=d["cites"]) if d.get("cites") else "")


def answer_document(u: Question, lx: Lexicon, hits: Sequence[Hit], prev: Turn | None) -> Answer:
    """The metadata of the documents the question names (by 文号, short form, title, or all of them), else of
    the one followed up, else of the best hit's when the question names a topic, else of every document. Each
    is cited by its colophon (落款: the dated signature that grounds the date and issuer) and its preamble."""
    linked = {e.node for e in u.of_kind("document")}
    docs = [d for d in lx.documents if d["docIri"] in linked]
    if not docs and prev and prev.doc:
        docs = [d for d in lx.documents if d["doc"] == prev.doc]
    if not docs and (u.topics or other_words(u.words)):  # a question about "the document" of the best hit
        docs = [d for d in lx.documents if hits and d["doc"] == hits[0].key.split(" ")[0]]
    docs = docs or lx.documents
    lines, cited = [], []
    for d in docs:
        lines.append(document_line(d))
        first = lx.preamble(d["doc"])
        cited += [c for c in (lx.colophon(d["doc"]), cite(lx, first.key) if first else None) if c]
    return Answer(
        u.question,
        True,
        "document",
        "\n".join(lines),
        citations=cited,
        turn=Turn("document", doc=docs[0]["doc"]),
    )
