"""Build the knowledge graph: corpus + ontology + curated layer → validated ``build/graph.ttl``.

The build folder (documented in docs/build-folder.md) is switched to a new generation only once the new
graph (and, with ``policykb build``, the index) is complete and conforms to the SHACL shapes, so a
malformed document, a non-conforming graph or a killed build loses nothing (``kb/graph/build_folder.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kb import __version__
from kb.corpus import Document, corpus_hash, load_corpus
from kb.graph.build_folder import code_hash, link_of, new_generation, snapshot_corpus, switch, write_manifest
from kb.graph.documents import add_document
from kb.graph.enumerations import extract_enumerations
from kb.graph.namespaces import bind_prefixes, clause_iri, clause_slug, doc_iri
from kb.graph.provisions import extract_provisions
from kb.graph.quantities import extract_quantities
from kb.graph.responsibility import extract_responsibilities
from kb.graph.validate import validate_graph
from kb.graph.vocab import load_vocabulary
from kb.messages import msg
from kb.paths import build_dir, corpus_dir, ontology_dir

GRAPH_FILE = "graph.ttl"
SHAPES_FILE = "shapes.ttl"


class BuildError(Exception):
    """The graph could not be built or does not conform; ``messages`` lists the violations."""

    def __init__(self, message: str, messages: list[str] | None = None) -> None:
        super().__init__(message)
        self.messages = messages or []


@dataclass
class BuildReport:
    graph_path: Path
    triples: int
    ontology_triples: int
    curated_triples: int
    extracted_triples: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def ontology_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(ontology files, curated files): every ``*.ttl`` of ontology/ but the shapes, and of ontology/curated/."""
    ontology = sorted(p for p in root.glob("*.ttl") if p.name != SHAPES_FILE)
    curated = sorted((root / "curated").glob("*.ttl"))
    return ontology, curated


def ontology_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.ttl")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _parse(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise BuildError(msg("errors.graph.turtle", path=path, reason=exc)) from exc
    return graph


def extract(documents: list[Document], base: Graph) -> tuple[Graph, dict[str, int]]:
    """The triples extracted from the corpus (documents, clauses, measures, duties, quantities, lists)."""
    vocab = load_vocabulary(base)
    graph = Graph()
    counts = {
        "documents": 0,
        "clauses": 0,
        "measures": 0,
        "duties": 0,
        "quantities": 0,
        "enumerated_items": 0,
        "provisions": 0,
    }
    known = {doc.doc_number: doc_iri(doc.id) for doc in documents}
    texts = {}
    for doc in documents:
        texts.update(add_document(graph, doc, known))
        counts["documents"] += 1
        for clause in doc.clauses:
            source = clause_iri(doc.id, clause_slug(clause.kind, clause.section_no, clause.item_no))
            counts["clauses"] += 1
            for key, value in extract_responsibilities(graph, doc, clause, source, vocab).items():
                counts[key] += value
            counts["quantities"] += extract_quantities(graph, doc, clause, source, vocab)
    counts["enumerated_items"] = extract_enumerations(graph, base, texts)
    counts["provisions"] = extract_provisions(graph, base, documents, vocab)
    return graph, counts


def build_graph(documents: list[Document] | None = None, root: Path | None = None) -> tuple[Graph, BuildReport]:
    """Build and validate the graph in memory. Raises CorpusError or BuildError."""
    started = time.perf_counter()
    root = root or ontology_dir()
    documents = documents if documents is not None else load_corpus(corpus_dir())
    ontology_paths, curated_paths = ontology_files(root)
    ontology, curated = _parse(ontology_paths), _parse(curated_paths)
    extracted, counts = extract(documents, ontology + curated)
    graph = bind_prefixes(ontology + curated + extracted)
    conforms, messages = validate_graph(graph, root / SHAPES_FILE)
    if not conforms:
        raise BuildError(msg("errors.graph.shacl", count=len(messages)), messages)
    report = BuildReport(
        graph_path=Path(GRAPH_FILE),
        triples=len(graph),
        ontology_triples=len(ontology),
        curated_triples=len(curated),
        extracted_triples=len(extracted),
        counts=counts,
        seconds=time.perf_counter() - started,
    )
    return graph, report


def build_manifest(report: BuildReport, documents: list[Document]) -> dict:
    """What a build was made from (every input's fingerprint) and what it holds; files are added on writing."""
    return {
        "policykb_version": __version__,
        "code_hash": code_hash(),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "corpus_hash": corpus_hash(documents),
        "ontology_hash": ontology_hash(ontology_dir()),
        "documents": [{"id": d.id, "doc_number": d.doc_number, "clauses": len(d.clauses)} for d in documents],
        "triples": report.triples,
        "ontology_triples": report.ontology_triples,
        "curated_triples": report.curated_triples,
        "extracted_triples": report.extracted_triples,
        "counts": report.counts,
        "build_seconds": round(report.seconds, 3),
    }


def stage_build(graph: Graph, report: BuildReport, documents: list[Document], target: Path | None = None) -> Path:
    """Write graph.ttl, the corpus snapshot and a manifest into a fresh generation beside ``target``; the
    build folder itself is not touched until ``finish_build``. Returns the generation folder."""
    target = target or build_dir()
    folder = new_generation(target)
    try:
        graph.serialize(folder / GRAPH_FILE, format="turtle", encoding="utf-8")
        snapshot_corpus(documents, folder)
        write_manifest(folder, build_manifest(report, documents))
    except OSError as exc:
        raise BuildError(msg("errors.build.graph_failed", reason=exc.strerror or exc)) from exc
    report.graph_path = link_of(target) / GRAPH_FILE
    return folder


def finish_build(folder: Path, report: BuildReport, documents: list[Document], target: Path | None = None) -> Path:
    """Record the checksums of everything in the generation, then switch the build folder to it in one step."""
    target = target or build_dir()
    write_manifest(folder, build_manifest(report, documents))
    switch(target, folder)
    return link_of(target) / GRAPH_FILE


def write_build(graph: Graph, report: BuildReport, documents: list[Document], target: Path | None = None) -> Path:
    """Write a graph-only build and switch to it (``policykb build`` also adds the index before switching)."""
    folder = stage_build(graph, report, documents, target)
    return finish_build(folder, report, documents, target)
