"""The app of ``policykb serve``: tabs 问答, 我家能享受什么, 部门职责, 原文 (and 培训材料 when
``chat/training_tab.py`` exists), plus named API endpoints for ``gradio_client``:

- ``/ask`` (question → the ``policykb ask --json`` object), ``/chat`` (the chat turn),
- ``/duties`` (department → table, CSV), ``/household`` (form values → cards), ``/entitle`` (profile → report),
- ``/clause`` (文号, clause label → the clause).

Launch it with ``app.launch(**launch_options(service.lexicon.documents))`` (chat/page.py: lang, title,
preview, CSS, Gradio's i18n).
"""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from collections import OrderedDict
from typing import Any

from chat.page import launch_options, page_title
from chat.texts import joined, msg
from kb.answer import AskService

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

__all__ = ["build_app", "launch_options"]


class AnswerCache:
    """The stateless ``/ask`` endpoint: answers run in a pool sized to the machine (more threads would only
    contend for the interpreter), and the answers to recent questions are kept (an answer depends only on
    the question and the build, which a server holds fixed). Nothing is written anywhere."""

    SIZE = 1024  # recent questions kept (a few MB)

    def __init__(self, service: AskService, workers: int | None = None) -> None:
        self.service = service
        self._slots = threading.BoundedSemaphore(workers or os.cpu_count() or 2)
        self._answers: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def ask(self, question: str) -> dict[str, Any]:
        key = question if isinstance(question, str) else repr(question)[:1000]
        with self._lock:
            cached = self._answers.get(key)
            if cached is not None:
                self._answers.move_to_end(key)
        if cached is None:
            with self._slots:
                cached = json.dumps(self.service.ask(question).to_json(), ensure_ascii=False)
            with self._lock:
                self._answers[key] = cached
                while len(self._answers) > self.SIZE:
                    self._answers.popitem(last=False)
        return json.loads(cached)  # a fresh copy for every caller


def build_app(service: AskService) -> Any:
    import gradio as gr

    from chat import sessions

    sessions.install()  # a new visitor's session costs ~90 ms of the event loop otherwise (chat/sessions.py)
    from chat.duties_tab import build_duties_tab
    from chat.household_tab import build_household_tab
    from chat.qa_tab import build_qa_tab
    from chat.source_tab import build_source_tab

    documents = service.lexicon.documents
    docs = joined(msg("app.doc_item", doc=d["doc"], title=d["title"]) for d in documents)
    with gr.Blocks(title=page_title(), analytics_enabled=False) as app:
        gr.Markdown(msg("app.header", title=page_title(), docs=docs))
        for notice in getattr(service.lexicon.store, "notices", []):  # e.g. the corpus has an error (issue 14)
            gr.Markdown(msg("app.notice", notice=notice))
        with gr.Tab(msg("app.tabs.qa"), id="qa"):
            build_qa_tab(service)
        with gr.Tab(msg("app.tabs.household"), id="household"):
            build_household_tab(service.lexicon.store, len(documents))
        with gr.Tab(msg("app.tabs.duties"), id="duties"):
            build_duties_tab(service)
        with gr.Tab(msg("app.tabs.source"), id="source"):
            build_source_tab(service)
        if importlib.util.find_spec("chat.training_tab") is not None:
            from chat.training_tab import build_training_tab

            with gr.Tab(msg("app.tabs.training"), id="training"):
                build_training_tab(service.lexicon.store)

        answers = AnswerCache(service)

        def ask(question: str) -> dict[str, Any]:
            """Answer one question (no conversation): the ``policykb ask --json`` object."""
            return answers.ask(question)

        def clause(doc: str, label: str) -> dict[str, Any]:
            """One clause in full: {doc, clause, title, section, text}; empty text when there is none."""
            found = service.lexicon.clauses.get(f"{(doc or '').strip()} {(label or '').strip()}")
            if found is None:
                return {"doc": doc, "clause": label, "title": "", "section": "", "text": ""}
            return {
                "doc": found.doc,
                "clause": found.label,
                "title": found.title,
                "section": found.section_title,
                "text": found.text,
            }

        def entitle(profile: dict[str, Any]) -> dict[str, Any]:
            """A household profile (the fields of ``policykb entitle --questions``) → the entitlement report."""
            from kb.entitle import ProfileError
            from kb.entitle import entitle as evaluate

            try:
                return evaluate(profile or {}, store=service.lexicon.store).to_json()
            except ProfileError as exc:
                # print_exception=False: the resident's values stay out of the server log (issue 14)
                raise gr.Error(msg("app.errors.entitle_profile", detail=exc), print_exception=False) from None

        # through the queue (sized by policykb serve): a client's request returns at once and its answer
        # follows on the event stream, so a busy server makes callers wait, never time out or drop them
        gr.api(ask, api_name="ask")
        gr.api(entitle, api_name="entitle")
        gr.api(clause, api_name="clause")
    return app
