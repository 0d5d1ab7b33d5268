"""CLI command modules; see kb.cli."""
