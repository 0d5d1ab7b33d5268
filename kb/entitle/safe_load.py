"""Bounded, strict loading of profile text (YAML or JSON): size, nesting depth and number length are
limited before anything is built; YAML aliases (the "billion laughs") and duplicate keys are refused;
dates stay text (``parse_date`` reads them, so ``2020-13-45`` is a clear error, not a crash); a
leading BOM is accepted in YAML and JSON alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from kb.entitle.errors import ProfileError, limits
from kb.messages import msg

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def _without_timestamps() -> dict[Any, Any]:
    """SafeLoader's implicit resolvers less the timestamp one (a class attribute, as PyYAML reads it)."""
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _Refused(Exception):
    def __init__(self, message_key: str, mark: Any = None, **slots: Any) -> None:
        super().__init__(message_key)
        self.message_key, self.mark, self.slots = message_key, mark, slots


class ProfileLoader(yaml.SafeLoader):
    """SafeLoader without timestamps, aliases or duplicate keys, and with a nesting limit."""

    yaml_implicit_resolvers = _without_timestamps()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _Refused("entitle.load.alias", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > limits()["depth"]:
                raise _Refused("entitle.load.too_deep", self.peek_event().start_mark, depth=limits()["depth"])
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise _Refused("entitle.load.bad_key", key_node.start_mark) from None
            if duplicate:
                raise _Refused("entitle.load.duplicate_key", key_node.start_mark, name=str(key)[:64])
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_bounded_int(self, node: Any) -> int:
        text = str(node.value)
        if len(text.replace("_", "").lstrip("+-").removeprefix("0x").removeprefix("0o")) > limits()["integer_digits"]:
            raise _Refused("entitle.load.long_number", node.start_mark, digits=limits()["integer_digits"])
        return super().construct_yaml_int(node)


ProfileLoader.add_constructor("tag:yaml.org,2002:int", ProfileLoader.construct_bounded_int)


def _check_size(text: str, source: str) -> str:
    if len(text.encode("utf-8", "surrogatepass")) > limits()["file_bytes"]:
        raise ProfileError(msg("entitle.load.too_large", source=source, limit=limits()["file_bytes"] // 1024))
    return text.removeprefix("\ufeff")


def load_yaml(text: str, source: str) -> Any:
    text = _check_size(text, source)
    loader = None
    try:
        loader = ProfileLoader(text)
        return loader.get_single_data()
    except _Refused as exc:
        line = exc.mark.line + 1 if exc.mark is not None else 1
        raise ProfileError(msg(exc.message_key, source=source, line=line, **exc.slots)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or type(exc).__name__)[:200]
        raise ProfileError(msg("entitle.load.yaml", source=source, line=line, problem=problem)) from None
    finally:
        if loader is not None:
            loader.dispose()


def _json_depth(text: str) -> int:
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(text: str, source: str) -> Any:
    text = _check_size(text, source)
    if _json_depth(text) > limits()["depth"]:
        raise ProfileError(msg("entitle.load.too_deep", source=source, line=1, depth=limits()["depth"]))

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _Refused("entitle.load.duplicate_key", name=key[:64])
            out[key] = value
        return out

    def number(digits: str) -> int:
        if len(digits.lstrip("-")) > limits()["integer_digits"]:
            raise _Refused("entitle.load.long_number", digits=limits()["integer_digits"])
        return int(digits)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=number)
    except _Refused as exc:
        raise ProfileError(msg(exc.message_key, source=source, line=1, **exc.slots)) from None
    except json.JSONDecodeError as exc:
        raise ProfileError(msg("entitle.load.json", source=source, line=exc.lineno, problem=exc.msg)) from None
    except RecursionError:
        raise ProfileError(msg("entitle.load.too_deep", source=source, line=1, depth=limits()["depth"])) from None
