"""SPARQL safety (issue 14): SERVICE and updates are refused before anything runs, in local and endpoint
mode; every query has a time limit. A recording HTTP server on 127.0.0.1 proves that nothing is sent."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from kb.graph.sparql_guard import QueryRefused, check_query, is_update, run_with_timeout
from kb.graph.store import GraphStore, StoreError

pytestmark = pytest.mark.unit


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        _Recorder.requests.append(self.path)
        body = b'{"head": {"vars": []}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/>\nSELECT * WHERE { # a comment\n  Service\t<{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z . OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } }",
]
UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
    "LOAD <{url}>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused_locally_without_a_request(store: GraphStore, recorder: str, query: str) -> None:
    with pytest.raises(StoreError, match="SERVICE"):
        store.run(query.replace("{url}", recorder))
    assert _Recorder.requests == []


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused_in_endpoint_mode_before_the_precheck(recorder: str, query: str) -> None:
    remote = GraphStore.remote(recorder)
    with pytest.raises(StoreError, match="SERVICE"):
        remote.run(query.replace("{url}", recorder))
    assert _Recorder.requests == []


@pytest.mark.parametrize("query", UPDATES)
@pytest.mark.parametrize("mode", ["local", "endpoint"])
def test_updates_are_refused_clearly(store: GraphStore, recorder: str, query: str, mode: str) -> None:
    target = store if mode == "local" else GraphStore.remote(recorder)
    with pytest.raises(StoreError, match="只接受只读查询"):
        target.run(query.replace("{url}", recorder))
    assert _Recorder.requests == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE" }',
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
        "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o }",
        "# INSERT DATA is only a comment here\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
    ],
)
def test_read_only_queries_mentioning_the_words_still_run(store: GraphStore, query: str) -> None:
    check_query(query)
    assert isinstance(store.run(query), list)


def test_guard_is_lexical_and_total() -> None:
    assert is_update("  prefix a: <urn:a>\nbase <urn:b>\ninsert data { <urn:x> <urn:y> <urn:z> }")
    assert not is_update("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryRefused):
        check_query(None)  # type: ignore[arg-type]


def test_a_cartesian_product_is_stopped_at_the_time_limit(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_QUERY_TIMEOUT", "0.5")
    with pytest.raises(StoreError, match="时间限制"):
        store.run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")  # rows: stopped when the limit passes
    assert store.run("ASK { ?s ?p ?o }") == [{"result": True}]


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="无法访问"):
        GraphStore.remote("http://127.0.0.1:9/sparql").run("ASK { ?s ?p ?o }", timeout=2)


def test_a_huge_result_is_cut_off_clearly(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_QUERY_MAX_ROWS", "1000")
    with pytest.raises(StoreError, match="超过 1000 行"):
        store.run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")


def test_a_failed_query_frees_its_result_in_the_worker_thread() -> None:
    # an engine result (pyoxigraph's) must be dropped on the thread that made it; a traceback handed to the
    # caller must not carry it there
    dropped_on: list[str] = []

    class Result:
        def __del__(self) -> None:
            dropped_on.append(threading.current_thread().name)

    def work(cancelled: threading.Event) -> None:
        result = Result()
        raise ValueError(str(result))

    with pytest.raises(ValueError):
        run_with_timeout(work, timeout=5)
    assert dropped_on and dropped_on[0] != threading.current_thread().name
