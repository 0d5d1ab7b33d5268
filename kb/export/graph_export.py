"""The whole knowledge graph as open data: Turtle, N-Triples (sorted, canonical) or compact JSON-LD."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kb.export import ExportError
from kb.messages import msg
from kb.paths import build_dir

GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
PREFIX_RE = re.compile(r"^@prefix\s+([A-Za-z][\w-]*|):\s*<([^>]*)>\s*\.", re.MULTILINE)


def graph_path(folder: Path | None = None) -> Path:
    path = (folder or build_dir()) / "graph.ttl"
    if not path.is_file():
        raise ExportError(msg("export.graph_missing", path=path))
    return path


def graph_prefixes(text: str) -> dict[str, str]:
    """The prefixes the build declared (so the export reads like the build)."""
    return {name: iri for name, iri in PREFIX_RE.findall(text)}


def load_triples(folder: Path | None = None) -> tuple[list[ox.Triple], dict[str, str]]:
    path = graph_path(folder)
    text = path.read_text(encoding="utf-8")
    try:
        triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise ExportError(msg("export.graph_corrupt", path=path, error=exc)) from exc
    return triples, graph_prefixes(text)


def export_graph(fmt: str, folder: Path | None = None) -> str:
    if fmt not in GRAPH_FORMATS:
        options = msg("export.separator").join(GRAPH_FORMATS)
        raise ExportError(msg("export.graph_bad_format", options=options, fmt=fmt))
    triples, prefixes = load_triples(folder)
    rdf_format = GRAPH_FORMATS[fmt]
    if fmt == "jsonld":  # rdflib compacts with an @context of the build's prefixes and keeps Chinese readable
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=_text(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)), format="nt")
        return graph.serialize(format="json-ld", context=prefixes, auto_compact=True, indent=1, ensure_ascii=False)
    if fmt == "nt":
        return _text(ox.serialize(sorted(triples, key=str), format=rdf_format))
    return _text(ox.serialize(triples, format=rdf_format, prefixes=prefixes))


def _text(data: bytes | None) -> str:
    """pyoxigraph's serialisation, which is bytes when no output file is given (None only with one)."""
    if data is None:
        raise TypeError("pyoxigraph wrote to a file, not to bytes")
    return data.decode("utf-8")
