"""The household profile: loading (YAML or JSON), validation by a bounded schema, and the questions.

The fields, their types and the Chinese questions are data (``profile_fields.yaml``), the bounds are data
(``limits.yaml``). A missing or null field is unknown (``None``), never false or 0; unknown fields are
rejected. Every error is a ``ProfileError`` naming the field and its question; validation is linear in the
size of the profile and never builds ``repr`` of a value.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.entitle.dates import parse_date
from kb.entitle.errors import ProfileError, limits, preview
from kb.entitle.safe_load import load_json, load_yaml
from kb.messages import msg

FIELDS_PATH = Path(__file__).with_name("profile_fields.yaml")
UNKNOWN_SHOWN = 5  # unknown field names listed in one error


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
            return msg("entitle.describe.unknown")
        if self.type == "bool":
            return msg("entitle.describe.yes" if value else "entitle.describe.no")
        if self.type == "enum":
            return self.choices.get(str(value), str(value))
        if self.type == "int" and self.unit in ("year", "person"):
            return msg(f"entitle.describe.{self.unit}", value=value)
        return str(value)

    def hint(self) -> str:
        """How to answer: 是/否, the choices, a number or a date."""
        if self.type == "enum":
            return "/".join(msg("entitle.hint.choice", label=label, name=key) for key, label in self.choices.items())
        if self.type in ("bool", "int", "date"):
            return msg(f"entitle.hint.{self.type}")
        return ""

    def where(self, path: str) -> str:
        """The field path and its question, for error messages: ``members[0].age（这位家庭成员多大年纪？）``."""
        return msg("entitle.where", path=path, question=self.question)


@functools.cache
def field_specs() -> dict[str, FieldSpec]:
    """Every profile field by name (household fields, then member fields)."""
    data = yaml.safe_load(FIELDS_PATH.read_text(encoding="utf-8"))
    specs: dict[str, FieldSpec] = {}
    for scope in ("household", "member"):
        for name, spec in data[scope].items():
            specs[name] = FieldSpec(name=name, scope=scope, **spec)
    return specs


@functools.cache
def specs_of(scope: str) -> dict[str, FieldSpec]:
    return {name: spec for name, spec in field_specs().items() if spec.scope == scope}


@dataclass(frozen=True)
class Member:
    index: int
    facts: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.facts.get("name") or msg("entitle.member_name", number=self.index + 1))

    def get(self, name: str) -> Any:
        return self.facts.get(name)


@dataclass(frozen=True)
class Profile:
    as_of: dt.date
    facts: dict[str, Any]  # household fields (None = unknown)
    members: tuple[Member, ...] | None  # None = the members are not known

    def get(self, name: str) -> Any:
        return self.facts.get(name)


def _fail(spec: FieldSpec, path: str, key: str, **slots: Any) -> ProfileError:
    return ProfileError(msg(f"entitle.check.{key}", where=spec.where(path), **slots), path)


def _check_value(spec: FieldSpec, value: Any, path: str) -> Any:
    if value is None:
        return None
    shown = preview(value)
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise _fail(spec, path, "bool", value=shown)
        return value
    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(spec, path, "int", value=shown)
        if value.bit_length() > 64 or len(str(abs(value))) > limits()["integer_digits"]:
            raise _fail(spec, path, "long_number", value=shown, digits=limits()["integer_digits"])
        if spec.min is not None and value < spec.min:
            raise _fail(spec, path, "min", value=shown, min=spec.min)
        if spec.max is not None and value > spec.max:
            raise _fail(spec, path, "max", value=shown, max=spec.max)
        return value
    if spec.type == "date":
        return parse_date(value, spec.where(path))
    if isinstance(value, str) and len(value) > limits()["string_chars"]:
        raise _fail(spec, path, "long_text", value=shown, chars=limits()["string_chars"])
    if spec.type == "enum":
        if not isinstance(value, str) or value not in spec.choices:
            options = msg("entitle.list_separator").join(
                msg("entitle.hint.choice", name=key, label=label) for key, label in spec.choices.items()
            )
            raise _fail(spec, path, "enum", value=shown, options=options)
        return value
    if spec.type == "str":
        if not isinstance(value, str):
            raise _fail(spec, path, "str", value=shown)
        return value
    raise _fail(spec, path, "unsupported", type=spec.type)


def _check_keys(data: dict, allowed: dict[str, FieldSpec], where: str) -> None:
    unknown = [key for key in data if key not in allowed]
    if not unknown:
        return
    prefix = f"{where}." if where else ""
    names = [prefix + str(key)[: limits()["key_chars"]] for key in unknown[:UNKNOWN_SHOWN]]
    more = msg("entitle.check.more", count=len(unknown)) if len(unknown) > UNKNOWN_SHOWN else ""
    raise ProfileError(
        msg("entitle.check.unknown_fields", names=msg("entitle.list_separator").join(names), more=more), names[0]
    )


def validate_profile(data: Any, as_of: dt.date | str | None = None, today: dt.date | None = None) -> Profile:
    """Check a profile mapping; ``as_of`` (if given) overrides the profile's own ``as_of``."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(msg("entitle.check.not_mapping", value=preview(data)))
    household = specs_of("household")
    _check_keys(data, household, "")
    facts = {name: _check_value(spec, data.get(name), name) for name, spec in household.items() if name != "members"}
    if as_of is not None:
        facts["as_of"] = parse_date(as_of, "--as-of")
    facts["as_of"] = facts.get("as_of") or today or dt.date.today()
    members = _check_members(data.get("members"))
    for name, spec in household.items():
        if spec.not_after_as_of and facts.get(name) and facts[name] > facts["as_of"]:
            raise ProfileError(
                msg("entitle.check.after_as_of", where=spec.where(name), value=facts[name], as_of=facts["as_of"]),
                name,
            )
    return Profile(as_of=facts.pop("as_of"), facts=facts, members=members)


def _check_members(raw: Any) -> tuple[Member, ...] | None:
    if raw is None:
        return None
    spec = field_specs()["members"]
    if not isinstance(raw, list) or not raw:
        raise _fail(spec, "members", "members", value=preview(raw))
    if len(raw) > limits()["members"]:
        raise _fail(spec, "members", "too_many_members", count=len(raw), limit=limits()["members"])
    specs = specs_of("member")
    members = []
    for index, item in enumerate(raw):
        path = f"members[{index}]"
        if not isinstance(item, dict):
            raise ProfileError(msg("entitle.check.member", where=path, value=preview(item)), path)
        _check_keys(item, specs, path)
        facts = {name: _check_value(spec, item.get(name), f"{path}.{name}") for name, spec in specs.items()}
        members.append(Member(index=index, facts=facts))
    return tuple(members)


def parse_profile_text(text: str, source: str | None = None, as_json: bool = False) -> Any:
    """Parse YAML or JSON text with the bounds of ``limits.yaml``; errors name the source and line."""
    source = source or msg("entitle.profile_source")
    if not isinstance(text, str):
        raise ProfileError(msg("entitle.load.not_text", source=source, value=preview(text)))
    return load_json(text, source) if as_json else load_yaml(text, source)


def read_profile_file(path: str | Path) -> str:
    """The text of a profile file, refusing folders, over-large files and non-UTF-8 text."""
    limit = limits()["file_bytes"]
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ProfileError(msg("entitle.load.unreadable", source=path, reason=exc.strerror or exc)) from None
    if len(data) > limit:
        raise ProfileError(msg("entitle.load.too_large", source=path, limit=limit // 1024))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError(msg("entitle.load.not_utf8", source=path)) from None


def load_profile(path: str | Path, as_of: dt.date | str | None = None, text: str | None = None) -> Profile:
    """Read and validate a profile file (``.yaml``/``.yml``/``.json``); pass ``text`` to skip reading."""
    if text is None:
        text = read_profile_file(path)
    data = parse_profile_text(text, str(path), as_json=str(path).endswith(".json"))
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
