"""The graph layer's cue words, punctuation and text patterns (text_cues.yaml beside this module), read once."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CUES_FILE = Path(__file__).resolve().parent / "text_cues.yaml"


@cache
def _cues() -> dict[str, Any]:
    return yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))


def cue(key: str) -> Any:
    """The value at a dotted key, e.g. ``cue("departments.generic_suffix")``."""
    node: Any = _cues()
    for part in key.split("."):
        try:
            node = node[part]
        except (KeyError, TypeError):
            raise KeyError(f"{CUES_FILE.name}: no cue {key!r}") from None
    return node


def fill(key: str, **slots: object) -> str:
    """The pattern at ``key`` with its ``{name}`` slots filled; the other braces (repeat counts) are kept."""
    text = str(cue(key))
    for name, value in slots.items():
        text = text.replace("{" + name + "}", str(value))
    return text


@cache
def pattern(key: str) -> re.Pattern[str]:
    """The compiled pattern at ``key`` (one without slots)."""
    return re.compile(cue(key))
