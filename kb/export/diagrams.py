"""Pictures for slides: the ontology as used (classes and the relations between their instances) and the
neighbourhood of one measure, as Graphviz DOT rendered to SVG or PNG with ``dot``.
"""

from __future__ import annotations

import shutil
import subprocess

from kb.export import ExportError
from kb.export.graph_export import graph_path, graph_prefixes
from kb.graph.store import GraphStore, iri
from kb.messages import msg

FONT = "WenQuanYi Zen Hei"  # the CJK font CI installs; SVG viewers fall back to any CJK font
OWN_NAMESPACE = "https://w3id.org/policykb/ontology#"
CV_PARTICIPATION = "http://data.europa.eu/m8g/Participation"
CV_ROLE = "http://data.europa.eu/m8g/role"
NODE_STYLE = {
    "Measure": "#f6d5d5",
    "Department": "#d5e5f6",
    "Clause": "#f3f0d0",
    "PolicyDocument": "#e9e0f5",
    "Participation": "#e0f2e0",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _short(term: str, prefixes: dict[str, str]) -> str:
    best = max((ns for ns in prefixes.values() if term.startswith(ns)), key=len, default="")
    if not best:
        return term.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    name = next(p for p, ns in prefixes.items() if ns == best)
    return f"{name}:{term[len(best) :]}"


def _local(term: str) -> str:
    return term.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _header(title: str, rankdir: str = "LR") -> list[str]:
    return [
        "digraph policykb {",
        f"  graph [rankdir={rankdir}, fontname={_quote(FONT)}, label={_quote(title)}, labelloc=t, fontsize=18];",
        f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname={_quote(FONT)}, fontsize=11];',
        f'  edge [fontname={_quote(FONT)}, fontsize=9, color="#555555"];',
    ]


def ontology_dot(store: GraphStore) -> str:
    prefixes = graph_prefixes(graph_path().read_text(encoding="utf-8"))
    labels: dict[str, str] = {}
    supers: dict[str, set[str]] = {}
    for r in store.select("export_schema_terms"):
        if r["label"]:
            labels.setdefault(r["term"], r["label"])
        if r["superClass"]:
            supers.setdefault(r["term"], set()).add(r["superClass"])
    edges = store.select("export_schema_edges")
    classes = sorted({e["from"] for e in edges} | {e["to"] for e in edges})
    lines = _header(msg("app.diagrams.ontology_title"))
    for cls in classes:
        label = f"{labels.get(cls, _local(cls))}\n{_short(cls, prefixes)}"
        fill = NODE_STYLE.get(_local(cls), "#ffffff" if not cls.startswith(OWN_NAMESPACE) else "#f2f2f2")
        lines.append(f"  {_quote(cls)} [label={_quote(label)}, fillcolor={_quote(fill)}];")
    for e in edges:
        label = f"{labels.get(e['relation'], _short(e['relation'], prefixes))} ({e['links']})"
        lines.append(f"  {_quote(e['from'])} -> {_quote(e['to'])} [label={_quote(label)}];")
    shown = set(classes)
    for cls in classes:
        for sup in sorted(supers.get(cls, ())):
            if sup in shown:
                sub = _quote(msg("app.diagrams.subclass"))
                lines.append(f"  {_quote(cls)} -> {_quote(sup)} [style=dashed, arrowhead=empty, label={sub}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def find_measure(store: GraphStore, measure: str) -> tuple[str, str]:
    """(IRI, title) of the measure a clause label or keyword names; ExportError when none."""
    from kb.graph.api import PolicyQueries, QueryInputError

    try:
        found = PolicyQueries(store).who(measure)
    except QueryInputError as exc:
        raise ExportError(str(exc)) from exc
    if not found:
        raise ExportError(msg("app.diagrams.no_measure", measure=measure))
    rows = store.select("who_by_clause", clauseIri=iri(_clause_iri(store, found[0].doc, found[0].clause)))
    return rows[0]["measure"], f"{found[0].doc} {found[0].clause} {found[0].title}"


def _clause_iri(store: GraphStore, doc: str, clause: str) -> str:
    return next(r["clauseIri"] for r in store.select("clauses") if r["doc"] == doc and r["clause"] == clause)


def measure_dot(store: GraphStore, measure: str) -> tuple[str, str]:
    measure_iri, title = find_measure(store, measure)
    prefixes = graph_prefixes(graph_path().read_text(encoding="utf-8"))
    labels = {r["term"]: r["label"] for r in store.select("export_schema_terms") if r["label"]}
    rows = store.select("export_neighbourhood", measure=iri(measure_iri))
    nodes: dict[str, tuple[str, str]] = {}
    for r in rows:
        for key, label, kind in (("s", r["sLabel"], r["sType"]), ("o", r["oLabel"], r["oType"])):
            node = r[key]
            kind_label = labels.get(kind or "", _local(kind or ""))
            text = label or _local(node)
            if node not in nodes or (label and nodes[node][0] == _local(node)):
                nodes[node] = (text, kind or "")
            tag = msg("app.diagrams.kind_tag", kind=kind_label)
            if kind_label and tag not in nodes[node][0]:
                nodes[node] = (f"{nodes[node][0]}\n{tag}", nodes[node][1])
    participation = msg("app.diagrams.kind_tag", kind=labels.get(CV_PARTICIPATION) or msg("app.diagrams.participation"))
    for r in rows:  # a participation is best named by its role
        if r["sType"] == CV_PARTICIPATION and r["p"] == CV_ROLE and r["oLabel"]:
            nodes[r["s"]] = (f"{r['oLabel']}\n{participation}", r["sType"])
    lines = _header(msg("app.diagrams.measure_title", title=title))
    for node, (text, kind) in nodes.items():
        fill = NODE_STYLE.get(_local(kind), "#ffffff")
        pen = ", penwidth=2.5" if node == measure_iri else ""
        lines.append(f"  {_quote(node)} [label={_quote(text)}, fillcolor={_quote(fill)}{pen}];")
    for r in rows:
        label = labels.get(r["p"], _short(r["p"], prefixes))
        lines.append(f"  {_quote(r['s'])} -> {_quote(r['o'])} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n", "measure-" + "-".join(measure_iri.split("/")[-2:])


def render_dot(dot: str, fmt: str) -> str | bytes:
    if fmt == "dot":
        return dot
    exe = shutil.which("dot")
    if exe is None:
        raise ExportError(msg("app.diagrams.no_graphviz"))
    args = [exe, f"-T{fmt}"] + (["-Gdpi=150"] if fmt == "png" else [])
    done = subprocess.run(args, input=dot.encode("utf-8"), capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        raise ExportError(msg("app.diagrams.graphviz_failed", detail=done.stderr.decode("utf-8", "replace")[:300]))
    return done.stdout.decode("utf-8") if fmt == "svg" else done.stdout


def diagram(store: GraphStore, view: str, measure: str | None, fmt: str) -> tuple[str | bytes, str]:
    """(content, file stem) of the ontology picture or of one measure's neighbourhood."""
    if view == "ontology":
        return render_dot(ontology_dot(store), fmt), "ontology"
    if view != "measure":
        raise ExportError(msg("app.diagrams.bad_view", view=view))
    if not measure:
        raise ExportError(msg("app.diagrams.need_measure"))
    dot, stem = measure_dot(store, measure)
    return render_dot(dot, fmt), stem
