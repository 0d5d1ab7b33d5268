"""The 部门职责 tab: pick a department (or functional area) → its duties across documents, as a table
and as a CSV download."""

from __future__ import annotations

import atexit
import csv
import functools
import os
import shutil
import tempfile
import threading
from pathlib import Path

from kb.answer import AskService
from kb.answer.compose import role_code
from kb.graph.api import QueryInputError

COLUMNS = ["部门", "角色", "职责", "文号", "条款"]


def department_choices(service: AskService) -> list[str]:
    return sorted(service.lexicon.levels)


def duty_rows(service: AskService, department: str) -> list[list[str]]:
    try:
        result = service.lexicon.queries.duties(department or "")
    except QueryInputError:
        return []
    return [[i.department, i.role_label, i.task, i.doc, i.clause] for i in result.items]


def duty_roles(service: AskService, department: str) -> list[str]:
    return [role_code(i.role) for i in service.lexicon.queries.duties(department).items]


@functools.cache
def _csv_folder() -> Path:
    """One temporary folder per server process (removed at exit), not one per request (issue 14)."""
    folder = Path(tempfile.mkdtemp(prefix="policykb-duties-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def write_csv(rows: list[list[str]], department: str, folder: Path | None = None) -> Path:
    """The table as UTF-8 CSV (with BOM, for spreadsheet programs); one file per department, replaced
    atomically, in the process's temporary folder."""
    folder = folder or _csv_folder()
    safe = "".join(ch for ch in department if ch.isalnum()) or "部门"
    path = folder / f"{safe}-职责.csv"
    tmp = folder / f".{safe}.{threading.get_ident()}.tmp"
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    os.replace(tmp, path)
    return path


def build_duties_tab(service: AskService) -> None:
    import gradio as gr

    gr.Markdown("选择一个部门，查看它在两份文件中牵头、实施、配合或负责的全部工作，可下载为 CSV 表格。")
    choices = department_choices(service)
    with gr.Row():
        department = gr.Dropdown(choices, value=None, label="部门", filterable=True, elem_id="duties-dept")
        show = gr.Button("查看职责", variant="primary")
    table = gr.Dataframe(headers=COLUMNS, value=[], wrap=True, interactive=False, label="职责")
    download = gr.File(label="下载 CSV", interactive=False)

    def on_show(name: str | None) -> tuple[list[list[str]], str | None]:
        if not name or name not in choices:
            raise gr.Error("请从列表中选择一个部门", print_exception=False)
        rows = duty_rows(service, name)
        return rows, str(write_csv(rows, name)) if rows else None

    show.click(on_show, department, [table, download], api_name="duties")
    department.change(on_show, department, [table, download], api_visibility="private")
