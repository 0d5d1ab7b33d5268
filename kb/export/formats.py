"""The export kinds and their formats: light, so that the CLI can build its parser without importing exporters."""

from __future__ import annotations

FORMATS: dict[str, tuple[str, ...]] = {
    "duties": ("md", "docx", "html", "csv"),
    "handbook": ("md", "docx", "html"),
    "quiz": ("md", "docx", "html", "json"),
    "graph": ("ttl", "jsonld", "nt"),
    "diagram": ("svg", "png", "dot"),
}
BINARY = {"docx", "png"}
