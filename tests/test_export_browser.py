"""The HTML exports render Chinese in a real Chromium (screenshots in test-artifacts/), and the 培训材料 tab's
generator writes real files outside the repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from chromium import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT
from test_export import docx_tables, md_tables

from kb.export import ExportError
from kb.graph.store import GraphStore
from kb.messages import msg

# Draw the first characters of the title in the page's font: with a CJK font they are different glyphs; without
# one, Chromium draws the same "missing glyph" box for each of them.
GLYPHS_DIFFER = """() => {
  const chars = Array.from(document.querySelector('h1').textContent).slice(0, 4);
  const canvas = document.createElement('canvas'); canvas.width = canvas.height = 48;
  const g = canvas.getContext('2d'); g.font = '40px ' + getComputedStyle(document.body).fontFamily;
  const draw = ch => { g.clearRect(0, 0, 48, 48); g.fillText(ch, 2, 40);
                       return Array.from(g.getImageData(0, 0, 48, 48).data).join(','); };
  return new Set(chars.map(draw)).size;
}"""


def _render(path: Path, shot: Path) -> tuple[str, int]:
    """Page text and how many distinct glyph images the title's first four characters give."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(path.as_uri())
            page.screenshot(path=str(shot), full_page=False)
            text = page.inner_text("body")
            distinct = page.evaluate(GLYPHS_DIFFER)
        finally:
            browser.close()
    return text, distinct


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed")
def test_html_exports_render_chinese(store: GraphStore, tmp_path: Path) -> None:
    from kb.export.api import export

    ARTIFACTS.mkdir(exist_ok=True)
    duties = export("duties", "html", store=store)
    page = tmp_path / duties.filename
    duties.write(page)
    text, distinct = _render(page, ARTIFACTS / "export-duties.png")
    names = {r["name"] for r in store.run(
        "PREFIX pkb: <https://w3id.org/policykb/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?name WHERE { ?d a pkb:Department ; skos:prefLabel ?name }"
    )}  # fmt: skip
    missing = [n for n in names if n not in text]
    assert not missing
    assert distinct == 4  # real Chinese glyphs, not four identical "missing glyph" boxes
    handbook = export("handbook", "html", store=store)
    page = tmp_path / handbook.filename
    handbook.write(page)
    text, _ = _render(page, ARTIFACTS / "export-handbook.png")
    assert all(item["label"] in text for item in store.select("five_unchanged"))


def test_training_tab_generates_downloads(store: GraphStore) -> None:
    from chat.training_tab import make_download

    path, status = make_download("duties", "docx", department="省林草局")
    try:
        assert ROOT not in path.parents and path.is_file()
        table = docx_tables(path.read_bytes())[0]
        assert table[1][0] == "省林草局" and "已生成" in status
    finally:
        shutil.rmtree(path.parent)
    path, status = make_download("quiz", "md", n=5, seed=3)
    try:
        assert len(md_tables(path.read_text(encoding="utf-8"))[-1]) == 6 and "随机种子 3" in status
    finally:
        shutil.rmtree(path.parent)
    with pytest.raises(ExportError):
        make_download("duties", "csv", department="不存在的部门XYZ")


def test_training_tab_lays_out_in_blocks() -> None:
    gr = pytest.importorskip("gradio")
    from chat.training_tab import build_training_tab

    with gr.Blocks() as demo, gr.Tab("培训材料"):
        build_training_tab()
    labels = [getattr(c, "label", None) for c in demo.blocks.values()]
    assert {msg("app.training.download"), msg("app.training.kind"), msg("app.training.format")} <= set(labels)


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed")
def test_training_tab_offers_a_download_in_the_browser(store: GraphStore) -> None:
    gr = pytest.importorskip("gradio")
    sync_api = pytest.importorskip("playwright.sync_api")
    from chat.training_tab import build_training_tab
    from kb.export.api import KIND_LABELS

    with gr.Blocks() as demo, gr.Tab("培训材料"):
        build_training_tab()
    demo.launch(prevent_thread_lock=True, quiet=True)
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(demo.local_url)
            page.get_by_label(msg("app.training.department")).fill("省林草局")
            page.get_by_role("button", name="生成").click()
            link = page.locator("a[href*='file=']").first
            link.wait_for(timeout=30_000)
            status = page.locator("#tr-status").inner_text()
            page.screenshot(path=str(ARTIFACTS / "export-training-tab.png"))
            body = page.request.get(link.get_attribute("href")).text()
            browser.close()
    finally:
        demo.close()
    assert body.startswith("# 部门职责清单：省林草局")
    assert KIND_LABELS["duties"] in status  # the status describes this generation


@pytest.mark.integration
def test_diagram_relations_carry_their_chinese_labels(store: GraphStore) -> None:
    """Edges are labelled with the relation's Chinese rdfs:label from ontology/, never a raw prefixed name."""
    import re

    from kb.export.diagrams import measure_dot, ontology_dot

    for dot in (ontology_dot(store), measure_dot(store, "护林员")[0]):
        labels = re.findall(r'-> "[^"]+" \[[^]]*label="([^"]+)"', dot)
        assert labels
        raw = [label for label in labels if re.match(r"^[a-z]+:\w", label) or not re.search(r"[\u4e00-\u9fff]", label)]
        assert not raw
