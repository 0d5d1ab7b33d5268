"""Typed rows of the curated household rules (ontology/curated/entitlements.ttl), as the repository
returns them to kb/entitle/rules.py and kb/export/provisions.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleHead:
    """An entitlement or obligation that is a rule (it has a scope)."""

    iri: str
    kind: str  # entitlement | obligation
    label: str
    definition: str
    scope: str  # household | member
    order: int
    start_field: str | None = None
    completion_field: str | None = None


@dataclass(frozen=True)
class RuleBasis:
    """One clause a rule or criterion derives from, with one of its quoted phrases (or none)."""

    owner: str
    clause_iri: str
    doc: str
    clause: str
    text: str
    clause_order: int
    quote: str | None = None


@dataclass(frozen=True)
class RuleThreshold:
    """A threshold or period a rule or criterion refers to; value is None when the build lacks the node."""

    owner: str
    role: str  # concernsThreshold | deadlinePeriod | restrictionPeriod
    threshold: str
    value: int | float | None
    unit: str | None
    unit_text: str | None
    comparator: str | None
    quote: str | None
    doc: str | None
    clause: str | None
    source: str | None


@dataclass(frozen=True)
class RequirementEdge:
    """One (parent, node) edge of a rule's CCCEV requirement tree."""

    parent: str
    node: str
    is_criterion: bool
    combination: str | None
    field: str | None
    comparator: str | None
    expected: Any
    threshold: str | None


@dataclass(frozen=True)
class HouseholdProvision:
    """An entitlement or obligation of the curated layer with one clause it derives from."""

    iri: str
    kind: str  # Entitlement | Obligation
    label: str
    definition: str
    scope_label: str
    order: int
    five_item: str | None
    doc: str
    clause: str
    clause_iri: str


@dataclass(frozen=True)
class HouseholdDetail:
    """A quote, criterion or period of a household provision (detail = quote | criterion | period)."""

    provision: str
    detail: str
    text: str
    value: int | float | None = None
    unit_text: str | None = None
    period_kind: str | None = None
    fact: str | None = None
    field: str | None = None
    expected: Any = None
    comparator: str | None = None


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class HouseholdRules:
    """The household-rule queries of a repository (mixed into kb.model.Repository)."""

    def _rows(self, name: str, **bindings: Any) -> list[dict[str, Any]]:  # provided by Repository
        raise NotImplementedError

    def rule_heads(self) -> list[RuleHead]:
        return [
            RuleHead(
                r["provision"],
                "entitlement" if r["kind"].endswith("Entitlement") else "obligation",
                r["label"],
                r.get("definition") or "",
                r["scope"],
                r["order"],
                r.get("startField"),
                r.get("completionField"),
            )
            for r in self._rows("entitle_provisions")
        ]

    def rule_basis(self) -> list[RuleBasis]:
        return [
            RuleBasis(r["owner"], r["clauseIri"], r["doc"], r["clause"], r["text"], r["clauseOrder"], r.get("quote"))
            for r in self._rows("entitle_basis")
        ]

    def rule_thresholds(self) -> list[RuleThreshold]:
        return [
            RuleThreshold(
                r["owner"],
                _local(r["role"]),
                r["threshold"],
                r.get("value"),
                r.get("unit"),
                r.get("unitText"),
                r.get("comparator"),
                r.get("quote"),
                r.get("doc"),
                r.get("clause"),
                r.get("source"),
            )
            for r in self._rows("entitle_thresholds")
        ]

    def requirement_edges(self) -> list[RequirementEdge]:
        return [
            RequirementEdge(
                r["parent"],
                r["node"],
                bool(r["isCriterion"]),
                r.get("combination"),
                r.get("field"),
                r.get("comparator"),
                r.get("expected"),
                r.get("threshold"),
            )
            for r in self._rows("entitle_requirements")
        ]

    def household_provisions(self) -> list[HouseholdProvision]:
        return [
            HouseholdProvision(
                r["provision"],
                r["kind"].rsplit("#", 1)[-1],
                r["label"],
                r["definition"] or "",
                r["scopeLabel"],
                r["order"],
                r["fiveItem"],
                r["doc"],
                r["clause"],
                r["clauseIri"],
            )
            for r in self._rows("export_provisions")
        ]

    def household_details(self) -> list[HouseholdDetail]:
        return [
            HouseholdDetail(
                r["provision"],
                r["detail"],
                r["text"],
                r.get("value"),
                r.get("unitText"),
                r.get("periodKind"),
                r.get("fact"),
                r.get("field"),
                r.get("expected"),
                r.get("comparator"),
            )
            for r in self._rows("export_provision_details")
        ]
