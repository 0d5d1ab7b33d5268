"""The corpus: source documents, cleaned and segmented into addressable clauses."""

from kb.corpus.clean import CorpusError
from kb.corpus.documents import (
    Document,
    corpus_hash,
    find_document,
    load_corpus,
    load_document,
    load_serving_corpus,
)
from kb.corpus.segment import Clause, Section

__all__ = [
    "Clause",
    "CorpusError",
    "Document",
    "Section",
    "corpus_hash",
    "find_document",
    "load_corpus",
    "load_document",
    "load_serving_corpus",
]
