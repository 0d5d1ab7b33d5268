"""The typed error of household profiles, and bounded previews of bad values for its messages."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kb.messages import msg

LIMITS_PATH = Path(__file__).with_name("limits.yaml")
PREVIEW_CHARS = 40


class ProfileError(ValueError):
    """An invalid household profile; the message names the field (and its question), ``field`` holds its path."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@cache
def limits() -> dict[str, int]:
    """The bounds of ``limits.yaml`` (file size, members, depth, text and number lengths, years)."""
    data = yaml.safe_load(LIMITS_PATH.read_text(encoding="utf-8"))
    return {str(key): int(value) for key, value in data.items()}


def preview(value: Any) -> str:
    """A short description of ``value`` for an error message; never ``repr`` of a large or deep value."""
    if value is None:
        return msg("entitle.value.empty")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 64:
            return msg("entitle.value.huge_number", digits=int(value.bit_length() * 0.30103) + 1)
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        text = value if len(value) <= PREVIEW_CHARS else value[:PREVIEW_CHARS] + "…"
        return f"“{text}”"
    if isinstance(value, list | tuple):
        return msg("entitle.value.list", count=len(value))
    if isinstance(value, dict):
        return msg("entitle.value.mapping", count=len(value))
    return msg("entitle.value.other", type=type(value).__name__)
