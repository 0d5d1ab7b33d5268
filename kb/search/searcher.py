"""Hybrid clause search: dense (faiss) + BM25 (jieba), fused by weighted reciprocal rank."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kb.corpus import Document, find_document, load_serving_corpus
from kb.messages import msg
from kb.normalise import normalise
from kb.search import dense
from kb.search.embedders import Embedder, make_embedder
from kb.search.errors import IndexNeedsBuild, QueryError
from kb.search.fusion import rrf
from kb.search.index_store import LoadedIndex, build_index, load_index
from kb.search.passages import UNIT

MAX_QUERY_CHARS = 500
SIGNALS = ("dense", "bm25")
SENTENCE = "sentence"  # dense over provision passages (an index built with them, kb/search/passages.py)
ALL_SIGNALS = (*SIGNALS, SENTENCE)
DEFAULT_WEIGHTS: dict[str, float] = {"dense": 1.0, "bm25": 0.7, SENTENCE: 0.5}
CANDIDATES = 10  # how deep each signal's clause ranking goes into the fusion
FUSION_K = 5  # the RRF constant; small because a question has few right clauses among ~60
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
QUERY_VECTORS = 2048  # recent question vectors kept (1.5 KB each: about 3 MB)


def validate_query(query: str) -> str:
    text = normalise(query)
    if not text:
        raise QueryError(msg("search.query_empty"))
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(msg("search.query_too_long", length=len(text), limit=MAX_QUERY_CHARS))
    if not CJK_RE.search(text):
        raise QueryError(msg("search.query_not_chinese"))
    return text


@dataclass(frozen=True)
class SearchResult:
    rank: int
    doc: str  # 文号, without spaces
    doc_id: str
    clause: str  # clause label, e.g. 五（十六）
    title: str
    section_title: str
    text: str
    score: float  # fused score (weighted reciprocal rank)
    signals: tuple[str, ...]  # the signals whose top candidates contain this clause
    signal_ranks: Mapping[str, int] = field(default_factory=dict)
    provision: int | None = None  # index of the clause's best-matching provision (None: the whole clause)
    provision_text: str = ""  # that provision's sentence

    @property
    def citation(self) -> str:
        return f"{self.doc} {self.clause}"

    def to_json(self) -> dict:
        return {
            "rank": self.rank,
            "doc": self.doc,
            "doc_id": self.doc_id,
            "clause": self.clause,
            "title": self.title,
            "section_title": self.section_title,
            "text": self.text,
            "score": round(self.score, 6),
            "signals": list(self.signals),
            "signal_ranks": dict(self.signal_ranks),
            "provision": self.provision,
            "provision_text": self.provision_text,
        }


class Searcher:
    """Search over an opened index. ``Searcher.open()`` finds the index in the build folder and, unless
    told otherwise, builds it when it is missing, stale or corrupt (``on_rebuild`` is told why)."""

    def __init__(
        self,
        index: LoadedIndex,
        embedder: Embedder,
        documents: Sequence[Document],
        weights: Mapping[str, float] | None = None,
        candidates: int = CANDIDATES,
        fusion_k: int = FUSION_K,
    ) -> None:
        self.index = index
        self.embedder = embedder
        dense.single_thread_queries()
        self.documents = list(documents)
        self.weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
        self.candidates = candidates
        self.fusion_k = fusion_k
        self._keys = [p.key for p in index.passages]
        # recent questions' vectors, keyed on the normalised question (search and top_scores both need it; a
        # server sees the same questions again); bounded, least recently used dropped first
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._vectors_lock = threading.Lock()
        self._first: dict[str, int] = {}
        for i, p in enumerate(index.passages):
            if p.provision is None:
                self._first.setdefault(p.key, i)
        for i, p in enumerate(index.passages):
            self._first.setdefault(p.key, i)
        kinds = np.array([p.provision is not None for p in index.passages], dtype=bool)
        self._has_sentences = bool(kinds.any())
        self._mixed = self._has_sentences and not bool(kinds.all())
        self._is_sentence = kinds

    @property
    def default_signals(self) -> tuple[str, ...]:
        """dense + bm25 (over clause passages when the index also has provision passages). Ranking clauses
        by their best sentence as a third signal did not help on the dev questions (docs/benchmarks.md,
        Provisions), so ``sentence`` is used only when asked for; it always names the provision shown."""
        return SIGNALS

    def _keep(self, ids: np.ndarray, sentences: bool) -> np.ndarray:
        """In an index of clause and provision passages, each signal reads one kind."""
        if not self._mixed:
            return np.ones(len(ids), dtype=bool)
        return self._is_sentence[ids] == sentences

    @classmethod
    def open(
        cls,
        build_dir: Path | None = None,
        embedder: Embedder | None = None,
        documents: list[Document] | None = None,
        auto_build: bool = True,
        on_rebuild: Callable[[str], None] | None = None,
        unit: str = UNIT,
        **options,
    ) -> Searcher:
        embedder = embedder or make_embedder()
        documents = load_serving_corpus(build_dir) if documents is None else documents
        try:
            index = load_index(build_dir, embedder, documents, unit)
        except IndexNeedsBuild as exc:
            if not auto_build:
                raise
            if on_rebuild:
                on_rebuild(msg("search.rebuilding", reason=exc.reason, error=exc))
            build_index(documents, build_dir, embedder, unit=unit)
            index = load_index(build_dir, embedder, documents, unit)
        return cls(index, embedder, documents, **options)

    def _doc_number(self, doc: str | None) -> str | None:
        if not doc:
            return None
        try:
            return find_document(self.documents, doc).doc_number
        except KeyError as exc:
            options = msg("search.separator").join(d.doc_number for d in self.documents)
            raise QueryError(msg("search.unknown_document", doc=doc, options=options)) from exc

    def _clause_ranking(
        self, scores: np.ndarray, ids: np.ndarray, allowed: str | None, best_passage: dict[str, int] | None = None
    ) -> list[str]:
        """Passage scores → clause keys, best first (a clause scores as its best passage, which is noted in
        ``best_passage``)."""
        best: dict[str, float] = {}
        for score, i in zip(scores.tolist(), ids.tolist(), strict=True):
            key = self._keys[i]
            if allowed and not key.startswith(allowed + " "):
                continue
            if score > best.get(key, -np.inf):
                best[key] = score
                if best_passage is not None:
                    best_passage[key] = i
        return sorted(best, key=lambda key: -best[key])

    def query_vector(self, query: str) -> np.ndarray:
        """The question's embedding (cached: evaluation and callers of ``top_scores`` ask twice)."""
        with self._vectors_lock:
            vector = self._query_vectors.get(query)
            if vector is not None:
                self._query_vectors.move_to_end(query)
                return vector
        vector = self.embedder.embed_query(query)  # outside the lock: concurrent questions batch together
        vector.setflags(write=False)  # shared by every caller
        with self._vectors_lock:
            self._query_vectors[query] = vector
            while len(self._query_vectors) > QUERY_VECTORS:
                self._query_vectors.popitem(last=False)
        return vector

    def top_scores(self, query: str) -> dict[str, float]:
        """Each signal's best raw score for the question (dense: cosine similarity; bm25: BM25 score), e.g. to
        tell an off-topic question; uses the cached query vector, so it costs nothing after ``search``."""
        query = validate_query(query)
        depth = self.index.faiss_index.ntotal if self._mixed else 1
        scores, ids = dense.search(self.index.faiss_index, self.query_vector(query), depth)
        scores = scores[self._keep(ids, False)]  # over clause passages, as the thresholds were measured
        bm25 = self.index.bm25.scores(self.index.tokenizer.tokenize(query))
        bm25 = bm25[~self._is_sentence] if self._mixed else bm25
        return {"dense": float(scores.max()) if len(scores) else 0.0, "bm25": float(bm25.max()) if len(bm25) else 0.0}

    def rank_signal(
        self, signal: str, query: str, doc_number: str | None = None, best_passage: dict[str, int] | None = None
    ) -> list[str]:
        """One signal's clause ranking for a validated query."""
        if signal in ("dense", SENTENCE):
            if signal == SENTENCE and not self._has_sentences:
                raise QueryError(msg("search.signal_needs_sentences", signal=SENTENCE))
            vector = self.query_vector(query)
            scores, ids = dense.search(self.index.faiss_index, vector, self.index.faiss_index.ntotal)
            keep = self._keep(ids, signal == SENTENCE)
            return self._clause_ranking(scores[keep], ids[keep], doc_number, best_passage)
        if signal == "bm25":
            scores = self.index.bm25.scores(self.index.tokenizer.tokenize(query))
            ids = np.flatnonzero(scores > 0)
            ids = ids[self._keep(ids, False)]
            return self._clause_ranking(scores[ids], ids, doc_number, best_passage)
        raise QueryError(msg("search.unknown_signal", signal=signal, known=msg("search.separator").join(ALL_SIGNALS)))

    def search(
        self, query: str, k: int = 5, doc: str | None = None, signals: Sequence[str] | None = None
    ) -> list[SearchResult]:
        query = validate_query(query)
        signals = tuple(signals) if signals else self.default_signals
        if k < 1:
            raise QueryError(msg("search.k_too_small"))
        doc_number = self._doc_number(doc)
        best: dict[str, dict[str, int]] = {s: {} for s in (*signals, SENTENCE)}
        rankings = {s: self.rank_signal(s, query, doc_number, best[s])[: max(self.candidates, k)] for s in signals}
        if self._has_sentences and SENTENCE not in signals:
            self.rank_signal(SENTENCE, query, doc_number, best[SENTENCE])  # notes each clause's best sentence
        fused = rrf(rankings, self.weights if len(signals) > 1 else None, self.fusion_k)
        results = []
        for rank, (key, score) in enumerate(fused[:k], start=1):
            passage = self.index.passages[self._first[key]]
            ranks = {s: keys.index(key) + 1 for s, keys in rankings.items() if key in keys}
            # the provision shown: the best passage of the signal that ranks the clause highest
            sentence = best[SENTENCE].get(key)
            shown = self.index.passages[sentence] if sentence is not None else passage
            results.append(
                SearchResult(
                    rank=rank,
                    doc=passage.doc_number,
                    doc_id=passage.doc_id,
                    clause=passage.clause,
                    title=passage.title,
                    section_title=passage.section_title,
                    text=passage.text,
                    score=score,
                    signals=tuple(s for s in signals if s in ranks),
                    signal_ranks=ranks,
                    provision=shown.provision,
                    provision_text=shown.provision_text,
                )
            )
        return results
