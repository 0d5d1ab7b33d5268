"""One entry point for every export, shared by the command line and the Gradio 培训材料 tab.

result = export("duties", "docx", department="林草")
result.write(Path("out/duties.docx"))  # atomic
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kb.export import ExportError
from kb.export.formats import BINARY as BINARY  # re-exported: callers import both from here
from kb.export.formats import FORMATS
from kb.export.progress import NullProgress, Progress
from kb.export.writers import render, write_atomic
from kb.graph.store import GraphStore, StoreError
from kb.messages import msg

KIND_LABELS = {kind: msg(f"export.kinds.{kind}") for kind in FORMATS}


@dataclass
class ExportResult:
    kind: str
    fmt: str
    content: str | bytes
    filename: str
    summary: str = ""

    @property
    def is_binary(self) -> bool:
        return isinstance(self.content, bytes)

    def write(self, path: Path) -> Path:
        return write_atomic(path, self.content)


def open_store(store: GraphStore | None = None) -> GraphStore:
    if store is not None:
        return store
    try:
        return GraphStore.open()
    except StoreError as exc:
        raise ExportError(str(exc)) from exc


def export(
    kind: str,
    fmt: str,
    store: GraphStore | None = None,
    department: str | None = None,
    n: int = 20,
    seed: int | None = None,
    view: str = "ontology",
    measure: str | None = None,
    progress: Progress | None = None,
    layout: str = "long",
) -> ExportResult:
    """Produce one export in memory. Raises ExportError for bad input or a missing build."""
    if kind not in FORMATS:
        raise ExportError(msg("export.unknown_kind", kind=kind, options=msg("export.separator").join(FORMATS)))
    if fmt not in FORMATS[kind]:
        options = msg("export.separator").join(FORMATS[kind])
        raise ExportError(msg("export.bad_format", label=KIND_LABELS[kind], options=options, fmt=fmt))
    progress = progress or NullProgress()
    store = open_store(store)  # also refuses a missing or stale build
    if kind == "graph":
        from kb.export.graph_export import export_graph

        return ExportResult(kind, fmt, export_graph(fmt), f"policykb-graph.{fmt}")
    if kind == "duties":
        from kb.export.matrix import build_duties

        if layout not in ("long", "grid"):
            raise ExportError(msg("export.bad_layout", layout=layout))
        doc = build_duties(store, department, progress, layout)
        name = ("duties" if not department else f"duties-{_slug(department)}") + ("-grid" if layout == "grid" else "")
        return ExportResult(kind, fmt, render(doc, fmt), f"{name}.{fmt}", doc.meta[-1])
    if kind == "handbook":
        from kb.export.handbook import build_handbook

        doc = build_handbook(store, progress)
        return ExportResult(kind, fmt, render(doc, fmt), f"handbook.{fmt}")
    if kind == "quiz":
        from kb.export.quiz import make_quiz, quiz_document

        quiz = make_quiz(store, n=n, seed=seed, progress=progress)
        if fmt == "json":
            content: str | bytes = json.dumps(quiz.to_json(), ensure_ascii=False, indent=2) + "\n"
        else:
            content = render(quiz_document(quiz), fmt)
        summary = msg("export.quiz_summary", count=len(quiz.questions), seed=quiz.seed, pool=quiz.pool_size)
        return ExportResult(kind, fmt, content, f"quiz-seed{quiz.seed}.{fmt}", summary)
    from kb.export.diagrams import diagram

    content, name = diagram(store, view, measure, fmt)
    return ExportResult(kind, fmt, content, f"{name}.{fmt}")


def _slug(text: str) -> str:
    """A file-name-safe version of user text (Chinese kept; separators and path characters dropped)."""
    kept = "".join(ch for ch in text if ch.isalnum() or ch in "-_")
    return kept[:40] or "department"
