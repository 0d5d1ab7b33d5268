"""Run named SPARQL queries (``kb/queries/*.rq``) with bound parameters on the built graph.

Two backends with one interface, ``select(name, **bindings) -> list[dict]``:
- ``GraphStore.open()``: the built graph loaded into an embedded pyoxigraph store; parameters are passed
  as pyoxigraph substitutions (the variable is replaced by the RDF term before evaluation);
- ``GraphStore.remote(url)``: a SPARQL endpoint (e.g. ``oxigraph serve``); parameters are bound with a
  ``VALUES`` block of escaped RDF terms at the start of the ``WHERE`` group.
User text never becomes query text: it only ever travels as an RDF literal.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kb.paths import build_dir, queries_dir

Row = dict[str, Any]
_XSD = "http://www.w3.org/2001/XMLSchema#"


class StoreError(Exception):
    """The graph cannot be queried: missing or stale build, unreachable endpoint, bad query."""


@cache
def query_text(name: str) -> str:
    path = queries_dir() / f"{name}.rq"
    if not path.is_file():
        raise StoreError(f"没有名为 {name} 的查询（{path}）")
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

    @classmethod
    def open(cls, folder: Path | None = None, check_stale: bool = True) -> GraphStore:
        folder = folder or build_dir()
        graph_path = folder / "graph.ttl"
        if not graph_path.is_file():
            raise StoreError(f"还没有构建知识图谱（找不到 {graph_path}）。请先运行：policykb build")
        if check_stale:
            _check_fresh(folder)
        store = ox.Store()
        try:
            store.bulk_load(path=str(graph_path), format=ox.RdfFormat.TURTLE)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"知识图谱文件已损坏（{graph_path}：{exc}）。请重新运行：policykb build") from exc
        return cls(store=store)

    @classmethod
    def remote(cls, endpoint: str) -> GraphStore:
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"SPARQL 端点应为 http(s) 地址：{endpoint}")
        return cls(endpoint=endpoint)

    def select(self, name: str, **bindings: Any) -> list[Row]:
        """Run the named query with ``bindings`` (variable name → value) and return rows of Python values."""
        return self.run(query_text(name), **bindings)

    def run(self, sparql: str, **bindings: Any) -> list[Row]:
        """Run a read-only SELECT/ASK query text (updates are refused by the query parser)."""
        terms = {key: _term(value) for key, value in bindings.items()}
        if self._store is None:
            return self._run_remote(sparql, terms)
        try:
            result = self._store.query(sparql, substitutions={ox.Variable(k): v for k, v in terms.items()})
        except SyntaxError as exc:
            raise StoreError(f"查询无法解析（只接受只读的 SELECT/ASK/CONSTRUCT 查询）：{exc}") from exc
        if isinstance(result, bool | ox.QueryBoolean):
            return [{"result": bool(result)}]
        if not isinstance(result, ox.QuerySolutions):
            return [{"s": _python(t.subject), "p": _python(t.predicate), "o": _python(t.object)} for t in result]
        names = [v.value for v in result.variables]
        return [{name: _python(solution[name]) for name in names} for solution in result]

    def _run_remote(self, sparql: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> list[Row]:
        ox.Store().query(sparql)  # refuse updates and syntax errors before anything is sent
        if terms:
            head, brace, tail = sparql.partition("WHERE {")
            if not brace:
                raise StoreError("带参数的查询必须含有 “WHERE {”")
            names = " ".join(f"?{k}" for k in terms)
            values = " ".join(str(v) for v in terms.values())
            sparql = f"{head}WHERE {{ VALUES ({names}) {{ ({values}) }}{tail}"
        data = urllib.parse.urlencode({"query": sparql}).encode()
        request = urllib.request.Request(
            self._endpoint or "", data=data, headers={"Accept": "application/sparql-results+json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = json.load(response)
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
            raise StoreError(f"SPARQL 端点无法访问或返回了无效结果（{self._endpoint}）：{exc}") from exc
        if "boolean" in payload:
            return [{"result": bool(payload["boolean"])}]
        names = payload["head"]["vars"]
        return [{name: _from_json(row.get(name)) for name in names} for row in payload["results"]["bindings"]]


def _from_json(cell: dict | None) -> Any:
    if cell is None:
        return None
    if cell["type"] == "uri":
        return _python(ox.NamedNode(cell["value"]))
    datatype = cell.get("datatype")
    return _python(ox.Literal(cell["value"], datatype=ox.NamedNode(datatype) if datatype else None))


def _check_fresh(folder: Path) -> None:
    from kb.corpus import corpus_hash, load_corpus
    from kb.graph.build import MANIFEST_FILE, ontology_hash
    from kb.paths import corpus_dir, ontology_dir

    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(f"构建清单缺失或损坏（{folder / MANIFEST_FILE}）。请重新运行：policykb build") from exc
    if manifest.get("corpus_hash") != corpus_hash(load_corpus(corpus_dir())):
        raise StoreError("语料已更改，知识图谱已过期。请重新运行：policykb build")
    if manifest.get("ontology_hash") != ontology_hash(ontology_dir()):
        raise StoreError("本体或人工整理层已更改，知识图谱已过期。请重新运行：policykb build")
