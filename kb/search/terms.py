"""The word list added to jieba's dictionary: department names and policy terms.

Taken from the knowledge graph when it is built (``GraphStore.open().select("all_labels")``: department
names, aliases, functional areas, policy terms) and always from the corpus itself (departments named in
the responsibility notes, quoted terms such as “一户一宅”, document numbers). Without a graph the corpus
terms alone are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from kb.corpus import Document
from kb.search.data import search_data

_PATTERNS = search_data()["term_patterns"]
DEPARTMENT_RE = re.compile(_PATTERNS["department"])
NOTE_RE = re.compile(_PATTERNS["note"])
ROLE_RE = re.compile(_PATTERNS["role"])
QUOTED_RE = re.compile(r"[“\"]([^”\"]{2,16})[”\"]")
PREFIX_RE = re.compile(_PATTERNS["prefix"])


def corpus_terms(documents: Iterable[Document]) -> set[str]:
    terms: set[str] = set()
    for doc in documents:
        terms.add(doc.doc_number)
        text = "\n".join(clause.text for clause in doc.clauses)
        names = [m.group(0) for m in DEPARTMENT_RE.finditer(text)]
        for note in NOTE_RE.findall(text):
            names += re.split(_PATTERNS["note_separator"], note)
        for name in names:
            name = PREFIX_RE.sub("", ROLE_RE.sub("", name.strip()))
            if 2 <= len(name) <= 16:
                terms.add(name)
        for match in QUOTED_RE.finditer(text):
            for part in re.split(_PATTERNS["quoted_separator"], match.group(1)):
                if 2 <= len(part.strip()) <= 12:
                    terms.add(part.strip())
    return terms


SKIP_KINDS = frozenset({"measure"})  # measure titles are sentences, not words


def graph_rows(build_dir: Path | None = None) -> list[dict]:
    from kb.graph.store import GraphStore  # the graph package may be absent or the graph not built

    return list(GraphStore.open(build_dir).select("all_labels"))


def graph_terms(rows_provider: Callable[[], list[dict]] = graph_rows) -> set[str] | None:
    """Labels from the knowledge graph, or ``None`` when there is no graph (not written yet or not built)."""
    try:
        rows = rows_provider()
    except Exception:  # no graph package, graph not built, or unreadable: the corpus terms still work
        return None
    terms = set()
    for row in rows:
        if str(row.get("kind") or "") in SKIP_KINDS:
            continue
        label = str(row.get("label") or "").strip()
        if 2 <= len(label) <= 20 and not any(ch.isspace() for ch in label):
            terms.add(label)
    return terms


def dictionary_terms(
    documents: Iterable[Document], rows_provider: Callable[[], list[dict]] = graph_rows
) -> tuple[list[str], str]:
    """The sorted word list and where it came from: ``graph+corpus`` or ``corpus``."""
    terms = corpus_terms(documents)
    from_graph = graph_terms(rows_provider)
    source = "corpus"
    if from_graph:
        terms |= from_graph
        source = "graph+corpus"
    return sorted(terms), source
