"""Household provisions (entitlements, obligations) and 「五个不变」 items, read from the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.export import source_ref
from kb.messages import msg
from kb.model import HouseholdDetail, Repository


@dataclass
class Period:
    kind_label: str  # 完成期限 | 限制期限 (the property's label)
    value: float | int
    unit_text: str
    quote: str
    fact: str

    @property
    def display(self) -> str:
        return f"{self.value:g}{self.unit_text}"


@dataclass
class HouseholdProvision:
    """An entitlement or obligation for the handbook and quiz, with its clauses, quotes, criteria, periods."""

    iri: str
    kind: str  # Entitlement | Obligation
    label: str
    definition: str
    scope: str
    order: int
    five_item: str | None
    refs: list[tuple[str, str]] = field(default_factory=list)  # (文号, clause label)
    clause_iris: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)  # the phrases naming who qualifies, as written
    conditions: list[str] = field(default_factory=list)  # the same criteria in plain words (see describe)
    periods: list[Period] = field(default_factory=list)

    @property
    def basis(self) -> str:
        return msg("provisions.household.basis_separator").join(source_ref(doc, clause) for doc, clause in self.refs)


Provision = HouseholdProvision  # the former name, kept for callers


def load_provisions(store: Any) -> list[HouseholdProvision]:
    """Every household provision of the curated layer, in display order (``store``: a GraphStore or Repository)."""
    repo = store if isinstance(store, Repository) else Repository(store)
    found: dict[str, HouseholdProvision] = {}
    for r in repo.household_provisions():
        p = found.get(r.iri)
        if p is None:
            p = found[r.iri] = HouseholdProvision(
                r.iri, r.kind, r.label, r.definition, r.scope_label, r.order, r.five_item
            )
        if (r.doc, r.clause) not in p.refs:
            p.refs.append((r.doc, r.clause))
            p.clause_iris.append(r.clause_iri)
    for d in repo.household_details():
        p = found.get(d.provision)
        if p is None:
            continue
        if d.detail == "quote" and d.text not in p.quotes:
            p.quotes.append(d.text)
        elif d.detail == "criterion":
            if d.text not in p.criteria:
                p.criteria.append(d.text)
            condition = describe_condition(d)
            if condition not in p.conditions:
                p.conditions.append(condition)
        elif d.detail == "period":
            p.periods.append(Period(d.period_kind or "", d.value or 0, d.unit_text or "", d.text, d.fact or ""))
    return sorted(found.values(), key=lambda p: (p.order, p.iri))


def _field_labels() -> dict[str, tuple[str, dict[str, str]]]:
    """Profile field → (label, enum choice labels), from the entitlement profile (UI text), if present."""
    try:
        from kb.entitle.profile import field_specs
    except ImportError:
        return {}
    return {name: (spec.label, dict(spec.choices)) for name, spec in field_specs().items()}


def describe_condition(detail: HouseholdDetail) -> str:
    """A criterion in plain words: 建档立卡贫困户, 安置方式：分散安置, 安置区人口不少于3000人; without a
    profile label, the phrase of the text that states the criterion."""
    labels = _field_labels()
    if detail.field not in labels:
        return detail.text
    label, choices = labels[detail.field]
    if detail.value is not None:
        return f"{label}{detail.comparator or ''}{detail.value:g}{detail.unit_text or ''}"
    expected = detail.expected
    if expected is True:
        return label
    if expected is False:
        return msg("provisions.household.condition_no", label=label)
    if expected is not None:
        return msg("provisions.household.condition_value", label=label, value=choices.get(str(expected), expected))
    return detail.text
