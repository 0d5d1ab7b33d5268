"""The household form's logic (no Gradio): form values → the entitlement profile, with Chinese messages
that name the question; which questions to show (only those that can still change the result, per
member); the entitlement report. An empty field is unknown, never 0 or "no"."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from chat.texts import msg, text_date
from kb.corpus.numerals import cn_to_int
from kb.entitle import ProfileError, entitle, parse_date, validate_profile
from kb.entitle.profile import FieldSpec, specs_of

FLOW_PATH = Path(__file__).with_name("household_flow.yaml")
MEMBER_SLOTS = 3
YES, NO, UNKNOWN = msg("app.household.yes"), msg("app.household.no"), msg("app.household.unknown")


@cache
def flow() -> dict[str, Any]:
    return yaml.safe_load(FLOW_PATH.read_text(encoding="utf-8"))


def household_fields() -> list[FieldSpec]:
    return [s for s in specs_of("household").values() if s.type != "list"]


def member_fields() -> list[FieldSpec]:
    return list(specs_of("member").values())


def slot_name(slot: int) -> str:
    return msg("app.household.member", number=slot + 1)


class FormError(ValueError):
    """A form value that cannot be read; the message names the question (and the member)."""


@dataclass
class FormProfile:
    profile: dict[str, Any]
    slots: list[int] = field(default_factory=list)  # the form slot of each member in profile["members"]
    errors: list[str] = field(default_factory=list)
    typed: set[tuple[int | None, str]] = field(default_factory=set)  # (slot or None, field) with an answer

    def readable(self) -> FormProfile:
        """The same form without the values that could not be read (to decide which questions to show)."""
        return FormProfile(self.profile, self.slots, [], self.typed)


def read_int(spec: FieldSpec, value: Any, who: str) -> int:
    """45, ４５, 四十五, 45岁 → 45; out of the field's range or not a number → FormError naming the question."""
    if isinstance(value, bool):
        raise FormError(msg("app.household.bad_int", question=spec.question, who=who, value=value))
    if isinstance(value, int | float) and float(value).is_integer():
        number = int(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
        for word in flow()["unit_words"].get(spec.unit or "", []):
            text = text.removesuffix(word)
        try:
            number = int(text) if text.lstrip("-").isdigit() else cn_to_int(text)
        except ValueError:
            raise FormError(msg("app.household.bad_int", question=spec.question, who=who, value=value)) from None
    if spec.min is not None and number < spec.min:
        raise FormError(msg("app.household.too_small", question=spec.question, who=who, limit=spec.min, value=number))
    if spec.max is not None and number > spec.max:
        raise FormError(msg("app.household.too_large", question=spec.question, who=who, limit=spec.max, value=number))
    return number


def convert(spec: FieldSpec, value: Any, who: str = "") -> Any:
    """A form value → the profile value (None when left empty or 不清楚). Dates are passed as typed to the
    profile's own parser (kb/entitle/profile.py), which is asked here so its refusal can name the question."""
    if value is None or (isinstance(value, str) and value.strip() in ("", UNKNOWN)):
        return None
    if spec.type == "bool":
        return value == YES
    if spec.type == "int":
        return read_int(spec, value, who)
    if spec.type == "date":
        text = str(value).strip()
        try:
            parse_date(text)
        except ProfileError:
            raise FormError(msg("app.household.bad_date", question=spec.question, who=who, value=text)) from None
        return text
    if spec.type == "str":
        return str(value).strip() or None
    return value  # enum: the choice key


def build_form_profile(values: list[Any]) -> FormProfile:
    """Form values in the order of household_fields() then MEMBER_SLOTS × member_fields()."""
    house, members_specs = household_fields(), member_fields()
    result = FormProfile({})

    def put(target: dict[str, Any], spec: FieldSpec, value: Any, who: str, slot: int | None) -> None:
        if value is not None and str(value).strip() not in ("", UNKNOWN):
            result.typed.add((slot, spec.name))
        try:
            converted = convert(spec, value, who)
        except FormError as exc:
            result.errors.append(str(exc))
            return
        if converted is not None:
            target[spec.name] = converted

    for spec, value in zip(house, values[: len(house)], strict=False):
        put(result.profile, spec, value, "", None)
    members = []
    rest = values[len(house) :]
    for slot in range(MEMBER_SLOTS):
        chunk = rest[slot * len(members_specs) : (slot + 1) * len(members_specs)]
        member: dict[str, Any] = {}
        for spec, value in zip(members_specs, chunk, strict=False):
            put(member, spec, value, msg("app.household.who", name=slot_name(slot)), slot)
        if member:
            members.append(member)
            result.slots.append(slot)
    if members:
        result.profile["members"] = members
    return result


def build_profile(values: list[Any]) -> dict[str, Any]:
    """The profile of a form (values that cannot be read are left out; see build_form_profile)."""
    return build_form_profile(values).profile


def field_names(text: str) -> str:
    """A profile error with the field names replaced by the questions' short labels."""
    for spec in sorted(household_fields() + member_fields(), key=lambda s: -len(s.name)):
        text = text.replace(spec.name, spec.label)
    return text


def evaluate(form: FormProfile, store: Any = None) -> dict[str, Any]:
    """The entitlement report (JSON) of a readable form; FormError with a Chinese message otherwise."""
    if form.errors:
        raise FormError("\n".join(form.errors))
    try:
        profile = validate_profile(form.profile)
    except ProfileError as exc:
        raise FormError(profile_message(form, exc)) from exc
    return entitle(profile, store=store).to_json()


def profile_message(form: FormProfile, exc: ProfileError) -> str:
    """The profile's refusal in the form's words: the question, not the field name."""
    specs = {s.name: s for s in household_fields()}
    spec = specs.get(getattr(exc, "field", None) or "")
    if spec is not None and spec.not_after_as_of:
        as_of = validate_profile({"as_of": form.profile.get("as_of")}).as_of if form.profile.get("as_of") else None
        return msg(
            "app.household.after_as_of",
            question=spec.question,
            value=text_date(parse_date(form.profile[spec.name])),
            as_of=text_date(as_of or dt.date.today()),
            as_of_question=specs["as_of"].question,
        )
    return msg("app.household.invalid", detail=field_names(str(exc)))


def member_names(form: FormProfile) -> list[str]:
    """The names the report gives the form's members (their 称呼, or the profile's default name)."""
    try:
        members = validate_profile(form.profile).members or ()
    except ProfileError:
        return [str(m.get("name", "")) for m in form.profile.get("members", [])]
    return [m.name for m in members]


def is_child(member: dict[str, Any] | None) -> bool:
    age = (member or {}).get("age")
    return isinstance(age, int) and age < int(flow()["adult_age"])


def shown_fields(form: FormProfile, report: dict[str, Any] | None) -> tuple[set[str], list[set[str]], set[tuple]]:
    """Which questions the form shows: household field names, member field names per slot, and the
    (slot or None, field) pairs the report asks now (highlighted). Shown: the questions always asked,
    those already answered, and those the report says can still change the result; no job questions
    for a child."""
    always = flow()["always"]
    house = set(always["household"]) | {name for slot, name in form.typed if slot is None}
    per_slot = [set(always["member"]) | {name for s, name in form.typed if s == slot} for slot in range(MEMBER_SLOTS)]
    members = form.profile.get("members", [])
    by_name, names = {}, member_names(form)
    for index, slot in enumerate(form.slots):
        per_slot[slot] |= set(members[index])
        by_name[names[index]] = (slot, members[index])
    asked: set[tuple] = set()
    for q in (report or {}).get("questions", []):
        if q["field"] == "members":
            asked |= {(0, name) for name in always["member"]}
            continue
        if q.get("member") is None:
            if q["field"] in specs_of("household"):
                house.add(q["field"])
                asked.add((None, q["field"]))
            continue
        if q["member"] not in by_name:
            continue
        slot, member = by_name[q["member"]]
        if q["field"] in flow()["adult_only"] and is_child(member):
            continue
        per_slot[slot].add(q["field"])
        asked.add((slot, q["field"]))
    return house, per_slot, asked


def relevant_questions(form: FormProfile, report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's open questions without those the form does not ask (job questions about a child)."""
    children = {
        name for name, m in zip(member_names(form), form.profile.get("members", []), strict=False) if is_child(m)
    }
    return [
        q
        for q in report.get("questions", [])
        if not (q["field"] in flow()["adult_only"] and q.get("member") in children)
    ]
