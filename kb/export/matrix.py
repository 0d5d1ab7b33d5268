"""The duty matrix: every measure and duty × every department with its role, each cell citing its clause.

Three views of the same rows (query ``export_matrix``): an overview (department × role → clauses), the
per-department duty sheets, and the measures grouped by topic (the documents' sections). The CSV export is
the flat table: one line per (item, department, role).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kb.export import ExportError, source_ref
from kb.export.document import ExportDoc, Table
from kb.export.progress import NullProgress, Progress
from kb.graph.store import GraphStore
from kb.messages import msg

KIND_LABELS = {kind: msg(f"export.matrix.kinds.{kind}") for kind in ("measure", "duty")}
SEP = msg("export.separator")


def col(name: str) -> str:
    """A column title of the matrix tables."""
    return msg(f"export.matrix.col.{name}")


@dataclass
class MatrixRow:
    kind: str
    item: str
    task: str
    as_written: str
    dept: str
    dept_name: str
    area: str
    role: str
    role_label: str
    role_order: int
    doc: str
    doc_date: str
    clause: str
    order: int
    section: str
    section_order: int
    levels: list[str] = field(default_factory=list)
    level_order: int = 99

    @property
    def ref(self) -> str:
        return source_ref(self.doc, self.clause)

    @property
    def topic(self) -> str:
        return self.section


def load_matrix(store: GraphStore) -> list[MatrixRow]:
    """All rows of the matrix, one per (item, department, role); a department's levels are merged."""
    rows: dict[tuple[str, str, str], MatrixRow] = {}
    levels: dict[str, int] = {}
    for r in store.select("export_matrix"):
        key = (r["item"], r["dept"], r["role"])
        row = rows.get(key)
        if row is None:
            section = (
                msg("export.matrix.section", number=r["sectionNumber"], title=r["sectionTitle"])
                if r["sectionTitle"]
                else ""
            )
            row = rows[key] = MatrixRow(
                r["kind"],
                r["item"],
                r["task"],
                r["asWritten"] or "",
                r["dept"],
                r["deptName"],
                r["areaLabel"] or "",
                r["role"],
                r["roleLabel"],
                r["roleOrder"],
                r["doc"],
                str(r["docOrder"]),
                r["clause"],
                r["order"],
                section,
                r["sectionOrder"] or 0,
            )
        if r["levelLabel"] and r["levelLabel"] not in row.levels:
            row.levels.append(r["levelLabel"])
            levels[r["levelLabel"]] = r["levelOrder"]
            row.level_order = min(row.level_order, r["levelOrder"])
    for row in rows.values():
        row.levels.sort(key=levels.__getitem__)
    return sorted(rows.values(), key=lambda x: (x.doc_date, x.order, x.kind, x.role_order, x.dept_name))


def roles_in(rows: list[MatrixRow]) -> list[str]:
    """Role labels in vocabulary order."""
    return [label for _, label in sorted({(r.role_order, r.role_label) for r in rows})]


def department_order(rows: list[MatrixRow]) -> list[str]:
    """Department IRIs: by level (province first), functional area, name."""
    first: dict[str, tuple[int, str, str]] = {}
    for r in rows:
        first.setdefault(r.dept, (r.level_order, r.area, r.dept_name))
    return sorted(first, key=lambda d: first[d])


def cite_clauses(rows: list[MatrixRow]) -> str:
    """「晋…号 三（八）、三（九）；晋…号 …」: the clauses of some rows, grouped by document, in text order."""
    by_doc: dict[str, list[str]] = {}
    for r in sorted(rows, key=lambda x: (x.doc_date, x.order)):
        labels = by_doc.setdefault(r.doc, [])
        if r.clause not in labels:
            labels.append(r.clause)
    return msg("export.matrix.clause_separator").join(f"{doc} {SEP.join(labels)}" for doc, labels in by_doc.items())


def parse_cited(cell: str) -> set[tuple[str, str]]:
    """Inverse of ``cite_clauses``: {(文号, clause label)} (used by tests reading exports back)."""
    cited = set()
    for part in filter(None, cell.split(msg("export.matrix.clause_separator"))):
        doc, _, labels = part.strip().rpartition(" ")
        cited |= {(doc, label) for label in labels.split(SEP) if label}
    return cited


def _dept_heading(rows: list[MatrixRow]) -> str:
    r = rows[0]
    details = " · ".join(filter(None, ["/".join(r.levels), r.area]))
    return msg("export.matrix.dept_heading", name=r.dept_name, details=details) if details else r.dept_name


def resolve(store: GraphStore, department: str) -> list[str]:
    """IRIs of the departments a name, alias or functional area refers to; ExportError when none."""
    from kb.graph.api import PolicyQueries, QueryInputError

    try:
        found = PolicyQueries(store).resolve_departments(department)
    except QueryInputError as exc:
        raise ExportError(str(exc)) from exc
    if not found:
        raise ExportError(msg("export.matrix.unknown_department", department=department))
    return [iri for iri, _ in found]


def build_duties(
    store: GraphStore, department: str | None = None, progress: Progress | None = None, layout: str = "long"
) -> ExportDoc:
    """The duty matrix document; ``layout`` chooses the CSV table: ``long`` (one line per item, department and
    role) or ``grid`` (one line per measure or duty, one column per department, cells = roles)."""
    progress = progress or NullProgress()
    rows = load_matrix(store)
    documents = store.select("documents")
    if department:
        wanted = set(resolve(store, department))
        rows = [r for r in rows if r.dept in wanted]
        if not rows:
            raise ExportError(msg("export.matrix.no_duties", department=department))
    depts = department_order(rows)
    roles = roles_in(rows)
    by_dept: dict[str, list[MatrixRow]] = defaultdict(list)
    for r in rows:
        by_dept[r.dept].append(r)
    title = msg("export.matrix.title_department", department=department) if department else msg("export.matrix.title")
    items = {r.item for r in rows}
    doc = ExportDoc(
        title=title,
        subtitle=msg("export.matrix.subtitle"),
        meta=[msg("export.matrix.basis", title=d["title"], doc=d["doc"], date=d["date"]) for d in documents]
        + [msg("export.matrix.counts", items=len(items), departments=len(depts), rows=len(rows))],
    )
    progress.start(len(depts) + 2)

    doc.heading(msg("export.matrix.overview"))
    doc.para(msg("export.matrix.overview_note"), note=True)
    overview = []
    for dept in depts:
        drows = by_dept[dept]
        overview.append(
            [drows[0].dept_name, "/".join(drows[0].levels), drows[0].area]
            + [cite_clauses([r for r in drows if r.role_label == role]) for role in roles]
        )
    doc.table([col("department"), col("level"), col("area"), *roles], overview)
    progress.step(msg("export.matrix.overview_step"))

    doc.heading(msg("export.matrix.sheets"))
    for dept in depts:
        drows = by_dept[dept]
        doc.heading(_dept_heading(drows), level=2)
        doc.table(
            [col("basis"), col("topic"), col("item"), col("role")],
            [[r.ref, r.topic, r.task, r.role_label] for r in drows],
        )
        progress.step(drows[0].dept_name)

    doc.heading(msg("export.matrix.by_topic"))
    topics: dict[tuple[str, str, int, str], dict[str, list[MatrixRow]]] = {}
    for r in rows:
        topics.setdefault((r.doc_date, r.doc, r.section_order, r.topic), {}).setdefault(r.item, []).append(r)
    for (_, doc_id, _, topic), measures in sorted(topics.items()):
        doc.heading(f"{doc_id} {topic}", level=2)
        topic_roles = roles_in([r for mrows in measures.values() for r in mrows])
        table = []
        for mrows in measures.values():
            first = mrows[0]
            cells = [SEP.join(r.dept_name for r in mrows if r.role_label == role) for role in topic_roles]
            task = msg("export.matrix.task_kind", task=first.task, kind=KIND_LABELS[first.kind])
            table.append([first.clause, task, *cells])
        doc.table([col("clause"), col("item"), *topic_roles], table)
    progress.step(msg("export.matrix.by_topic_step"))

    doc.flat_table = _grid(rows, depts) if layout == "grid" else _flat(rows)
    progress.finish()
    return doc


def _flat(rows: list[MatrixRow]) -> Table:
    return Table(
        [
            col(name)
            for name in (
                "document",
                "clause",
                "topic",
                "kind",
                "item",
                "department",
                "level",
                "area",
                "role",
                "as_written",
            )
        ],
        [
            [
                r.doc,
                r.clause,
                r.topic,
                KIND_LABELS[r.kind],
                r.task,
                r.dept_name,
                "/".join(r.levels),
                r.area,
                r.role_label,
                r.as_written,
            ]
            for r in rows
        ],
    )


def _grid(rows: list[MatrixRow], depts: list[str]) -> Table:
    names = {r.dept: r.dept_name for r in rows}
    items: dict[str, list[MatrixRow]] = {}
    for r in rows:
        items.setdefault(r.item, []).append(r)
    table = []
    for irows in items.values():
        first = irows[0]
        cells = [SEP.join(r.role_label for r in irows if r.dept == dept) for dept in depts]
        table.append([first.doc, first.clause, first.topic, first.task, *cells])
    return Table([col("document"), col("clause"), col("topic"), col("item"), *(names[d] for d in depts)], table)
