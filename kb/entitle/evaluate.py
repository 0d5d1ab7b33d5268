"""Generic evaluation of the household rules: three-valued logic over the profile, with a trace.

A criterion is true, false or unknown (the field is not in the profile). ``all`` groups are false when any
part is false, true when all are true, unknown otherwise; ``any`` groups are true when any part is true.
Unknown → ``may_apply`` with the questions that would decide it. Obligations with a deadline get a due date
(start field + period, both from the graph) and the status ``done``/``due``/``overdue`` at ``as_of``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
from dataclasses import dataclass, field
from typing import Any

from kb.entitle.profile import FieldSpec, Member, Profile, field_specs
from kb.entitle.result import Question, Report, Result, basis_entries
from kb.entitle.rules import Provision, Requirement
from kb.messages import msg

OPERATORS = {"=": operator.eq, ">=": operator.ge, "<=": operator.le, ">": operator.gt}
OPERATOR_WORDS = {op: msg(f"entitle.operator.{op}") for op in OPERATORS}
UNKNOWN_MEMBER = Member(index=-1, facts={"name": msg("entitle.unknown_member")})


@dataclass
class Outcome:
    value: bool | None
    met: list[str] = field(default_factory=list)  # trace lines of the criteria that hold
    unmet: list[str] = field(default_factory=list)  # trace lines of the criteria that fail
    unknown: list[FieldSpec] = field(default_factory=list)  # fields that would decide


def add_period(start: dt.date, value: float, unit: str) -> dt.date:
    """``start`` + a period of ``value`` days, months or years (month ends are clamped: 1-31 + 1 month = 2-28)."""
    if unit == "day":
        return start + dt.timedelta(days=round(value))
    months = round(value * 12) if unit == "year" else round(value)
    if unit not in ("month", "year") or months != (value * 12 if unit == "year" else value):
        raise ValueError(msg("entitle.why.bad_period", value=value, unit=unit))
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return dt.date(year, month0 + 1, day)


def _who(spec: FieldSpec, member: Member | None) -> str:
    return msg("entitle.why.who", name=member.name) if member is not None and spec.scope == "member" else ""


def _criterion(req: Requirement, profile: Profile, member: Member | None) -> Outcome:
    spec = req.field
    assert spec is not None and req.comparator is not None
    source = member if spec.scope == "member" else profile
    value = source.get(spec.name) if source is not None else None
    cite = msg("entitle.why.cite", quote=req.quote, citation=req.citation.short()) if req.citation else ""
    if req.threshold:
        target: Any = req.threshold.value
        rule = msg("entitle.why.rule", operator=OPERATOR_WORDS[req.comparator], amount=req.threshold.amount())
        if req.threshold.source:
            origin = req.threshold.source.split(msg("entitle.why.source_separator"), 1)[0]
            rule += msg("entitle.why.threshold_source", source=origin)
    else:
        target = req.expected
        rule = msg("entitle.why.expected", operator=OPERATOR_WORDS[req.comparator], value=spec.describe(target))
    if value is None:
        return Outcome(None, unknown=[spec])
    line = msg("entitle.why.line", who=_who(spec, member), label=spec.label, value=spec.describe(value))
    if OPERATORS[req.comparator](value, target):
        key = "entitle.why.met_threshold" if req.threshold else "entitle.why.met"
        return Outcome(True, met=[msg(key, line=line, rule=rule, cite=cite)])
    return Outcome(False, unmet=[msg("entitle.why.unmet", line=line, label=spec.label, rule=rule, cite=cite)])


def evaluate_requirement(req: Requirement, profile: Profile, member: Member | None) -> Outcome:
    if req.combination is None:
        return _criterion(req, profile, member)
    return combine([evaluate_requirement(child, profile, member) for child in req.children], req.combination)


def combine(parts: list[Outcome], how: str = "all") -> Outcome:
    values = [p.value for p in parts]
    if how == "all":
        value = False if False in values else (True if all(v is True for v in values) else None)
    else:
        value = True if True in values else (False if all(v is False for v in values) else None)
    out = Outcome(value)
    for part in parts:
        if how == "all" or part.value is True or value is not True:
            out.met += part.met
        out.unmet += part.unmet
        if part.value is None:
            out.unknown += [f for f in part.unknown if f not in out.unknown]  # a few fields at most
    return out


def _questions(fields: list[FieldSpec], member: Member | None) -> list[Question]:
    return [
        Question(f.name, f.question, member.name if member and member.index >= 0 and f.scope == "member" else None)
        for f in fields
    ]


def _threshold_lines(provision: Provision) -> list[str]:
    return [
        msg("entitle.why.threshold", quote=t.quote, citation=t.citation, amount=t.amount())
        for t in provision.thresholds
    ]


def evaluate_provision(provision: Provision, profile: Profile) -> Result:
    result = Result(
        id=provision.id,
        kind=provision.kind,
        label=provision.label,
        definition=provision.definition,
        scope=provision.scope,
        status="applies",
        basis=basis_entries(provision.basis),
    )
    if provision.scope == "member":
        _evaluate_members(provision, profile, result)
    else:
        outcome = combine([evaluate_requirement(r, profile, None) for r in provision.requirements])
        _settle(result, outcome, None)
        if not provision.requirements:
            result.why.append(msg(f"entitle.why.everyone_{provision.kind}"))
    if result.status == "applies":
        result.why += _threshold_lines(provision)
    if provision.kind == "obligation" and result.status == "applies" and provision.period:
        _apply_period(provision, profile, result)
    if result.status == "may_apply":
        asked = msg("entitle.why.question_separator").join(dict.fromkeys(q.text() for q in result.questions))
        result.why.append(msg("entitle.why.undecided", asked=asked))
    return result


def _settle(result: Result, outcome: Outcome, member: Member | None) -> None:
    if outcome.value is True:
        result.status = "applies"
        result.why += outcome.met
    elif outcome.value is None:
        result.status = "may_apply"
        result.why += outcome.met
        result.questions += _questions(outcome.unknown, member)
    else:
        result.status = "does_not_apply"
        result.why += outcome.unmet


def _evaluate_members(provision: Provision, profile: Profile, result: Result) -> None:
    members = profile.members if profile.members is not None else (UNKNOWN_MEMBER,)
    outcomes = [(m, combine([evaluate_requirement(r, profile, m) for r in provision.requirements])) for m in members]
    applying = [(m, o) for m, o in outcomes if o.value is True]
    maybe = [(m, o) for m, o in outcomes if o.value is None]
    if applying:
        result.status = "applies"
        chosen = applying
    elif maybe:
        result.status = "may_apply"
        chosen = maybe
    else:
        result.status = "does_not_apply"
        chosen = outcomes
    for member, outcome in chosen:
        result.why += outcome.unmet if result.status == "does_not_apply" else outcome.met
        if result.status == "may_apply":
            result.questions += _questions(outcome.unknown, member)
    if profile.members is None:
        if result.status == "may_apply":
            result.questions.insert(0, Question("members", field_specs()["members"].question, None))
    elif result.status != "does_not_apply":
        result.members = [m.name for m, _ in chosen]


def _apply_period(provision: Provision, profile: Profile, result: Result) -> None:
    period = provision.period
    start_spec = provision.start_field
    assert period is not None and start_spec is not None
    start = profile.get(start_spec.name)
    phrase = msg("entitle.why.period", quote=period.quote, citation=period.citation, amount=period.amount())
    label = start_spec.label
    if start is None:
        result.why.append(msg("entitle.why.period_unknown_start", phrase=phrase, label=label))
        result.questions += _questions([start_spec], None)
        if provision.period_kind == "deadline":
            result.status = "due"
            _completion(provision, profile, result)
        return
    end = add_period(start, period.value, period.unit)
    if provision.period_kind == "restriction":
        result.until = end
        if profile.as_of > end:
            result.status = "does_not_apply"
            result.why.append(msg("entitle.why.restriction_over", label=label, start=start, phrase=phrase, end=end))
        else:
            result.why.append(msg("entitle.why.restriction_until", label=label, start=start, phrase=phrase, end=end))
        return
    result.due = end
    result.why.append(msg("entitle.why.deadline", label=label, start=start, phrase=phrase, end=end))
    result.status = "overdue" if profile.as_of > end else "due"
    _completion(provision, profile, result)


def _completion(provision: Provision, profile: Profile, result: Result) -> None:
    spec = provision.completion_field
    assert spec is not None
    done = profile.get(spec.name)
    if done is True:
        result.status = "done"
        result.why.append(msg("entitle.why.completed", label=spec.label))
        return
    if done is None:
        result.questions += _questions([spec], None)
        result.why.append(msg("entitle.why.completion_unknown", label=spec.label))
    else:
        result.why.append(msg("entitle.why.not_completed", label=spec.label))
    if result.status == "overdue":
        result.why.append(msg("entitle.why.overdue", as_of=profile.as_of, due=result.due))
    elif result.due:
        result.why.append(msg("entitle.why.days_left", as_of=profile.as_of, days=(result.due - profile.as_of).days))


def evaluate(provisions: list[Provision], profile: Profile, include_not_applicable: bool = False) -> Report:
    """Evaluate every rule; ``does_not_apply`` results are dropped unless asked for."""
    report = Report(as_of=profile.as_of)
    for provision in provisions:
        result = evaluate_provision(provision, profile)
        if result.status == "does_not_apply" and not include_not_applicable:
            continue
        (report.entitlements if provision.kind == "entitlement" else report.obligations).append(result)
    return report
