"""BM25 (Okapi) over jieba tokens, with the project's words added to a private jieba dictionary.

Each text is segmented by jieba in search mode (words and their sub-words); the character bigrams of its
Chinese runs are added as extra tokens, which lets a resident's wording meet the documents' words half way
(measured on the gold set: BM25 recall@5 0.83 → 0.85, hybrid 0.958 → 0.967; see docs/benchmarks.md).

A private ``jieba.Tokenizer`` is used so that the words added here do not change how other parts of the
program segment text through jieba's global tokenizer.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence

import numpy as np

from kb.search.data import search_data

# function words and question words that residents add and clauses do not need to match (search_data.yaml)
STOPWORDS = frozenset(search_data()["stopwords"].split())
TOKEN_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")

_jieba_lock = threading.Lock()


def jieba_copy():
    """A fresh jieba tokenizer with the default dictionary, loaded once per process into ``jieba.dt`` (so
    that ``jieba.posseg``, which uses ``jieba.dt``, does not load it again) and copied: a copy of the frequency
    table takes milliseconds, loading it about a second. Words added to the copy stay in the copy."""
    import jieba

    with _jieba_lock:
        if not jieba.dt.initialized:
            jieba.setLogLevel(logging.WARNING)
            jieba.dt.initialize()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ = dict(jieba.dt.FREQ)
        tokenizer.total = jieba.dt.total
        tokenizer.initialized = True
    return tokenizer


def _private_tokenizer(words: Sequence[str]):
    """A jieba tokenizer of its own with ``words`` added; the default dictionary is loaded once per process
    and copied (a copy of its frequency table takes milliseconds, loading it about a second)."""
    tokenizer = jieba_copy()
    for word in words:
        tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word, tune=False), 10))
    return tokenizer


class JiebaTokenizer:
    """Search-mode jieba segmentation (words and their sub-words) with stop words and punctuation removed,
    plus the character bigrams of each run of Chinese characters."""

    def __init__(self, words: Sequence[str] = (), bigrams: bool = True) -> None:
        self.words = list(words)
        self.bigrams = bigrams
        self._tokenizer = None

    def _get(self):
        if self._tokenizer is None:
            self._tokenizer = _private_tokenizer(self.words)
        return self._tokenizer

    def tokenize(self, text: str) -> list[str]:
        tokens = [t for t in self._get().lcut_for_search(text) if t not in STOPWORDS and TOKEN_RE.search(t)]
        if self.bigrams:
            for run in HAN_RUN_RE.findall(text):
                tokens += [run[i : i + 2] for i in range(len(run) - 1)]
        return tokens


class BM25:
    """Okapi BM25 over pre-tokenised documents; ``scores(query_tokens)`` → one score per document."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n_docs = len(documents)
        lengths = np.array([len(doc) for doc in documents], dtype=np.float32)
        avg = float(lengths.mean()) if self.n_docs else 1.0
        norm = k1 * (1 - b + b * lengths / max(avg, 1e-9))
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                ids, weights = postings.setdefault(term, ([], []))
                ids.append(i)
                weights.append(tf * (k1 + 1) / (tf + norm[i]))
        self._postings = {}
        for term, (ids, weights) in postings.items():
            df = len(ids)
            idf = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
            self._postings[term] = (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32) * idf)

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        out = np.zeros(self.n_docs, dtype=np.float32)
        for term in set(query_tokens):
            posting = self._postings.get(term)
            if posting is not None:
                out[posting[0]] += posting[1]
        return out
