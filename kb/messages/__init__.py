"""The one message catalogue: every Chinese text a user sees from the CLI, the app, the answers and the
exports comes from the YAML files in this folder, never from a Python literal.

Each file is a namespace: ``cli.yaml`` holds ``cli.*``, ``app.yaml`` holds ``app.*``, and so on. A message
is a ``str.format`` template whose slots are filled from the graph, the corpus or the user's input::

    from kb.messages import msg
    msg("cli.build_missing", command="policykb build")

Nested mappings give dotted keys (``app.tabs.chat``); lists are returned as they are (``msgs``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).resolve().parent


class MessageError(KeyError):
    """A key that the catalogue does not hold, or a template whose slots were not all given."""


def _flatten(prefix: str, node: Any, out: dict[str, Any]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}", value, out)
    else:
        if prefix in out:
            raise MessageError(f"duplicate message key {prefix}")
        out[prefix] = node


@cache
def catalogue() -> dict[str, Any]:
    """Every message, keyed ``namespace.key`` (the namespace is the file's stem)."""
    out: dict[str, Any] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise MessageError(f"{path.name}: a message file holds a mapping")
        _flatten(path.stem, data, out)
    return out


def raw(key: str) -> Any:
    try:
        return catalogue()[key]
    except KeyError:
        raise MessageError(f"no message {key!r} in kb/messages/") from None


def msg(key: str, **slots: Any) -> str:
    """The message ``key`` with its slots filled."""
    template = raw(key)
    if not isinstance(template, str):
        raise MessageError(f"message {key!r} is not a text")
    try:
        return template.format(**slots)
    except KeyError as exc:
        raise MessageError(f"message {key!r} needs slot {exc.args[0]!r}") from None


def msgs(key: str) -> list[str]:
    """A list of texts (examples, choices) from the catalogue."""
    value = raw(key)
    if not isinstance(value, list):
        raise MessageError(f"message {key!r} is not a list")
    return [str(v) for v in value]
