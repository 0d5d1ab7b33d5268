"""Exports for trainers and officials, read back and checked against the graph built from the real corpus.

Expected content is always asked of the graph here (named queries or SPARQL), never copied into the test.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pyoxigraph as ox
import pytest

from kb.cli import main
from kb.export import ExportError
from kb.export.api import export
from kb.export.matrix import parse_cited
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore, iri

PKB = "PREFIX pkb: <https://w3id.org/policykb/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
OVERVIEW = "一、总览"


# ---------------------------------------------------------------- readers (also used by the other export tests)
def md_tables(text: str) -> list[list[list[str]]]:
    """Every pipe table of a Markdown text, as rows of cells (header first, separator dropped)."""
    tables, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not all(set(c) <= {"-"} for c in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_tables(text: str) -> list[list[list[str]]]:
    parser = _TableParser()
    parser.feed(text)
    return parser.tables


def docx_tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def docx_headings(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def as_records(table: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


# ---------------------------------------------------------------- the graph's answers
def departments(store: GraphStore) -> dict[str, str]:
    rows = store.run(PKB + "SELECT ?dept ?name WHERE { ?dept a pkb:Department ; skos:prefLabel ?name }")
    return {r["name"]: r["dept"] for r in rows}


def graph_duties(store: GraphStore) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(department name, role label) → {(文号, clause)} over every department, from the duties_of query."""
    result: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for name, dept in departments(store).items():
        for row in store.select("duties_of", dept=iri(dept)):
            result.setdefault((name, row["roleLabel"]), set()).add((row["doc"], row["clause"]))
    return result


def overview_cells(table: list[list[str]]) -> dict[tuple[str, str], set[tuple[str, str]]]:
    header, *rows = table
    roles = header[3:]
    return {
        (row[0], role): parse_cited(cell) for row in rows for role, cell in zip(roles, row[3:], strict=True) if cell
    }


@pytest.fixture(scope="module")
def duties_exports(store: GraphStore) -> dict[str, str | bytes]:
    return {fmt: export("duties", fmt, store=store).content for fmt in ("md", "html", "docx", "csv")}


# ---------------------------------------------------------------- duty matrix
def test_matrix_overview_matches_the_graph_in_every_format(store: GraphStore, duties_exports: dict) -> None:
    expected = graph_duties(store)
    tables = {
        "md": md_tables(duties_exports["md"])[0],
        "html": html_tables(duties_exports["html"])[0],
        "docx": docx_tables(duties_exports["docx"])[0],
    }
    for fmt, table in tables.items():
        assert overview_cells(table) == expected, fmt
    # the example, asked of the graph: the clauses 省林草局 leads
    name = next(n for n in departments(store) if "林草局" in n and n.startswith("省"))
    leads = {row["clause"] for row in store.select("duties_of", dept=iri(departments(store)[name]))}
    lead_cell = next(r for r in as_records(tables["docx"]) if r["部门"] == name)["牵头负责"]
    assert {clause for _, clause in parse_cited(lead_cell)} == leads and len(leads) >= 3


def test_matrix_csv_has_bom_and_every_participation(store: GraphStore, duties_exports: dict) -> None:
    data = duties_exports["csv"].encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    got = {(r["部门"], r["角色"], r["文件"], r["条款"]) for r in records}
    expected = {(d, role, doc, clause) for (d, role), refs in graph_duties(store).items() for doc, clause in refs}
    assert got == expected
    assert all(r["措施或职责"] and r["主题"] for r in records)


def test_matrix_grid_csv_is_measure_by_department(store: GraphStore) -> None:
    text = export("duties", "csv", store=store, layout="grid").content
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text[1:])))
    depts = header[4:]
    assert set(depts) == {d for d, _ in graph_duties(store)}
    got = set()
    for row in rows:
        for dept, cell in zip(depts, row[4:], strict=True):
            got |= {(dept, role, row[0], row[1]) for role in filter(None, cell.split("、"))}
    expected = {(d, role, doc, clause) for (d, role), refs in graph_duties(store).items() for doc, clause in refs}
    assert got == expected


def test_matrix_per_department_sheets_and_topics(store: GraphStore, duties_exports: dict) -> None:
    headings = docx_headings(duties_exports["docx"])
    for name in {d for d, _ in graph_duties(store)}:
        assert any(h.startswith(name + "（") or h == name for h in headings), name
    # every measure appears under its topic with its clause
    for row in store.select("clauses"):
        measures = store.select("who_by_clause", clauseIri=iri(row["clauseIri"]))
        if measures:
            assert f"| {row['clause']} | {measures[0]['title']}" in duties_exports["md"]


def test_matrix_for_one_department_and_alias(store: GraphStore, policy: PolicyQueries) -> None:
    result = export("duties", "md", store=store, department="林草")
    names = {name for _, name in policy.resolve_departments("林草")}
    overview = md_tables(result.content)[0]
    assert {row[0] for row in overview[1:]} == names
    assert result.content.startswith("# 部门职责清单：林草")


def test_unknown_department_is_refused_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "duties.docx"
    code = main(["export", "duties", "--department", "不存在的部门XYZ", "--format", "docx", "--out", str(out)])
    assert code == 2
    assert "没有名为「不存在的部门XYZ」的部门" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_cli_writes_file_and_stdout(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "m.csv"
    assert main(["export", "duties", "--format", "csv", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "已写入" in capsys.readouterr().err
    assert main(["export", "duties", "--department", "省林草局"]) == 0
    assert capsys.readouterr().out.startswith("# 部门职责清单：省林草局")


def test_progress_only_when_asked(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "kb.cli", "export", "duties", "--format", "md", "--out", str(tmp_path / "a.md")]
    quiet = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "[" not in quiet.stderr
    loud = subprocess.run([*cmd, "--progress"], capture_output=True, text=True, check=True)
    assert "生成部门职责矩阵 [" in loud.stderr and "完成" in loud.stderr


# ---------------------------------------------------------------- handbook
@pytest.fixture(scope="module")
def handbook(store: GraphStore) -> dict[str, str | bytes]:
    return {fmt: export("handbook", fmt, store=store).content for fmt in ("md", "html", "docx")}


def test_handbook_five_unchanged_with_basis(store: GraphStore, handbook: dict) -> None:
    five = store.select("five_unchanged")
    assert len(five) == 5
    text = handbook["md"]
    for item in five:
        assert f"{item['doc']} {item['clause']}：「{item['label']}」" in text
    assert any(f"「{five[0]['schemeLabel']}」" in h for h in docx_headings(handbook["docx"]))


def test_handbook_obligations_with_deadlines(store: GraphStore, handbook: dict) -> None:
    rows = store.run(
        PKB + "PREFIX schema: <https://schema.org/> SELECT ?label ?value ?unit WHERE { ?o a pkb:Obligation ; "
        "skos:prefLabel ?label ; (pkb:deadlinePeriod|pkb:restrictionPeriod) ?f . "
        "?f schema:value ?value ; schema:unitText ?unit }"
    )
    assert len(rows) >= 3
    table = next(t for t in docx_tables(handbook["docx"]) if t[0][0] == "义务")
    by_label = {r["义务"]: r for r in as_records(table)}
    for row in rows:
        assert f"{row['value']:g}{row['unit']}" in by_label[row["label"]]["期限"]
        assert by_label[row["label"]]["依据"]


def test_handbook_entitlements_and_help(store: GraphStore, handbook: dict) -> None:
    rows = store.run(PKB + "SELECT ?label WHERE { ?p a pkb:Entitlement ; skos:prefLabel ?label ; pkb:scope ?s }")
    entitlement_labels = [r["label"] for r in rows]
    headings = docx_headings(handbook["docx"])
    five_matched = store.run(PKB + "SELECT ?p WHERE { ?p a pkb:Entitlement ; skos:exactMatch ?i ; pkb:scope ?s }")
    assert len([h for h in headings if h in entitlement_labels]) == len(entitlement_labels) - len(five_matched)
    duty_depts = {r["name"] for r in store.run(PKB + "SELECT ?name WHERE { ?d pkb:dutyOf/skos:prefLabel ?name }")}
    help_table = html_tables(handbook["html"])[-1]
    assert {row[0] for row in help_table[1:]} == duty_depts
    assert handbook["md"].count("依据：") >= len(entitlement_labels)


# ---------------------------------------------------------------- open data and pictures
@pytest.mark.parametrize(
    "fmt, rdf", [("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD)]
)
def test_graph_export_round_trips(built_graph_dir: Path, fmt: str, rdf: ox.RdfFormat) -> None:
    original = list(ox.parse(path=str(built_graph_dir / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    text = export("graph", fmt).content
    back = list(ox.parse(text, format=rdf))
    assert len(back) == len(original)
    named = {t for t in original if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)}
    assert named <= set(back)


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")


@needs_dot
def test_ontology_picture(store: GraphStore, tmp_path: Path) -> None:
    svg = export("diagram", "svg", store=store).content
    labels = store.run(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { "
        "<https://w3id.org/policykb/ontology#Measure> rdfs:label ?l FILTER(LANG(?l) = 'zh') }"
    )
    assert svg.startswith("<?xml") and "<svg" in svg and labels[0]["l"] in svg
    png = export("diagram", "png", store=store).content
    assert png.startswith(b"\x89PNG")


@needs_dot
def test_measure_picture_shows_its_departments(store: GraphStore, policy: PolicyQueries) -> None:
    clause = policy.who("（二十三）")[0].clause  # four departments in three roles
    svg = export("diagram", "svg", store=store, view="measure", measure=clause).content
    for participant in policy.who(clause)[0].participants:
        assert participant.name in svg
    with pytest.raises(ExportError, match="没有找到"):
        export("diagram", "svg", store=store, view="measure", measure="完全无关的词语ZZZ")


@needs_dot
def test_graph_command_also_draws(tmp_path: Path) -> None:
    out = tmp_path / "onto.png"
    assert main(["export", "graph", "--format", "png", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_missing_build_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("POLICYKB_BUILD", str(tmp_path / "empty"))
    for kind in ("duties", "graph"):
        assert main(["export", kind, "--out", str(tmp_path / "x")]) == 2
        assert "policykb build" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
