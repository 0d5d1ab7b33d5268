"""What every command shares: opening the build the same way, so a missing build reads the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kb.cli import UserError

if TYPE_CHECKING:
    from kb.graph.store import GraphStore


def open_graph(build: Path | None = None) -> GraphStore:
    """The built knowledge graph, or the one missing-build error (it names ``policykb build``)."""
    from kb.graph.store import GraphStore, StoreError

    try:
        return GraphStore.open(build)
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def print_rebuild(message: str) -> None:
    """The progress line of an automatic search-index rebuild (stderr, so stdout stays the answer)."""
    import sys

    print(message, file=sys.stderr, flush=True)
