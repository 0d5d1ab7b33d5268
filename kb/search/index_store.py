"""The search index folder (``<build>/search/``): writing it, and checking it before use.

Files (see docs/search.md): ``config.json`` (written last), ``passages.jsonl``, ``dense.faiss``,
``bm25.json``, ``userdict.txt`` and ``cache/`` (passage vectors by text hash, kept across rebuilds).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.corpus import Document, corpus_hash, load_corpus
from kb.search import dense
from kb.search.bm25 import BM25, JiebaTokenizer
from kb.search.embedders import Embedder, make_embedder
from kb.search.errors import IndexCorrupt, IndexMissing, IndexStale, ModelMismatch
from kb.search.passages import UNIT, Passage, make_passages, passages_hash
from kb.search.terms import dictionary_terms, graph_rows

FORMAT = 1
CONFIG, PASSAGES, FAISS, BM25_FILE, USERDICT, CACHE = (
    "config.json",
    "passages.jsonl",
    "dense.faiss",
    "bm25.json",
    "userdict.txt",
    "cache",
)
INDEX_FILES = (PASSAGES, FAISS, BM25_FILE, USERDICT)


def index_dir(build_dir: Path | None = None) -> Path:
    if build_dir is None:
        from kb.paths import build_dir as default_build_dir

        build_dir = default_build_dir()
    return Path(build_dir) / "search"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # per process: concurrent builds never share one
    tmp.write_bytes(data)
    os.replace(tmp, path)


def build_index(
    documents: list[Document] | None = None,
    build_dir: Path | None = None,
    embedder: Embedder | None = None,
    rows_provider: Callable[[], list[dict]] | None = None,
    unit: str = UNIT,
) -> dict:
    """Build (or rebuild) the search index; returns its config. Only passages not in the cache are embedded."""
    started = time.perf_counter()
    documents = load_corpus() if documents is None else documents
    embedder = embedder or make_embedder()
    folder = index_dir(build_dir)
    folder.mkdir(parents=True, exist_ok=True)
    passages = make_passages(documents, unit)
    words, dictionary_source = dictionary_terms(documents, rows_provider or (lambda: graph_rows(build_dir)))

    hashes = [p.text_hash for p in passages]
    cache = dense.VectorCache(dense.cache_path(folder / CACHE, embedder.spec), embedder.dim)
    vectors, embedded = cache.embed(embedder, [p.content for p in passages], hashes)
    cache.save()

    import faiss

    _write(folder / USERDICT, ("\n".join(words) + "\n").encode("utf-8"))
    tokenizer = JiebaTokenizer(words)
    tokens = [tokenizer.tokenize(p.content) for p in passages]
    _write(folder / BM25_FILE, json.dumps({"tokens": tokens}, ensure_ascii=False).encode("utf-8"))
    lines = [json.dumps(p.to_json(), ensure_ascii=False) for p in passages]
    _write(folder / PASSAGES, ("\n".join(lines) + "\n").encode("utf-8"))
    index = dense.flat_index(vectors)
    _write(folder / FAISS, faiss.serialize_index(index).tobytes())

    config = {
        "format": FORMAT,
        "model": {"spec": embedder.spec, "dim": int(embedder.dim)},
        "corpus_hash": corpus_hash(documents),
        "passages_hash": passages_hash(passages),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - started, 3),
        "documents": [d.doc_number for d in documents],
        "clauses": len({p.key for p in passages}),
        "passage_unit": unit,
        "passages": len(passages),
        "embedded": embedded,
        "faiss_index": type(index).__name__,
        "metric": "inner_product",
        "bm25": {"tokens": "jieba search mode + character bigrams", "k1": 1.2, "b": 0.75},
        "dictionary": {"source": dictionary_source, "words": len(words)},
        "files": {name: _sha256(folder / name) for name in INDEX_FILES},
    }
    _write(folder / CONFIG, json.dumps(config, ensure_ascii=False, indent=2).encode("utf-8"))
    return config


@dataclass
class LoadedIndex:
    config: dict
    passages: list[Passage]
    faiss_index: object
    bm25: BM25
    tokenizer: JiebaTokenizer
    folder: Path


def read_config(folder: Path) -> dict:
    path = folder / CONFIG
    if not path.exists():
        raise IndexMissing(f"搜索索引不存在：{folder}")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(config["model"]["spec"], str) or not isinstance(config["files"], dict):
            raise TypeError("model.spec / files")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"搜索索引配置 {path.name} 无法读取：{exc}") from exc
    return config


def check_model(config: dict, embedder: Embedder) -> None:
    built = config["model"]["spec"]
    if built != embedder.spec:
        raise ModelMismatch(
            f"搜索索引是用模型「{built}」建立的，当前配置的模型是「{embedder.spec}」，两者的向量不能混用。"
            f"请运行 policykb build 用当前模型重建索引（或把 POLICYKB_EMBEDDER 改回 {built}）。"
        )
    if int(config["model"].get("dim", -1)) != embedder.dim:
        raise ModelMismatch(
            f"搜索索引的向量维度是 {config['model'].get('dim')}，模型「{embedder.spec}」输出 {embedder.dim} 维。"
            "请运行 policykb build 重建索引。"
        )


def load_index(
    build_dir: Path | None = None,
    embedder: Embedder | None = None,
    documents: list[Document] | None = None,
    unit: str = UNIT,
) -> LoadedIndex:
    """Open the index after checking it: missing/stale/corrupt raise ``IndexNeedsBuild``, another model
    raises ``ModelMismatch``. ``documents`` (default: the corpus) are compared with what the index was built from."""
    folder = index_dir(build_dir)
    config = read_config(folder)
    if config.get("format") != FORMAT:
        raise IndexStale(f"搜索索引格式版本 {config.get('format')} 与程序（{FORMAT}）不一致")
    check_model(config, embedder or make_embedder())
    documents = load_corpus() if documents is None else documents
    if config.get("corpus_hash") != corpus_hash(documents):
        raise IndexStale("语料已更新，搜索索引已过期")
    if config.get("passages_hash") != passages_hash(make_passages(documents, unit)):
        raise IndexStale("条款切分已变化，搜索索引已过期")
    for name in INDEX_FILES:
        path = folder / name
        if not path.exists():
            raise IndexCorrupt(f"搜索索引缺少文件 {name}")
        if _sha256(path) != config["files"].get(name):
            raise IndexCorrupt(f"搜索索引文件 {name} 已损坏（校验和不符）")
    import faiss

    try:
        passages = [Passage(**json.loads(line)) for line in (folder / PASSAGES).read_text("utf-8").splitlines()]
        raw = np.frombuffer((folder / FAISS).read_bytes(), dtype=np.uint8)
        index = faiss.deserialize_index(raw)
        tokens = json.loads((folder / BM25_FILE).read_text("utf-8"))["tokens"]
        words = (folder / USERDICT).read_text("utf-8").split()
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorrupt(f"搜索索引文件无法读取：{exc}") from exc
    if index.ntotal != len(passages) or index.d != config["model"]["dim"] or len(tokens) != len(passages):
        raise IndexCorrupt("搜索索引各文件的条目数或维度不一致")
    return LoadedIndex(config, passages, index, BM25(tokens), JiebaTokenizer(words), folder)
