"""The residents' handbook: plain-language statements, each with its basis (文号 + clause).

Sections: the 「五个不变」; what households are entitled to (an index by the phrases the documents use for
who qualifies, then each entitlement with who handles it); obligations with their periods; where to get
help (the departments' duties as the documents state them); per topic, what households must and must not do
(the obligations and prohibitions they carry, quoted from the provisions). Everything is read from the graph.
"""

from __future__ import annotations

from kb.export import source_ref
from kb.export.document import ExportDoc
from kb.export.matrix import MatrixRow, load_matrix
from kb.export.progress import NullProgress, Progress
from kb.export.provisions import Provision, load_provisions
from kb.graph.store import GraphStore
from kb.messages import msg
from kb.model import Repository

HANDBOOK_TITLE = "易地扶贫搬迁群众政策手册"
NO_CONDITION = "所有搬迁群众（文件未另设条件）"


def _handlers(provision: Provision, by_clause: dict[tuple[str, str], list[MatrixRow]]) -> list[str]:
    """Who carries out the measure of the provision's clauses: implementers first, else the leads."""
    rows = [r for ref in provision.refs for r in by_clause.get(ref, []) if r.kind == "measure"]
    best = min((r.role_order for r in rows), default=None)
    implementers = [r for r in rows if r.role == "implement"]
    chosen = implementers or [r for r in rows if r.role_order == best]
    return list(dict.fromkeys(r.dept_name for r in chosen))


def _basis(provision: Provision) -> str:
    quotes = "；".join(f"「{q}」" for q in provision.quotes)
    return f"{provision.basis}" + (f"：{quotes}" if quotes else "")


def build_handbook(store: GraphStore, progress: Progress | None = None) -> ExportDoc:
    progress = progress or NullProgress()
    repo = Repository(store)
    provisions = load_provisions(repo)
    rows = load_matrix(store)
    five = repo.scheme_items()
    documents = repo.documents()
    by_clause: dict[tuple[str, str], list[MatrixRow]] = {}
    for r in rows:
        by_clause.setdefault((r.doc, r.clause), []).append(r)
    entitlements = [p for p in provisions if p.kind == "Entitlement" and not p.five_item]
    obligations = [p for p in provisions if p.kind == "Obligation"]
    progress.start(5)

    doc = ExportDoc(
        title=HANDBOOK_TITLE,
        subtitle="搬迁后您享有哪些权益、要履行哪些义务、到哪里办",
        meta=[f"依据：《{d.title}》（{d.doc}）" for d in documents]
        + ["每条说明后都注明了文件和条款，可向村（社区）或有关部门查阅原文。"],
    )

    if five:
        scheme = five[0].scheme_label
        doc.heading(f"一、「{scheme}」：搬迁后这些权益保持不变")
        definitions = {p.five_item: p.definition for p in provisions if p.five_item}
        for number, item in enumerate(five, 1):
            doc.para(definitions.get(item.iri) or item.label, strong=f"{number}. ")
            doc.para(f"依据：{source_ref(item.doc, item.clause)}：「{item.label}」", note=True)
    progress.step("五个不变")

    doc.heading("二、您家可以享受的政策")
    doc.para("先按您家的情况查找可能享受的政策，再看每项政策的说明和条件。「原文说法」是文件对享受对象的表述。")
    index: dict[str, list[str]] = {}
    for p in entitlements:
        for condition in p.conditions or [NO_CONDITION]:
            index.setdefault(condition, []).append(p.label)
    doc.table(["您家的情况", "可能享受的政策"], [[k, "；".join(v)] for k, v in sorted(index.items())])
    for p in entitlements:
        doc.heading(p.label, level=2)
        doc.para(p.definition or p.label)
        if p.conditions:
            doc.para("；".join(p.conditions), strong="条件：")
        if p.criteria:
            doc.para("；".join(f"「{c}」" for c in p.criteria), strong="原文说法：")
        doc.para(p.scope, strong="享受范围：")
        handlers = _handlers(p, by_clause)
        if handlers:
            doc.para("、".join(handlers), strong="负责落实：")
        doc.para(f"依据：{_basis(p)}", note=True)
    progress.step("权益")

    doc.heading("三、您需要履行的义务和期限")
    table = []
    for p in obligations:
        periods = "；".join(f"{x.kind_label}：{x.display}（{x.quote}）" for x in p.periods) or "—"
        table.append([p.label, periods, p.definition, p.basis])
    doc.table(["义务", "期限", "说明", "依据"], table)
    for p in obligations:
        doc.para(p.definition or p.label, strong=f"{p.label}：")
        doc.para(f"依据：{_basis(p)}", note=True)
    progress.step("义务")

    doc.heading("四、到哪里寻求帮助")
    doc.para("文件写明了各部门负责的事项，遇到相关问题可向当地对应部门咨询：")
    duties = [r for r in rows if r.kind == "duty"]
    doc.table(["部门", "负责的事项", "依据"], [[r.dept_name, r.task, r.ref] for r in duties])
    progress.step("找谁办")
    _household_duties(doc, repo)
    progress.step("必须做和不得做")
    progress.finish()
    return doc


def _household_duties(doc: ExportDoc, repo: Repository) -> None:
    """Per topic, the obligations and prohibitions households carry, each quoted with its clause."""
    provisions = [p for p in repo.provisions() if p.household_obligation]
    doc.heading(msg("provisions.handbook.title"))
    doc.para(msg("provisions.handbook.intro"))
    for topic in repo.topics():
        mine = [p for p in provisions if topic.notation in p.topics]
        if not mine:
            continue
        doc.heading(topic.label, level=2)
        for modality, key in (("obligation", "must"), ("prohibition", "must_not")):
            chosen = [p for p in mine if p.modality == modality]
            if chosen:
                doc.para("", strong=msg(f"provisions.handbook.{key}"))
                for p in chosen:
                    doc.para(
                        msg("provisions.handbook.item", text=p.text.rstrip("。；"), ref=source_ref(p.doc, p.clause))
                    )
