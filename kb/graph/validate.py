"""SHACL validation of the built graph against ontology/shapes.ttl, with readable Chinese messages."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kb.graph.namespaces import bind_prefixes
from kb.messages import msg


def validate_graph(data: Graph, shapes_path: Path) -> tuple[bool, list[str]]:
    """Validate ``data``; returns (conforms, one readable line per violation)."""
    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    bind_prefixes(results)
    messages = []
    for result in results.subjects(SH.resultMessage, None, unique=True):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage))
        where = _short(results, focus)
        if path is not None:
            where = msg("graph.shacl_where_path", focus=where, path=_short(results, path))
        messages.append(msg("graph.shacl_result", where=where, message=message))
    return bool(conforms), sorted(messages)


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return f"<{node}>"
    return str(node)
