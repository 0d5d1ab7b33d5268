"""HTML rendering shared by the tabs. Everything shown is escaped: answers quote the documents, and
questions are the user's text (shown as plain text, never as Markdown)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from chat.texts import msg, table
from kb.answer import Answer
from kb.answer.lexicon import Lexicon
from kb.answer.result import Citation

CSS_PATH = Path(__file__).with_name("assets") / "app.css"


def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def esc(text: Any) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def plain_text(text: str) -> str:
    """The user's text for a chat bubble: an HTML block (so Markdown is not applied), escaped, line breaks kept."""
    return f'<div class="user-text">{esc(text).replace(chr(10), "<br>")}</div>'


def clause_block(lexicon: Lexicon, doc: str, label: str, open_: bool = False, number: int | None = None) -> str:
    """A citation that opens to the full clause in its context (document title, section, neighbours)."""
    key = f"{doc} {label}"
    clause = lexicon.clauses.get(key)
    if clause is None:
        return ""
    document = lexicon.document(doc) or {}
    same_doc = sorted((c for c in lexicon.clauses.values() if c.doc == doc), key=lambda c: c.order)
    index = next(i for i, c in enumerate(same_doc) if c.key == key)
    before = same_doc[index - 1] if index > 0 else None
    after = same_doc[index + 1] if index + 1 < len(same_doc) else None
    prefix = f"[{number}] " if number is not None else ""
    parts = [
        f'<details class="citation"{" open" if open_ else ""}><summary>{esc(prefix)}<b>{esc(doc)} {esc(label)}</b>'
        f" {esc(clause.title)}</summary>",
        '<div class="clause-context"><div class="doc-title">'
        + esc(msg("app.render.doc_title", title=document.get("title", "")))
        + "</div>",
    ]
    if clause.section_title:
        parts.append(f'<div class="section-title">{esc(clause.section_title)}</div>')
    if before:
        text = msg("app.render.previous", label=before.label, title=before.title)
        parts.append(f'<div class="neighbour">{esc(text)}</div>')
    parts.append(f'<blockquote class="clause-text"><b>{esc(label)}</b> {esc(clause.text)}</blockquote>')
    if after:
        text = msg("app.render.next", label=after.label, title=after.title)
        parts.append(f'<div class="neighbour">{esc(text)}</div>')
    parts.append("</div></details>")
    return "".join(parts)


def colophon_block(lexicon: Lexicon, citation: Citation, open_: bool = False, number: int | None = None) -> str:
    """A document's colophon (落款, its dated signature) under the document's title."""
    document = lexicon.document(citation.doc) or {}
    prefix = f"[{number}] " if number is not None else ""
    return (
        f'<details class="citation"{" open" if open_ else ""}><summary>{esc(prefix)}<b>{esc(citation.doc)} '
        f"{esc(citation.clause)}</b></summary>"
        '<div class="clause-context"><div class="doc-title">'
        + esc(msg("app.render.doc_title", title=document.get("title", "")))
        + f'</div><blockquote class="clause-text">{esc(citation.text).replace(chr(10), "<br>")}</blockquote>'
        "</div></details>"
    )


def answer_html(answer: Answer, lexicon: Lexicon) -> str:
    """The chat message: the short answer first, the departments, then the citations. The first citation
    is open; the others are folded together so a phone shows the answer, not a wall of quotes."""
    lines = [f'<div class="answer-text">{esc(answer.answer).replace(chr(10), "<br>")}</div>']
    if answer.departments:
        roles = table("app.render.roles")
        names = msg("app.render.department_sep").join(
            msg("app.render.department_item", name=d["name"], role=roles.get(d["role"], d["role"]))
            for d in answer.departments
        )
        lines.append(f'<div class="departments">{esc(msg("app.render.departments", names=names))}</div>')
    if answer.citations:
        lines.append(f'<div class="citations-head">{esc(msg("app.render.citations_head"))}</div>')
        blocks = [
            colophon_block(lexicon, c, open_=(i == 1), number=i)
            if c.kind == "colophon"
            else clause_block(lexicon, c.doc, c.clause, open_=(i == 1), number=i)
            for i, c in enumerate(answer.citations, start=1)
        ]
        lines.append(blocks[0])
        if len(blocks) > 1:
            summary = esc(msg("app.render.more_citations", count=len(blocks) - 1))
            lines.append(f'<details class="more-citations"><summary>{summary}</summary>{"".join(blocks[1:])}</details>')
    return "".join(lines)


answer_markdown = answer_html  # the name the tests and older callers use
