"""Documents for trainers and officials, generated from the built knowledge graph.

- ``matrix``: the duty matrix (measure × department × role, by department and by topic) and duty sheets;
- ``handbook``: the residents' handbook (「五个不变」, entitlements, obligations with deadlines, where to ask);
- ``quiz``: questions generated from graph facts, with answer key and source clause;
- ``graph_export`` / ``diagrams``: the graph as open data, pictures of the ontology and of a measure.

All policy content comes from the graph (``kb/queries/export_*.rq``); this package holds the mechanism.
"""

from __future__ import annotations


class ExportError(ValueError):
    """Bad export input (unknown department, impossible quiz size, unsupported format)."""


def source_ref(doc: str, clause: str) -> str:
    """The citation of a clause: 文号 + clause label."""
    return f"{doc} {clause}"
