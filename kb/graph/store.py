"""Run named SPARQL queries (``kb/queries/*.rq``) with bound parameters on the built graph.

Two backends with one interface, ``select(name, **bindings) -> list[dict]``:
- ``GraphStore.open()``: the built graph loaded into an embedded pyoxigraph store; parameters are passed
  as pyoxigraph substitutions (the variable is replaced by the RDF term before evaluation);
- ``GraphStore.remote(url)``: a SPARQL endpoint (e.g. ``oxigraph serve``); parameters are bound with a
  ``VALUES`` block of escaped RDF terms at the start of the ``WHERE`` group.
User text never becomes query text: it only ever travels as an RDF literal. Opening a build verifies its
checksums (kb/graph/build_folder.py); queries are checked and time-limited (kb/graph/sparql_guard.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kb import __version__
from kb.graph.build_folder import BuildFolderError, code_hash, verify
from kb.graph.sparql_guard import (
    QueryRefused,
    QueryTimeout,
    check_query,
    max_rows,
    query_timeout,
    run_with_timeout,
)
from kb.messages import msg
from kb.paths import build_dir, queries_dir

Row = dict[str, Any]
GRAPH_FILE = "graph.ttl"
_XSD = "http://www.w3.org/2001/XMLSchema#"


class StoreError(Exception):
    """The graph cannot be queried: missing or stale build, unreachable endpoint, bad query."""


@cache
def query_text(name: str) -> str:
    path = queries_dir() / f"{name}.rq"
    if not path.is_file():
        raise StoreError(msg("errors.store.no_query", name=name, path=path))
    return path.read_text(encoding="utf-8")


def _python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    datatype = term.datatype.value if term.datatype else ""
    value = term.value
    if datatype in (_XSD + "integer", _XSD + "int", _XSD + "long"):
        return int(value)
    if datatype == _XSD + "decimal":
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if datatype in (_XSD + "double", _XSD + "float"):
        return float(value)
    if datatype == _XSD + "boolean":
        return value == "true"
    if datatype == _XSD + "date":
        return dt.date.fromisoformat(value)
    return value


def _term(value: Any) -> ox.NamedNode | ox.Literal:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(str(value))


def iri(value: str) -> ox.NamedNode:
    """Bind a parameter as an IRI rather than a string literal."""
    return ox.NamedNode(value)


class GraphStore:
    def __init__(self, store: ox.Store | None = None, endpoint: str | None = None) -> None:
        self._store = store
        self._endpoint = endpoint
        self.folder: Path | None = None  # the build generation it was read from
        self.notices: list[str] = []  # things the user should be told (e.g. the corpus has an error)

    @classmethod
    def open(cls, folder: Path | None = None, check_stale: bool = True) -> GraphStore:
        """The graph of a build folder, after checking the manifest, the graph's checksum and (with
        ``check_stale``) that the build is in step with corpus, ontology and code. Raises StoreError."""
        folder = Path(folder or build_dir())
        if folder.exists() and not folder.is_dir():
            raise StoreError(msg("errors.store.not_a_folder", path=folder))
        folder = folder.resolve()  # pin the generation: a build switching meanwhile does not mix files
        graph_path = folder / GRAPH_FILE
        if not graph_path.is_file():
            raise StoreError(msg("errors.store.missing", path=graph_path))
        try:
            manifest = verify(folder, (GRAPH_FILE,))
        except BuildFolderError as exc:
            raise StoreError(str(exc)) from None
        notices = _check_fresh(folder, manifest) if check_stale else []
        store = ox.Store()
        try:
            store.bulk_load(path=str(graph_path), format=ox.RdfFormat.TURTLE)
        except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
            raise StoreError(msg("errors.store.corrupt", path=graph_path, reason=str(exc)[:300])) from exc
        opened = cls(store=store)
        if not opened.select("build_sanity")[0]["result"]:
            raise StoreError(msg("errors.store.empty", path=graph_path))
        opened.folder, opened.notices = folder, notices
        for notice in notices:  # every command and the server say it the same way; the app also shows it
            print(notice, file=sys.stderr)
        return opened

    @classmethod
    def remote(cls, endpoint: str) -> GraphStore:
        if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
            raise StoreError(msg("errors.store.endpoint_scheme", endpoint=endpoint))
        return cls(endpoint=endpoint)

    def select(self, name: str, **bindings: Any) -> list[Row]:
        """Run the named query with ``bindings`` (variable name → value) and return rows of Python values."""
        return self.run(query_text(name), **bindings)

    def run(self, sparql: str, timeout: float | None = None, **bindings: Any) -> list[Row]:
        """Run a read-only SELECT/ASK/CONSTRUCT/DESCRIBE query text. Updates and SERVICE are refused before
        anything runs; the query is abandoned after ``timeout`` seconds (default ``POLICYKB_QUERY_TIMEOUT``)."""
        try:
            check_query(sparql)
        except QueryRefused as exc:
            raise StoreError(str(exc)) from None
        terms = {key: _term(value) for key, value in bindings.items()}
        if self._store is None:
            return self._run_remote(sparql, terms, timeout)
        try:
            return run_with_timeout(lambda cancelled: self._run_local(sparql, terms, cancelled), timeout)
        except QueryTimeout as exc:
            raise StoreError(str(exc)) from None

    def _run_local(
        self, sparql: str, terms: dict[str, ox.NamedNode | ox.Literal], cancelled: threading.Event
    ) -> list[Row]:
        assert self._store is not None
        try:
            result = self._store.query(sparql, substitutions={ox.Variable(k): v for k, v in terms.items()})
        except SyntaxError as exc:
            raise StoreError(msg("errors.store.bad_query", reason=str(exc)[:300])) from exc
        if isinstance(result, bool | ox.QueryBoolean):
            return [{"result": bool(result)}]
        rows: list[Row] = []
        limit = max_rows()
        if not isinstance(result, ox.QuerySolutions):
            for t in result:
                if cancelled.is_set():
                    break
                if len(rows) >= limit:
                    raise StoreError(msg("errors.store.too_many_rows", limit=limit))
                rows.append({"s": _python(t.subject), "p": _python(t.predicate), "o": _python(t.object)})
            return rows
        names = [v.value for v in result.variables]
        for solution in result:
            if cancelled.is_set():
                break
            if len(rows) >= limit:
                raise StoreError(msg("errors.store.too_many_rows", limit=limit))
            rows.append({name: _python(solution[name]) for name in names})
        return rows

    def _run_remote(self, sparql: str, terms: dict[str, ox.NamedNode | ox.Literal], timeout: float | None) -> list[Row]:
        try:  # a syntax check on an empty store: SERVICE was refused above, so nothing here reaches out
            ox.Store().query(sparql)
        except SyntaxError as exc:
            raise StoreError(msg("errors.store.bad_query", reason=str(exc)[:300])) from exc
        if terms:
            head, brace, tail = sparql.partition("WHERE {")
            if not brace:
                raise StoreError(msg("errors.store.endpoint_where"))
            names = " ".join(f"?{k}" for k in terms)
            values = " ".join(str(v) for v in terms.values())
            sparql = f"{head}WHERE {{ VALUES ({names}) {{ ({values}) }}{tail}"
        data = urllib.parse.urlencode({"query": sparql}).encode()
        request = urllib.request.Request(
            self._endpoint or "", data=data, headers={"Accept": "application/sparql-results+json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout or query_timeout()) as response:
                payload = json.load(response)
            if "boolean" in payload:
                return [{"result": bool(payload["boolean"])}]
            names = payload["head"]["vars"]
            return [{name: _from_json(row.get(name)) for name in names} for row in payload["results"]["bindings"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            reason = str(exc)[:300]
            raise StoreError(msg("errors.store.endpoint_failed", endpoint=self._endpoint, reason=reason)) from exc


def _from_json(cell: dict | None) -> Any:
    if cell is None:
        return None
    if cell["type"] == "uri":
        return _python(ox.NamedNode(cell["value"]))
    datatype = cell.get("datatype")
    return _python(ox.Literal(cell["value"], datatype=ox.NamedNode(datatype) if datatype else None))


def _check_fresh(folder: Path, manifest: dict) -> list[str]:
    """Refuse a build out of step with the corpus, ontology or code. A corpus that no longer loads does not
    take the service down: the build's own corpus snapshot is used and a notice says so."""
    from kb.corpus import CorpusError, corpus_hash, load_corpus
    from kb.graph.build import ontology_hash
    from kb.paths import corpus_dir, ontology_dir

    notices = []
    try:
        documents = load_corpus(corpus_dir())
    except CorpusError as exc:
        documents = serving_snapshot(folder, manifest, exc)
        notices.append(msg("errors.store.corpus_broken", error=exc, built_at=manifest.get("built_at", "?")))
    if manifest.get("corpus_hash") != corpus_hash(documents):
        raise StoreError(msg("errors.store.stale_corpus"))
    if manifest.get("ontology_hash") != ontology_hash(ontology_dir()):
        raise StoreError(msg("errors.store.stale_ontology"))
    built = f"{manifest.get('policykb_version')}/{str(manifest.get('code_hash'))[:8]}"
    current = f"{__version__}/{code_hash()[:8]}"
    if built != current:
        raise StoreError(msg("errors.store.stale_code", built=built, current=current))
    return notices


def serving_snapshot(folder: Path, manifest: dict, error: Exception) -> list:
    """The documents of the build's corpus snapshot (checked against the manifest), when the live corpus fails."""
    from kb.corpus import CorpusError, load_corpus
    from kb.graph.build_folder import CORPUS_SNAPSHOT

    names = tuple(name for name in manifest.get("files", {}) if name.startswith(CORPUS_SNAPSHOT + "/"))
    if not names:
        raise StoreError(msg("errors.store.corpus_broken_no_snapshot", error=error))
    try:
        verify(folder, names)
        return load_corpus(folder / CORPUS_SNAPSHOT)
    except (BuildFolderError, CorpusError) as exc:
        raise StoreError(msg("errors.store.corpus_broken_no_snapshot", error=error)) from exc
