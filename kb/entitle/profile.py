"""The household profile: loading (YAML or JSON), validation with errors naming the field, questions.

The fields, their types and the Chinese questions are data (``profile_fields.yaml``). A missing or null
field is unknown (``None``), never false; unknown fields are rejected.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FIELDS_PATH = Path(__file__).with_name("profile_fields.yaml")
BOOL_WORDS = {True: "是", False: "否"}


class ProfileError(ValueError):
    """An invalid household profile; the message names the field."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    scope: str  # household | member
    type: str  # bool | int | date | enum | str | list
    label: str
    question: str
    choices: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    min: int | None = None
    max: int | None = None
    not_after_as_of: bool = False

    def describe(self, value: Any) -> str:
        """A value in plain Chinese: 是/否, the choice's label, the number with its unit."""
        if value is None:
            return "未知"
        if self.type == "bool":
            return BOOL_WORDS[bool(value)]
        if self.type == "enum":
            return self.choices.get(str(value), str(value))
        if self.type == "int" and self.unit == "year":
            return f"{value}岁"
        if self.type == "int" and self.unit == "person":
            return f"{value}人"
        return str(value)

    def hint(self) -> str:
        """How to answer: 是/否, the choices, a number or a date."""
        if self.type == "bool":
            return "是/否"
        if self.type == "enum":
            return "/".join(f"{label}（{key}）" for key, label in self.choices.items())
        if self.type == "int":
            return "整数"
        if self.type == "date":
            return "日期，如 2020-01-01"
        return ""


@functools.cache
def field_specs() -> dict[str, FieldSpec]:
    """Every profile field by name (household fields, then member fields)."""
    data = yaml.safe_load(FIELDS_PATH.read_text(encoding="utf-8"))
    specs: dict[str, FieldSpec] = {}
    for scope in ("household", "member"):
        for name, spec in data[scope].items():
            specs[name] = FieldSpec(name=name, scope=scope, **spec)
    return specs


def specs_of(scope: str) -> dict[str, FieldSpec]:
    return {name: spec for name, spec in field_specs().items() if spec.scope == scope}


@dataclass(frozen=True)
class Member:
    index: int
    facts: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.facts.get("name") or f"成员{self.index + 1}")

    def get(self, name: str) -> Any:
        return self.facts.get(name)


@dataclass(frozen=True)
class Profile:
    as_of: dt.date
    facts: dict[str, Any]  # household fields (None = unknown)
    members: tuple[Member, ...] | None  # None = the members are not known

    def get(self, name: str) -> Any:
        return self.facts.get(name)


def _check_value(spec: FieldSpec, value: Any, where: str) -> Any:
    if value is None:
        return None
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise ProfileError(f"{where}：应为 true 或 false（是/否），实际 {value!r}")
        return value
    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProfileError(f"{where}：应为整数，实际 {value!r}")
        if spec.min is not None and value < spec.min:
            raise ProfileError(f"{where}：不能小于 {spec.min}，实际 {value}")
        if spec.max is not None and value > spec.max:
            raise ProfileError(f"{where}：不能大于 {spec.max}，实际 {value}")
        return value
    if spec.type == "date":
        return parse_date(value, where)
    if spec.type == "enum":
        if value not in spec.choices:
            options = "、".join(f"{key}（{label}）" for key, label in spec.choices.items())
            raise ProfileError(f"{where}：应为 {options} 之一，实际 {value!r}")
        return value
    if spec.type == "str":
        if not isinstance(value, str):
            raise ProfileError(f"{where}：应为文字，实际 {value!r}")
        return value
    raise ProfileError(f"{where}：不支持的字段类型 {spec.type}")


def parse_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ProfileError(f"{where}：应为日期 YYYY-MM-DD，实际 {value!r}")


def _check_keys(data: dict, allowed: dict[str, FieldSpec], where: str) -> None:
    unknown = [str(key) for key in data if key not in allowed]
    if unknown:
        prefix = f"{where}." if where else ""
        names = "、".join(prefix + key for key in unknown)
        raise ProfileError(f"未知字段：{names}（可用字段见 policykb entitle --questions）")


def validate_profile(data: Any, as_of: dt.date | str | None = None, today: dt.date | None = None) -> Profile:
    """Check a profile mapping; ``as_of`` (if given) overrides the profile's own ``as_of``."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(f"户情应为键值对（YAML/JSON 对象），实际 {type(data).__name__}")
    household = specs_of("household")
    _check_keys(data, household, "")
    facts = {name: _check_value(spec, data.get(name), name) for name, spec in household.items() if name != "members"}
    if as_of is not None:
        facts["as_of"] = parse_date(as_of, "--as-of")
    facts["as_of"] = facts.get("as_of") or today or dt.date.today()
    members = _check_members(data.get("members"))
    for name, spec in field_specs().items():
        if spec.not_after_as_of and spec.scope == "household" and facts.get(name) and facts[name] > facts["as_of"]:
            raise ProfileError(f"{name}：{facts[name]} 晚于计算日期 as_of {facts['as_of']}")
    return Profile(as_of=facts.pop("as_of"), facts=facts, members=members)


def _check_members(raw: Any) -> tuple[Member, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        raise ProfileError(f"members：应为至少一名成员的列表，实际 {raw!r}")
    specs = specs_of("member")
    members = []
    for index, item in enumerate(raw):
        where = f"members[{index}]"
        if not isinstance(item, dict):
            raise ProfileError(f"{where}：应为键值对（成员的各项情况），实际 {item!r}")
        _check_keys(item, specs, where)
        facts = {name: _check_value(spec, item.get(name), f"{where}.{name}") for name, spec in specs.items()}
        members.append(Member(index=index, facts=facts))
    return tuple(members)


def parse_profile_text(text: str, source: str = "户情") -> Any:
    """Parse YAML or JSON text (JSON is YAML); errors name the source and line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" 第 {mark.line + 1} 行" if mark else ""
        raise ProfileError(f"{source}{line} 无法解析（应为 YAML 或 JSON）：{getattr(exc, 'problem', exc)}") from exc


def load_profile(path: str | Path, as_of: dt.date | str | None = None, text: str | None = None) -> Profile:
    """Read and validate a profile file (``.yaml``/``.yml``/``.json``); pass ``text`` to skip reading."""
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(f"无法读取户情文件 {path}：{exc}") from exc
    if str(path).endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"{path} 第 {exc.lineno} 行 JSON 无法解析：{exc.msg}") from exc
    else:
        data = parse_profile_text(text, str(path))
    return validate_profile(data, as_of=as_of)


def profile_questions() -> list[dict[str, Any]]:
    """The profile questions in plain Chinese, in the order the chat should ask them."""
    return [
        {
            "field": spec.name,
            "scope": spec.scope,
            "label": spec.label,
            "question": spec.question,
            "type": spec.type,
            "hint": spec.hint(),
            **({"choices": dict(spec.choices)} if spec.choices else {}),
        }
        for spec in field_specs().values()
    ]
