"""HTML/Markdown rendering shared by the tabs. Everything shown is escaped: answers quote the documents,
and questions are the user's text."""

from __future__ import annotations

import html
from typing import Any

from kb.answer import Answer
from kb.answer.lexicon import Lexicon

ROLE_LABELS = {"lead": "牵头", "implement": "具体实施", "assist": "配合实施", "co-implement": "共同实施"}


def esc(text: Any) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


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
        f'<div class="clause-context"><div class="doc-title">《{esc(document.get("title", ""))}》</div>',
    ]
    if clause.section_title:
        parts.append(f'<div class="section-title">{esc(clause.section_title)}</div>')
    if before:
        parts.append(f'<div class="neighbour">上一条 {esc(before.label)}：{esc(before.title)}</div>')
    parts.append(f'<blockquote class="clause-text"><b>{esc(label)}</b> {esc(clause.text)}</blockquote>')
    if after:
        parts.append(f'<div class="neighbour">下一条 {esc(after.label)}：{esc(after.title)}</div>')
    parts.append("</div></details>")
    return "".join(parts)


def answer_markdown(answer: Answer, lexicon: Lexicon) -> str:
    """The chat message: the short answer, the departments, then the citations (each opens the clause)."""
    lines = [f'<div class="answer-text">{esc(answer.answer).replace(chr(10), "<br>")}</div>']
    if answer.departments:
        names = "；".join(
            f"{esc(d['name'])}（{ROLE_LABELS.get(d['role'], esc(d['role']))}）" for d in answer.departments
        )
        lines.append(f'<div class="departments">涉及部门：{names}</div>')
    if answer.citations:
        lines.append('<div class="citations-head">依据（点击展开原文）：</div>')
        for i, c in enumerate(answer.citations, start=1):
            lines.append(clause_block(lexicon, c.doc, c.clause, open_=(i == 1), number=i))
    return "\n".join(lines)


CSS = """
.citation summary { cursor: pointer; }
.clause-context { padding: 4px 8px; }
.doc-title, .section-title, .neighbour { color: #555; font-size: 0.9em; }
.clause-text { margin: 6px 0; padding-left: 8px; border-left: 3px solid #c33; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 10px 14px; margin: 8px 0; }
.card h4 { margin: 0 0 6px 0; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.85em; margin-left: 6px; }
.status-applies, .status-done { background: #e3f4e3; }
.status-may_apply { background: #fff4d6; }
.status-due { background: #fde2c8; }
.status-overdue { background: #f8c9c9; }
.status-does_not_apply { background: #eee; }
.due { background: #ffe08a; font-weight: bold; padding: 0 4px; }
"""
