"""Document questions (who issued a document, when, its title, what it is based on): a short form of a 文号
(57号文, 〔2019〕57号, 晋政办发57号) selects its document, the documents named together (两个文件, 这些文件) or
pointed at without a name (这文件, 谁下的文) give every document, and each document answer cites the document's
colophon (落款, its dated signature as the source states it), so that the scorer's grounding rule holds for it
with no exemption."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.doc_names import count_words, document_labels, fits, short_forms
from kb.answer.grounding_rule import Grounding
from kb.corpus import load_corpus

ONE = {
    "57号文件是什么时候印发的？": "晋政办发〔2019〕57号",
    "57号文是谁发的？": "晋政办发〔2019〕57号",
    "〔2019〕57号是哪个部门发的？": "晋政办发〔2019〕57号",
    "2019年57号文件啥时候印发的？": "晋政办发〔2019〕57号",
    "晋政办发57号是谁发的？": "晋政办发〔2019〕57号",
    "57号是哪天印发的？": "晋政办发〔2019〕57号",
    "12号文件是什么时候发的？": "晋脱贫攻坚组〔2020〕12号",
    "12号文件是根据什么制定的？": "晋脱贫攻坚组〔2020〕12号",
    "晋脱贫攻坚组12号文件的标题是什么？": "晋脱贫攻坚组〔2020〕12号",
}
ALL = (
    "两个文件分别是谁发的？",
    "这两个文件啥时候发的？",
    "两份文件都是什么时候印发的？",
    "俩文件都是啥时候出的？",
    "这文件是哪天发的？",
    "谁下的文？",
    "这个文件是谁下的？",
    "这文是哪个单位发的？",
)



@pytest.fixture(scope="module")
def scorer(gold_grounding: Grounding) -> Grounding:
    return gold_grounding


def test_short_forms_of_a_doc_number() -> None:
    forms = short_forms("晋政办发〔2019〕57号")
    for form in ("57号", "57号文", "57号文件", "〔2019〕57号", "2019年57号", "晋政办发57号"):
        assert form in forms
    assert short_forms("不是文号") == []
    assert count_words(2)[:2] == ["二", "两"]


def test_the_documents_together_are_named_by_the_corpus_count() -> None:
    docs = [{"docIri": f"d{i}", "doc": f"晋X〔2020〕{i}号", "title": f"题{i}", "shortTitle": f"简{i}"} for i in (1, 2)]
    docs.append({"docIri": "d3", "doc": "晋X〔2020〕3号", "title": "题3", "shortTitle": "简3"})
    labels = document_labels(docs)
    assert labels["三个文件"] == ["d1", "d2", "d3"] and "两个文件" not in labels
    assert labels["2号文"] == ["d2"]


def test_a_number_label_is_no_part_of_a_date_a_number_or_an_address() -> None:
    assert fits("57号文件是谁发的？", 0, 3)
    assert not fits("4月12号前要拆吗？", 2, 5)
    assert not fits("112号文", 1, 4)
    assert not fits("12号楼能卖吗？", 0, 3)


def test_colophons_are_read_from_the_corpus() -> None:
    colophons = {d.doc_number: d.colophon for d in load_corpus()}
    assert colophons["晋政办发〔2019〕57号"] == ("山西省人民政府办公厅", "2019年7月22日")
    assert colophons["晋脱贫攻坚组〔2020〕12号"] == ("山西省脱贫攻坚领导小组办公室2020年4月9日印发",)


@pytest.mark.slow
def test_a_short_doc_number_selects_its_document(service: AskService, scorer: Grounding) -> None:
    for question, doc in ONE.items():
        answer = service.ask(question)
        assert answer.intent == "document" and answer.answer.startswith(doc), (question, answer.answer)
        assert {c.doc for c in answer.citations} == {doc}, question
        colophon = answer.citations[0]
        assert colophon.kind == "colophon" and colophon.to_json()["kind"] == "colophon"
        assert {"doc", "clause", "text"} <= set(colophon.to_json())
        assert scorer.violations(answer.to_json()) == [], question


@pytest.mark.slow
def test_the_documents_together_or_unnamed_give_every_document(service: AskService, scorer: Grounding) -> None:
    docs = [d["doc"] for d in service.lexicon.documents]
    for question in ALL:
        answer = service.ask(question)
        assert answer.intent == "document", (question, answer.answer)
        assert all(doc in answer.answer for doc in docs), (question, answer.answer)
        assert answer.answer.count("\n") == len(docs) - 1
        assert scorer.violations(answer.to_json()) == [], question


@pytest.mark.slow
def test_dates_and_addresses_are_no_documents(service: AskService) -> None:
    for question in ("12号楼的安置房能卖吗？", "补贴哪天发？", "我的补贴什么时候发？"):
        assert service.ask(question).intent != "document", question
