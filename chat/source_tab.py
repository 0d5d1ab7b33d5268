"""The 原文 tab: browse the documents by section and clause."""

from __future__ import annotations

from chat.render import clause_block, esc
from chat.texts import msg, text_date
from kb.answer import AskService


def doc_choices(service: AskService) -> list[tuple[str, str]]:
    return [(f"{d['doc']} {d['title']}", d["doc"]) for d in service.lexicon.documents]


def clause_choices(service: AskService, doc: str) -> list[tuple[str, str]]:
    clauses = sorted((c for c in service.lexicon.clauses.values() if c.doc == doc), key=lambda c: c.order)
    return [(f"{c.label} {c.title}", c.label) for c in clauses]


def outline(service: AskService, doc: str) -> str:
    """The document's sections and clauses (titles), as HTML."""
    document = service.lexicon.document(doc)
    if not document:
        return ""
    line = msg("app.source.doc_line", doc=document["doc"], issuer=document["issuer"], date=text_date(document["date"]))
    head = f"<h3>{esc(msg('app.render.doc_title', title=document['title']))}</h3><p>{esc(line)}</p>"
    parts, section = [head], None
    for c in sorted((c for c in service.lexicon.clauses.values() if c.doc == doc), key=lambda c: c.order):
        if c.section_title and c.section_title != section:
            section = c.section_title
            parts.append(f"<h4>{esc(section)}</h4>")
        parts.append(f"<div>{esc(c.label)} {esc(c.title)}</div>")
    return "".join(parts)


def show_clause(service: AskService, doc: str, label: str) -> str:
    return clause_block(service.lexicon, doc, label, open_=True)


def build_source_tab(service: AskService) -> None:
    import gradio as gr

    docs = doc_choices(service)
    first = docs[0][1]
    first_clauses = clause_choices(service, first)
    with gr.Row():
        doc = gr.Dropdown(docs, value=first, label=msg("app.source.doc_label"), elem_id="source-doc")
        clause = gr.Dropdown(
            first_clauses, value=first_clauses[0][1], label=msg("app.source.clause_label"), elem_id="source-clause"
        )
    text = gr.HTML(show_clause(service, first, first_clauses[0][1]))
    with gr.Accordion(msg("app.source.outline"), open=False):
        toc = gr.HTML(outline(service, first))

    def on_doc(selected: str) -> tuple:
        choices = clause_choices(service, selected)
        return gr.update(choices=choices, value=choices[0][1]), outline(service, selected)

    def on_clause(selected_doc: str, label: str) -> str:
        return show_clause(service, selected_doc, label) if label else ""

    doc.change(on_doc, doc, [clause, toc], api_visibility="private")
    clause.change(on_clause, [doc, clause], text, api_visibility="private")
