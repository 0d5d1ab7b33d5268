"""The 培训材料 tab of the Gradio app: every export of ``policykb export`` as a download.

Only the controls of the chosen kind are shown; wrong input gets a Chinese message in the status line
(which always describes the last action) and the previous download is cleared. Generation goes through
``make_download`` (plain Python, tested without a browser), which writes into a fresh temporary folder,
never under the repository.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from chat.duties_tab import closest_names
from chat.texts import joined, msg, table
from kb.corpus.numerals import cn_to_int
from kb.export import ExportError
from kb.export.api import FORMATS, KIND_LABELS, export, open_store

PICTURE_FORMATS = ("svg", "png")  # drawn by Graphviz; dot is the text itself


def make_download(
    kind: str,
    fmt: str,
    department: str | None = None,
    n: int = 20,
    seed: int | None = None,
    view: str = "ontology",
    measure: str | None = None,
    out_dir: Path | None = None,
    layout: str = "long",
) -> tuple[Path, str]:
    """Generate one export into a new temporary folder; (file path, status line). Raises ExportError."""
    result = export(
        kind,
        fmt,
        department=(department or "").strip() or None,
        n=int(n),
        seed=None if seed in (None, "") else int(seed),
        view=view,
        measure=(measure or "").strip() or None,
        layout=layout,
    )
    folder = out_dir or Path(tempfile.mkdtemp(prefix="policykb-export-"))
    path = result.write(folder / result.filename)
    status = msg("app.training.done", kind=KIND_LABELS[kind], fmt=fmt, file=path.name)
    if result.summary:
        status += msg("app.training.done_summary", summary=result.summary)
    return path, status


def read_number(text: Any) -> int | None:
    """20, ２０, 二十 → the number; empty → None; ValueError otherwise."""
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        if not float(text).is_integer():
            raise ValueError(text)
        return int(text)
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    if not cleaned:
        return None
    return int(cleaned) if cleaned.lstrip("-").isdigit() else cn_to_int(cleaned)


class Checks:
    """What the tab checks before exporting, read from the graph once: the quiz bank's size, the
    departments, the measures a diagram can show."""

    def __init__(self, store: Any = None) -> None:
        from kb.export.quiz import pool_size, question_pool
        from kb.graph.api import PolicyQueries

        self.store = open_store(store)
        self.queries = PolicyQueries(self.store)
        self.quiz_max = pool_size(question_pool(self.store))
        self.departments = sorted({r["name"] for r in self.store.select("ask_departments")})

    def department_error(self, name: str) -> str | None:
        from kb.graph.api import QueryInputError

        try:
            if self.queries.resolve_departments(name):
                return None
        except QueryInputError:
            pass
        close = closest_names(name, self.departments)
        if close:
            return msg("app.training.unknown_department", name=name, names=joined(close))
        return msg("app.training.unknown_department_no_match", name=name)

    def problem(
        self, kind: str, fmt: str, department: str, count: Any, seed: Any, view: str, measure: str
    ) -> str | None:
        """The Chinese message for the first thing to correct, or None."""
        if kind == "quiz":
            try:
                n = read_number(count)
            except ValueError:
                n = 0
            if n is None or not 1 <= n <= self.quiz_max:
                return msg("app.training.bad_count", max=self.quiz_max, value=count or "")
            try:
                read_number(seed)
            except ValueError:
                return msg("app.training.bad_seed", value=seed)
        if kind == "duties" and (department or "").strip():
            return self.department_error(department.strip())
        if kind == "diagram":
            if fmt in PICTURE_FORMATS and shutil.which("dot") is None:
                return msg("app.training.no_graphviz")
            if view == "measure":
                if not (measure or "").strip():
                    return msg("app.training.need_measure")
                from kb.export.diagrams import find_measure

                try:
                    find_measure(self.store, measure.strip())
                except ExportError:
                    return msg("app.training.unknown_measure", measure=measure.strip())
        return None


def build_training_tab(store: Any = None) -> None:
    """Lay out the controls inside the caller's open ``gr.Blocks`` / ``gr.Tab`` context."""
    import gradio as gr

    checks = Checks(store)
    kinds = [(label, key) for key, label in KIND_LABELS.items()]
    layouts = [(label, key) for key, label in table("app.training.layouts").items()]
    views = [(label, key) for key, label in table("app.training.views").items()]
    gr.Markdown(msg("app.training.intro"))
    with gr.Row():
        kind = gr.Dropdown(kinds, value="duties", label=msg("app.training.kind"), elem_id="tr-kind")
        fmt = gr.Dropdown(list(FORMATS["duties"]), value=FORMATS["duties"][0], label=msg("app.training.format"))
    with gr.Group(visible=True) as duties_box:
        department = gr.Textbox(
            label=msg("app.training.department"),
            placeholder=msg("app.training.department_placeholder"),
            elem_id="tr-department",
        )
        layout = gr.Dropdown(layouts, value="long", label=msg("app.training.layout"), visible=False)
    with gr.Group(visible=False) as quiz_box:
        count = gr.Textbox(value="20", label=msg("app.training.count", max=checks.quiz_max), elem_id="tr-count")
        seed = gr.Textbox(value="", label=msg("app.training.seed"), elem_id="tr-seed")
    with gr.Group(visible=False) as diagram_box:
        view = gr.Dropdown(views, value="ontology", label=msg("app.training.view"), elem_id="tr-view")
        measure = gr.Textbox(
            label=msg("app.training.measure"),
            placeholder=msg("app.training.measure_placeholder"),
            visible=False,
            elem_id="tr-measure",
        )
    button = gr.Button(msg("app.training.generate"), variant="primary", elem_id="tr-generate")
    status = gr.Markdown(elem_id="tr-status")
    download = gr.File(label=msg("app.training.download"), interactive=False, elem_id="tr-download")

    def on_kind(selected: str) -> tuple:
        return (
            gr.update(choices=list(FORMATS[selected]), value=FORMATS[selected][0]),
            gr.update(visible=selected == "duties"),
            gr.update(visible=selected == "quiz"),
            gr.update(visible=selected == "diagram"),
            "",
            None,
        )

    def on_format(selected_kind: str, selected: str) -> dict:
        return gr.update(visible=selected_kind == "duties" and selected == "csv")

    def on_view(selected: str) -> dict:
        return gr.update(visible=selected == "measure")

    def on_generate(k: str, f: str, d: str, n: Any, s: Any, v: str, m: str, lay: str) -> tuple[str | None, str]:
        problem = checks.problem(k, f, d, n, s, v, m)
        if problem:
            return None, problem
        try:
            path, line = make_download(
                k,
                f,
                d if k == "duties" else None,
                read_number(n) or 20 if k == "quiz" else 20,
                read_number(s) if k == "quiz" else None,
                v,
                m if k == "diagram" and v == "measure" else None,
                layout=lay if k == "duties" and f == "csv" else "long",
            )
        except ExportError as exc:
            return None, msg("app.training.failed", detail=exc)
        return str(path), line

    kind.change(on_kind, kind, [fmt, duties_box, quiz_box, diagram_box, status, download], api_visibility="private")
    fmt.change(on_format, [kind, fmt], layout, api_visibility="private")
    view.change(on_view, view, measure, api_visibility="private")
    button.click(lambda: (None, msg("app.training.working")), None, [download, status], api_visibility="private").then(
        on_generate,
        inputs=[kind, fmt, department, count, seed, view, measure, layout],
        outputs=[download, status],
        api_visibility="private",
    )
