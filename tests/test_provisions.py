"""Provisions (issue 10): lossless segmentation, modality cue rules, SHACL gates, the typed repository."""

from __future__ import annotations

import pytest
import yaml
from rdflib import Literal
from rdflib.namespace import RDF

from kb.corpus import load_corpus
from kb.graph.build import SHAPES_FILE, build_graph
from kb.graph.modality import classify
from kb.graph.namespaces import PKB
from kb.graph.provision_vocab import load_provision_vocabulary
from kb.graph.segment_provisions import segment_clause
from kb.graph.validate import validate_graph
from kb.paths import ontology_dir

pytestmark = pytest.mark.unit

GOLD = "tests/gold/provisions_gold.yaml"


@pytest.fixture(scope="module")
def built():
    return build_graph()[0]


@pytest.fixture(scope="module")
def vocab(built):
    return load_provision_vocabulary(built)


def test_every_clause_is_reproduced_by_its_provisions() -> None:
    clauses = [c for doc in load_corpus() for c in doc.clauses]
    assert len(clauses) == 60
    for clause in clauses:
        segments = segment_clause(clause.text)
        assert "".join(s.text for s in segments) == clause.text
        assert [s.index for s in segments] == list(range(len(segments)))
        assert segments[0].text.rstrip("。") == clause.title or clause.title.endswith("…")


def test_a_sentence_mark_inside_brackets_does_not_split() -> None:
    segments = segment_clause("标题。甲（乙。丙）丁；戊。")
    assert [s.text for s in segments] == ["标题。", "甲（乙。丙）丁；", "戊。"]


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("禁止私下交易、租赁，发现后立即取消搬迁资格。", "prohibition"),
        ("结余资金可用于建档立卡搬迁人口的后续扶持，重点支持扶贫车间。", "permission"),
        ("享有便利可及的基本公共服务。", "obligation"),  # 可及 is not 可
        ("宁可抓重不可抓漏。", "obligation"),  # 不可 negated without a negated modality, 宁可 excepted
        ("各单位不要擅自调整。", "prohibition"),  # 不要: 要 negated
        ("鼓励龙头企业对有劳动能力的家庭实施就业帮扶。", "support"),
        ("原则上，到2025年实现增收。", "goal"),  # after the lead-in 原则上，
        ("加强部门间信息共享。", "obligation"),  # no cue: the default
    ],
)
def test_cue_rules(vocab, text: str, modality: str) -> None:
    assert vocab.modalities[classify(text, vocab).modality] == modality


def test_shapes_reject_a_provision_that_changes_the_clause_text(built) -> None:
    graph = built.__class__()
    for triple in built:
        graph.add(triple)
    provision = next(iter(graph.subjects(RDF.type, PKB.Provision)))
    graph.set((provision, PKB.text, Literal("被改动的句子。", lang="zh")))
    conforms, messages = validate_graph(graph, ontology_dir() / SHAPES_FILE)
    assert not conforms
    assert any("不一致" in m for m in messages)
    assert any("不相接" in m or "结尾" in m for m in messages)


def test_shapes_reject_an_item_not_in_its_provision(built) -> None:
    graph = built.__class__()
    for triple in built:
        graph.add(triple)
    item = next(iter(graph.subjects(RDF.type, PKB.ListItem)))
    from rdflib.namespace import SKOS

    graph.set((item, SKOS.prefLabel, Literal("文中没有的项", lang="zh")))
    conforms, messages = validate_graph(graph, ontology_dir() / SHAPES_FILE)
    assert not conforms and any("列举项" in m for m in messages)


def test_gold_sample_is_large_enough_and_matches_the_corpus() -> None:
    with open(GOLD, encoding="utf-8") as handle:
        gold = yaml.safe_load(handle)
    assert len(gold) >= 120
    texts = {}
    for doc in load_corpus():
        for clause in doc.clauses:
            for segment in segment_clause(clause.text):
                texts[(doc.doc_number, clause.label, segment.index)] = segment.text
    for row in gold:
        assert texts[(row["doc"], row["clause"], row["index"])] == row["text"]
