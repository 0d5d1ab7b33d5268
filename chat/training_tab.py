"""The 培训材料 tab of the Gradio app: every export of ``policykb export`` as a download.

The app calls ``build_training_tab()`` inside ``gr.Tab("培训材料")``. Generation goes through
``make_download`` (plain Python, tested without a browser), which writes into a fresh temporary folder,
never under the repository.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kb.export import ExportError
from kb.export.api import FORMATS, KIND_LABELS, export

DIAGRAM_VIEWS = {"本体（类与关系）": "ontology", "一项措施的关系": "measure"}
CSV_LAYOUTS = {"每行一条分工": "long", "措施 × 部门 矩阵": "grid"}


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
    status = f"已生成 {KIND_LABELS[kind]}（{fmt}）：{path.name}" + (f"，{result.summary}" if result.summary else "")
    return path, status


def build_training_tab() -> None:
    """Lay out the controls inside the caller's open ``gr.Blocks`` / ``gr.Tab`` context."""
    import gradio as gr

    kinds = [(label, key) for key, label in KIND_LABELS.items()]
    gr.Markdown(
        "由知识图谱生成培训和工作材料：部门职责矩阵、群众政策手册、测验、开放数据和关系图。每项内容注明文件和条款。"
    )
    with gr.Row():
        kind = gr.Dropdown(kinds, value="duties", label="材料")
        fmt = gr.Dropdown(list(FORMATS["duties"]), value=FORMATS["duties"][0], label="格式")
    with gr.Row():
        department = gr.Textbox(label="部门（职责矩阵，可留空=全部）", placeholder="如 省林草局、人社、林草")
        layout = gr.Dropdown(list(CSV_LAYOUTS.items()), value="long", label="CSV 表格布局（职责矩阵）")
        n = gr.Number(value=20, precision=0, minimum=1, label="题目数量（测验）")
        seed = gr.Number(value=0, precision=0, minimum=0, label="随机种子（测验，0 = 随机）")
    with gr.Row():
        view = gr.Dropdown(list(DIAGRAM_VIEWS.items()), value="ontology", label="关系图")
        measure = gr.Textbox(label="措施（关系图）", placeholder="条款标签如 三（十），或关键词如 护林员")
    button = gr.Button("生成", variant="primary")
    status = gr.Markdown()
    download = gr.File(label="下载", interactive=False)

    def on_kind(selected: str) -> dict:
        return gr.update(choices=list(FORMATS[selected]), value=FORMATS[selected][0])

    def on_generate(k: str, f: str, d: str, count: float, s: float | None, v: str, m: str, lay: str) -> tuple[str, str]:
        try:
            path, line = make_download(k, f, d, int(count or 20), int(s) if s else None, v, m, layout=lay)
        except ExportError as exc:
            raise gr.Error(str(exc)) from exc
        return str(path), line

    kind.change(on_kind, inputs=kind, outputs=fmt)
    button.click(
        on_generate, inputs=[kind, fmt, department, n, seed, view, measure, layout], outputs=[download, status]
    )
