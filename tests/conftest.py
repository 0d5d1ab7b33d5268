"""Shared fixtures: the real corpus and the real built graph (built now if missing or stale)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.corpus import Document, load_corpus
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore, StoreError
from kb.paths import build_dir


@pytest.fixture(scope="session")
def corpus() -> list[Document]:
    return load_corpus()


@pytest.fixture(scope="session")
def built_graph_dir() -> Path:
    """The build folder holding a graph in step with corpus/ and ontology/ (rebuilt when stale)."""
    try:
        GraphStore.open()
    except StoreError:
        from kb.graph.build import build_graph, write_build

        documents = load_corpus()
        graph, report = build_graph(documents)
        write_build(graph, report, documents)
    return build_dir()


@pytest.fixture(scope="session")
def store(built_graph_dir: Path) -> GraphStore:
    return GraphStore.open(built_graph_dir)


@pytest.fixture(scope="session")
def policy(store: GraphStore) -> PolicyQueries:
    return PolicyQueries(store)
