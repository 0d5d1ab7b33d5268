"""The 部门职责 tab: a department (or alias, or functional area) → its duties across documents, as a
wrapping table on a desk and one card per duty on a phone, with a CSV download. An unknown name gets a
message with the closest known names, and the previous department's table and CSV are cleared."""

from __future__ import annotations

import atexit
import csv
import difflib
import functools
import os
import shutil
import tempfile
import threading
from pathlib import Path

from chat.render import esc
from chat.texts import joined, msg, msgs
from kb.answer import AskService
from kb.answer.compose import role_code
from kb.graph.api import QueryInputError

COLUMNS = msgs("app.duties.columns")
COLUMN_CLASSES = ["c-dept", "c-role", "c-task", "c-doc", "c-clause"]
SUGGESTIONS = 3


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


def known_department(service: AskService, name: str) -> bool:
    try:
        return bool(service.lexicon.queries.resolve_departments(name))
    except QueryInputError:
        return False


def closest_departments(service: AskService, name: str, n: int = SUGGESTIONS) -> list[str]:
    """The known department names (from the graph) that look most like ``name``."""
    return closest_names(name, department_choices(service), n)


def closest_names(name: str, names: list[str], n: int = SUGGESTIONS) -> list[str]:
    """The names that look most like ``name``: close spellings first, then those sharing most characters."""
    close = difflib.get_close_matches(name, names, n=n, cutoff=0.3)
    if len(close) < n:  # names sharing characters with the query, most shared first
        shared = sorted(names, key=lambda d: (-len(set(d) & set(name)), len(d)))
        close += [d for d in shared if set(d) & set(name) and d not in close][: n - len(close)]
    return close


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
    safe = "".join(ch for ch in department if ch.isalnum()) or msg("app.duties.file_fallback")
    path = folder / (msg("app.duties.file_stem", name=safe) + ".csv")
    tmp = folder / f".{safe}.{threading.get_ident()}.tmp"
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    os.replace(tmp, path)
    return path


def duty_table(rows: list[list[str]]) -> str:
    """The duties as an HTML table whose cells wrap; CSS turns each row into a card on narrow screens."""
    cols = "".join(f'<col class="{c}">' for c in COLUMN_CLASSES)
    head = "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
    body = "".join(
        "<tr>"
        + "".join(f'<td data-label="{esc(c)}">{esc(v)}</td>' for c, v in zip(COLUMNS, row, strict=True))
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="duties"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def duty_message(service: AskService, name: str, rows: list[list[str]]) -> str:
    """The line above the table: how many duties, or why there are none (with the closest names)."""
    name = (name or "").strip()
    if not name:
        return msg("app.duties.choose")
    if rows:
        return msg("app.duties.found", name=name, count=len(rows))
    if known_department(service, name):
        return msg("app.duties.none", name=name)
    close = closest_departments(service, name)
    if close:
        return msg("app.duties.unknown", name=name, names=joined(close))
    return msg("app.duties.unknown_no_match", name=name)


def build_duties_tab(service: AskService) -> None:
    import gradio as gr

    gr.Markdown(msg("app.duties.intro", count=len(service.lexicon.documents)))
    choices = department_choices(service)
    with gr.Row():
        department = gr.Dropdown(
            choices,
            value=None,
            label=msg("app.duties.department_label"),
            filterable=True,
            allow_custom_value=True,
            elem_id="duties-dept",
            scale=3,
            min_width=200,
        )
        show = gr.Button(msg("app.duties.show"), variant="primary", scale=1, min_width=100, elem_id="duties-show")
    status = gr.Markdown(elem_id="duties-status")
    cards = gr.HTML(elem_id="duties-table")
    download = gr.File(label=msg("app.duties.download"), interactive=False, elem_id="duties-csv")
    # The /duties endpoint keeps its contract (table, CSV); the table component only serves the API.
    table = gr.Dataframe(headers=COLUMNS, value=[], interactive=False, visible=False)

    def on_show(name: str | None) -> tuple[list[list[str]], str | None, str, str]:
        name = (name or "").strip()
        rows = duty_rows(service, name) if name else []
        path = str(write_csv(rows, name)) if rows else None
        return rows, path, duty_table(rows) if rows else "", duty_message(service, name, rows)

    def api_duties(name: str | None) -> tuple[list[list[str]], str | None]:
        rows, path, _, _ = on_show(name)
        return rows, path

    def on_view(name: str | None) -> tuple[str, str]:
        name = (name or "").strip()
        rows = duty_rows(service, name) if name else []
        return duty_table(rows) if rows else "", duty_message(service, name, rows)

    show.click(api_duties, department, [table, download], api_name="duties")
    show.click(on_view, department, [cards, status], api_visibility="private")
    department.change(lambda n: on_show(n)[1:], department, [download, cards, status], api_visibility="private")
