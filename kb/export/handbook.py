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
from kb.messages import msg, msgs
from kb.model import Repository

HANDBOOK_TITLE = msg("provisions.handbook_text.title")
NO_CONDITION = msg("provisions.handbook_text.no_condition")


def _t(key: str, **slots: object) -> str:
    return msg(f"provisions.handbook_text.{key}", **slots)


def _handlers(provision: Provision, by_clause: dict[tuple[str, str], list[MatrixRow]]) -> list[str]:
    """Who carries out the measure of the provision's clauses: implementers first, else the leads."""
    rows = [r for ref in provision.refs for r in by_clause.get(ref, []) if r.kind == "measure"]
    best = min((r.role_order for r in rows), default=None)
    implementers = [r for r in rows if r.role == "implement"]
    chosen = implementers or [r for r in rows if r.role_order == best]
    return list(dict.fromkeys(r.dept_name for r in chosen))


def _basis(provision: Provision) -> str:
    quotes = _t("list_sep").join(_t("quoted", text=q) for q in provision.quotes)
    return _t("basis_with_quotes", basis=provision.basis, quotes=quotes) if quotes else provision.basis


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
        subtitle=_t("subtitle"),
        meta=[_t("basis_document", title=d.title, doc=d.doc) for d in documents] + [_t("basis_note")],
    )

    if five:
        scheme = five[0].scheme_label
        doc.heading(_t("five_heading", scheme=scheme))
        definitions = {p.five_item: p.definition for p in provisions if p.five_item}
        for number, item in enumerate(five, 1):
            doc.para(definitions.get(item.iri) or item.label, strong=f"{number}. ")
            doc.para(_t("five_basis", ref=source_ref(item.doc, item.clause), label=item.label), note=True)
    progress.step(_t("step_five"))

    sep = _t("list_sep")
    doc.heading(_t("entitlements_heading"))
    doc.para(_t("entitlements_intro"))
    index: dict[str, list[str]] = {}
    for p in entitlements:
        for condition in p.conditions or [NO_CONDITION]:
            index.setdefault(condition, []).append(p.label)
    doc.table(msgs("provisions.handbook_text.index_columns"), [[k, sep.join(v)] for k, v in sorted(index.items())])
    for p in entitlements:
        doc.heading(p.label, level=2)
        doc.para(p.definition or p.label)
        if p.conditions:
            doc.para(sep.join(p.conditions), strong=_t("conditions"))
        if p.criteria:
            doc.para(sep.join(_t("quoted", text=c) for c in p.criteria), strong=_t("criteria"))
        doc.para(p.scope, strong=_t("scope"))
        handlers = _handlers(p, by_clause)
        if handlers:
            doc.para(_t("name_sep").join(handlers), strong=_t("handlers"))
        doc.para(_t("basis", basis=_basis(p)), note=True)
    progress.step(_t("step_entitlements"))

    doc.heading(_t("obligations_heading"))
    table = []
    for p in obligations:
        periods = sep.join(_t("period", kind=x.kind_label, amount=x.display, quote=x.quote) for x in p.periods) or "—"
        table.append([p.label, periods, p.definition, p.basis])
    doc.table(msgs("provisions.handbook_text.obligation_columns"), table)
    for p in obligations:
        doc.para(p.definition or p.label, strong=_t("obligation_label", label=p.label))
        doc.para(_t("basis", basis=_basis(p)), note=True)
    progress.step(_t("step_obligations"))

    doc.heading(_t("help_heading"))
    doc.para(_t("help_intro"))
    duties = [r for r in rows if r.kind == "duty"]
    doc.table(msgs("provisions.handbook_text.help_columns"), [[r.dept_name, r.task, r.ref] for r in duties])
    progress.step(_t("step_help"))
    _household_duties(doc, repo)
    progress.step(_t("step_household"))
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
                    text = p.text.rstrip(_t("sentence_marks"))
                    doc.para(msg("provisions.handbook.item", text=text, ref=source_ref(p.doc, p.clause)))
