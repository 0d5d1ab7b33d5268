"""Cleaning and segmentation of the real source documents, checked against the raw text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kb.corpus import CorpusError, Document, find_document, load_corpus
from kb.corpus.numerals import cn_to_int, int_to_cn

RAW_ITEM = re.compile(r"^\s*（([一二三四五六七八九十]+)）", re.M)
RAW_SECTION = re.compile(r"^\s*([一二三四五六七八九十]+)、", re.M)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def by_number(corpus: list[Document], number: str) -> Document:
    return find_document(corpus, number)


def test_numerals_round_trip() -> None:
    for number in range(1, 100):
        assert cn_to_int(int_to_cn(number)) == number
    with pytest.raises(ValueError):
        cn_to_int("十十")


def test_every_item_of_the_raw_text_is_a_clause(corpus: list[Document]) -> None:
    for doc in corpus:
        raw = doc.source_path.read_text(encoding="utf-8")
        raw_items = [cn_to_int(m) for m in RAW_ITEM.findall(raw)]
        assert [c.item_no for c in doc.items] == raw_items
        assert len(doc.sections) == len(RAW_SECTION.findall(raw))


def test_2020_document_has_26_continuous_items_with_section_labels(corpus: list[Document]) -> None:
    doc = by_number(corpus, "晋脱贫攻坚组〔2020〕12号")
    assert doc.continuous_numbering
    assert [c.item_no for c in doc.items] == list(range(1, 27))
    assert doc.clause("三（十）").item_no == 10
    assert doc.clause("（十）") is doc.clause("三（十）")
    assert doc.clause("三(十)") is doc.clause("三（十）")
    for clause in doc.items:
        section = doc.sections[clause.section_no - 1]
        assert clause.label == f"{section.numeral}（{int_to_cn(clause.item_no)}）"


def test_2019_document_restarts_items_in_each_section(corpus: list[Document]) -> None:
    doc = by_number(corpus, "晋政办发〔2019〕57号")
    assert not doc.continuous_numbering
    assert doc.clause("六（一）").text.startswith("迁出区“五个不变”保权益")
    with pytest.raises(KeyError, match="不唯一"):
        doc.clause("（一）")


def test_no_text_is_lost_between_front_matter_and_tail(corpus: list[Document]) -> None:
    for doc in corpus:
        pieces = []
        for clause in doc.clauses:
            if clause.kind == "item" and clause.item_no and clause == _first_item(doc, clause.section_no):
                section = doc.sections[clause.section_no - 1]
                pieces.append(f"{section.numeral}、{section.title}")
            pieces.append(clause.marker + clause.text)
        joined = squeeze("".join(pieces))
        assert joined == squeeze(doc.body)
        raw = squeeze(doc.source_path.read_text(encoding="utf-8"))
        assert joined in raw


def _first_item(doc: Document, section_no: int):
    return next(c for c in doc.items if c.section_no == section_no)


def test_pdf_artefacts_are_cleaned(corpus: list[Document]) -> None:
    doc = by_number(corpus, "晋脱贫攻坚组〔2020〕12号")
    text = "\n".join(c.text for c in doc.clauses)
    assert "2020 年" not in text and "2020年" in text
    assert "省人力资源社会保障厅牵头负责" in doc.clause("二（五）").text
    assert all("\n" not in c.text for c in doc.clauses)  # PDF line breaks re-joined
    assert "抄送" not in text and "印发" not in text.split("。")[-1]
    preamble = doc.clauses[0]
    assert preamble.kind == "preamble" and preamble.text.startswith("为深入贯彻落实")
    assert "发改振兴〔2020〕244号" in preamble.text
    assert "现将《" not in doc.body  # the cut cover letter is gone


def _copy_project(tmp_path: Path) -> Path:
    root = Path(__file__).resolve().parent.parent
    for name in ("corpus", "ontology"):
        shutil.copytree(root / name, tmp_path / name)
    return tmp_path


BROKEN = "测试文件\n\n测试〔2021〕1号\n\n各单位：\n一、总则\n（一）第一条内容。\n（三）跳过了第二条。\n"


def _add_document(corpus_dir: Path, name: str, text: str, number: str = "测试〔2021〕1号") -> Path:
    (corpus_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = corpus_dir / f"{name}.yaml"
    meta.write_text(
        f"id: {name}\ndoc_number: {number}\ntitle: 测试文件\nissuer: 测试单位\ndate: 2021-01-01\n"
        f"source_file: {name}.txt\nlayout: paragraphs\nbody_starts_after: 各单位：\n",
        encoding="utf-8",
    )
    return meta


def test_malformed_document_names_file_and_line(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    _add_document(project / "corpus", "broken", BROKEN)
    with pytest.raises(CorpusError) as error:
        load_corpus(project / "corpus")
    assert error.value.path.endswith("broken.txt")
    assert error.value.line == 8
    assert "（二）" in error.value.message


def test_bad_metadata_is_reported(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    meta = _add_document(project / "corpus", "odd", BROKEN)
    meta.write_text("id: odd\ncolour: blue\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="缺少字段"):
        load_corpus(project / "corpus")


def test_a_new_document_is_picked_up(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    text = (
        "测试文件\n\n测试〔2021〕1号\n\n各单位：\n为做好工作，提出如下意见。\n"
        "一、总则\n（一）第一条。\n（二）第二条。\n二、分则\n（一）第三条。\n"
    )
    _add_document(project / "corpus", "extra", text)
    documents = load_corpus(project / "corpus")
    extra = find_document(documents, "测试〔2021〕1号")
    assert [c.label for c in extra.clauses] == ["序言", "一（一）", "一（二）", "二（一）"]
    assert len(documents) == 3
