"""The search index folder (``<build>/search/``): writing it, and checking it before use.

Files (see docs/search.md): ``config.json`` (written last), ``passages.jsonl``, ``dense.faiss``,
``bm25.json``, ``userdict.txt`` and ``cache/`` (passage vectors by text hash, kept across rebuilds).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kb.corpus import Document, corpus_hash, load_serving_corpus
from kb.messages import msg
from kb.search import dense
from kb.search.bm25 import BM25, JiebaTokenizer
from kb.search.embedders import Embedder, make_embedder
from kb.search.errors import IndexCorrupt, IndexMissing, IndexStale, ModelMismatch
from kb.search.passages import UNIT, Passage, make_passages, passages_hash
from kb.search.terms import dictionary_terms, graph_rows

if TYPE_CHECKING:  # at run time faiss is imported only where an index is built or read
    import faiss

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
PROGRESS_FROM = 256  # passages to embed from which the build shows its progress (≈ 15 s on 2 busy cores)
PROGRESS_CHUNK = 64


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
    progress: bool = False,
) -> dict:
    """Build (or rebuild) the search index; returns its config. Only passages not in the cache are embedded
    (``progress``: show the embedding's progress on stderr when there are many)."""
    started = time.perf_counter()
    documents = load_serving_corpus(build_dir) if documents is None else documents
    embedder = embedder or make_embedder()
    folder = index_dir(build_dir)
    try:
        rows = rows_provider or (lambda: graph_rows(build_dir))
        return _build(documents, folder, embedder, rows, started, unit, progress)
    except PermissionError as exc:
        raise IndexCorrupt(msg("errors.index.read_only", reason=exc.strerror or exc)) from exc


def _embed_with_progress(
    cache: dense.VectorCache, embedder: Embedder, passages: list[Passage], hashes: list[str], progress: bool
) -> int:
    """Embed the passages the cache lacks, in chunks, showing progress on stderr for long runs."""
    missing = [i for i, h in enumerate(hashes) if h not in cache.vectors]
    show = progress and len(missing) >= PROGRESS_FROM
    started = time.perf_counter()
    for start in range(0, len(missing), PROGRESS_CHUNK):
        chunk = missing[start : start + PROGRESS_CHUNK]
        cache.embed(embedder, [passages[i].content for i in chunk], [hashes[i] for i in chunk])
        done = start + len(chunk)
        tty = sys.stderr.isatty()
        step = max(1, len(missing) // 10)
        if show and (tty or done == len(missing) or done // step != start // step):
            line = msg(
                "errors.progress.embedding", done=done, total=len(missing), seconds=time.perf_counter() - started
            )
            end = "\r" if tty and done < len(missing) else "\n"
            print(line, end=end, file=sys.stderr, flush=True)
    return len(missing)


def _build(
    documents: list[Document],
    folder: Path,
    embedder: Embedder,
    rows_provider: Callable[[], list[dict]],
    started: float,
    unit: str = UNIT,
    progress: bool = False,
) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    passages = make_passages(documents, unit)
    words, dictionary_source = dictionary_terms(documents, rows_provider)

    hashes = [p.text_hash for p in passages]
    cache = dense.VectorCache(dense.cache_path(folder / CACHE, embedder.spec), embedder.dim)
    embedded = _embed_with_progress(cache, embedder, passages, hashes, progress)
    vectors, _ = cache.embed(embedder, [p.content for p in passages], hashes)
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
    config["config_sha256"] = _config_hash(config)
    _write(folder / CONFIG, json.dumps(config, ensure_ascii=False, indent=2).encode("utf-8"))
    return config


@dataclass
class LoadedIndex:
    config: dict
    passages: list[Passage]
    faiss_index: faiss.Index
    bm25: BM25
    tokenizer: JiebaTokenizer
    folder: Path


def read_config(folder: Path) -> dict:
    path = folder / CONFIG
    if not path.exists():
        raise IndexMissing(msg("errors.index.missing", folder=folder))
    try:
        config = json.loads(path.read_bytes().decode("utf-8"))
        if not isinstance(config["model"]["spec"], str) or not isinstance(config["files"], dict):
            raise TypeError("model.spec / files")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(msg("errors.index.bad_config", name=path.name, reason=str(exc)[:200])) from exc
    if config.get("config_sha256") != _config_hash(config):
        raise IndexCorrupt(msg("errors.index.checksum", name=CONFIG))
    return config


def _config_hash(config: dict) -> str:
    body = {key: value for key, value in config.items() if key != "config_sha256"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def check_model(config: dict, embedder: Embedder) -> None:
    built = config["model"]["spec"]
    if built != embedder.spec:
        raise ModelMismatch(msg("errors.index.model", built=built, current=embedder.spec))
    if int(config["model"].get("dim", -1)) != embedder.dim:
        raise ModelMismatch(
            msg("errors.index.dim", built=config["model"].get("dim"), model=embedder.spec, current=embedder.dim)
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
        raise IndexStale(msg("errors.index.format", built=config.get("format"), current=FORMAT))
    check_model(config, embedder or make_embedder())
    documents = load_serving_corpus(build_dir) if documents is None else documents
    if config.get("corpus_hash") != corpus_hash(documents):
        raise IndexStale(msg("errors.index.stale_corpus"))
    if config.get("passages_hash") != passages_hash(make_passages(documents, unit)):
        raise IndexStale(msg("errors.index.stale_passages"))
    for name in INDEX_FILES:
        path = folder / name
        if not path.exists():
            raise IndexCorrupt(msg("errors.index.missing_file", name=name))
        if _sha256(path) != config["files"].get(name):
            raise IndexCorrupt(msg("errors.index.checksum", name=name))
    import faiss

    try:
        passages = [Passage(**json.loads(line)) for line in (folder / PASSAGES).read_text("utf-8").splitlines()]
        raw = np.frombuffer((folder / FAISS).read_bytes(), dtype=np.uint8)
        index = faiss.deserialize_index(raw)
        tokens = json.loads((folder / BM25_FILE).read_text("utf-8"))["tokens"]
        words = (folder / USERDICT).read_text("utf-8").split()
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorrupt(msg("errors.index.unreadable", reason=str(exc)[:200])) from exc
    if index.ntotal != len(passages) or index.d != config["model"]["dim"] or len(tokens) != len(passages):
        raise IndexCorrupt(msg("errors.index.inconsistent"))
    return LoadedIndex(config, passages, index, BM25(tokens), JiebaTokenizer(words), folder)
