"""Load the household rules (entitlements, obligations, their CCCEV criteria) from the graph.

Everything here comes from the typed repository (kb.model, over the named queries
``kb/queries/entitle_*.rq``): labels, clauses and quotes, profile fields, comparators, thresholds and periods
(value and unit as extracted). The loader checks the rules against the profile fields and the clause texts,
so a broken rule fails loudly, naming its IRI.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from kb.entitle.profile import FieldSpec, field_specs
from kb.messages import msg
from kb.model import Repository, RequirementEdge, RuleBasis, RuleHead, RuleThreshold

COMPARATORS = {"=", ">=", "<=", ">"}
PERIOD_ROLES = {"deadlinePeriod": "deadline", "restrictionPeriod": "restriction"}


class RuleError(ValueError):
    """A rule in the graph is incomplete or inconsistent."""


class Store(Protocol):
    def select(self, name: str, **bindings: Any) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Citation:
    doc: str  # 文号
    clause: str  # clause label, e.g. 七（二）
    iri: str
    text: str  # the clause's verbatim text
    quotes: tuple[str, ...] = ()

    def short(self) -> str:
        return f"{self.doc} {self.clause}"


@dataclass(frozen=True)
class Threshold:
    iri: str
    value: int | float
    unit: str  # unit notation: month, year, person, …
    unit_text: str
    comparator: str  # >=, <=, >, =
    quote: str
    citation: str  # "文号 条款"
    source: str = ""  # the law behind an interpretation, if any

    def amount(self) -> str:
        return f"{self.value:g}{self.unit_text}"


@dataclass
class Requirement:
    iri: str
    combination: str | None = None  # "all" | "any" for groups, None for criteria
    children: list[Requirement] = field(default_factory=list)
    field: FieldSpec | None = None
    comparator: str | None = None
    expected: Any = None
    threshold: Threshold | None = None
    citation: Citation | None = None

    @property
    def quote(self) -> str:
        return self.citation.quotes[0] if self.citation and self.citation.quotes else ""


@dataclass
class Rule:
    """A household entitlement or obligation as a rule: its requirement tree, basis and periods."""

    iri: str
    id: str
    kind: str  # entitlement | obligation
    label: str
    definition: str
    scope: str  # household | member
    order: int
    requirements: list[Requirement] = field(default_factory=list)
    basis: list[Citation] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)  # shown with the result
    period: Threshold | None = None
    period_kind: str | None = None  # deadline | restriction
    start_field: FieldSpec | None = None
    completion_field: FieldSpec | None = None


Provision = Rule  # the former name, kept for callers


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _citations(rows: list[RuleBasis]) -> dict[str, list[Citation]]:
    """Per owner, its cited clauses in document order, each with the owner's quotes found in its text."""
    clauses: dict[str, dict[str, RuleBasis]] = defaultdict(dict)
    quotes: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        clauses[row.owner].setdefault(row.clause_iri, row)
        if row.quote and row.quote not in quotes[row.owner]:
            quotes[row.owner].append(row.quote)
    result: dict[str, list[Citation]] = {}
    for owner, by_clause in clauses.items():
        cited = []
        for clause_iri, row in by_clause.items():
            found = tuple(q for q in quotes[owner] if q in row.text)
            cited.append(Citation(row.doc, row.clause, clause_iri, row.text, found))
        for quote in quotes[owner]:
            if not any(quote in c.text for c in cited):
                where = msg("entitle.list_separator").join(c.short() for c in cited)
                raise RuleError(msg("entitle.rules.quote_not_in_clause", node=owner, quote=quote, where=where))
        result[owner] = cited
    return result


def _threshold(row: RuleThreshold) -> Threshold:
    if row.value is None or not row.unit or not row.comparator:
        raise RuleError(msg("entitle.rules.threshold_missing", node=row.owner, threshold=row.threshold))
    citation = f"{row.doc} {row.clause}" if row.doc else ""
    return Threshold(
        iri=row.threshold,
        value=row.value,
        unit=row.unit,
        unit_text=row.unit_text or "",
        comparator=row.comparator,
        quote=row.quote or "",
        citation=citation,
        source=row.source or "",
    )


def load_rules(store: Store | Repository) -> list[Rule]:
    """Every household rule of the graph, in display order, checked for consistency."""
    repo = store if isinstance(store, Repository) else Repository(store)
    specs = field_specs()
    citations = _citations(repo.rule_basis())
    thresholds: dict[str, list[tuple[str, Threshold]]] = defaultdict(list)
    for row in repo.rule_thresholds():
        thresholds[row.owner].append((row.role, _threshold(row)))
    edges: dict[str, list[RequirementEdge]] = defaultdict(list)
    for edge in repo.requirement_edges():
        edges[edge.parent].append(edge)

    def spec(name: str | None, owner: str) -> FieldSpec:
        if not name or name not in specs or specs[name].type == "list":
            raise RuleError(msg("entitle.rules.unknown_field", node=owner, name=name))
        return specs[name]

    def requirement(row: RequirementEdge, depth: int = 0) -> Requirement:
        node = row.node
        if depth > 8:
            raise RuleError(msg("entitle.rules.too_deep", node=node))
        cited = citations.get(node, [])
        if row.is_criterion:
            field_spec = spec(row.field, node)
            threshold = next((t for role, t in thresholds.get(node, []) if role == "concernsThreshold"), None)
            comparator = threshold.comparator if threshold else row.comparator
            if comparator not in COMPARATORS:
                raise RuleError(msg("entitle.rules.bad_comparator", node=node, comparator=comparator))
            if threshold and threshold.unit != field_spec.unit:
                raise RuleError(
                    msg(
                        "entitle.rules.unit_mismatch",
                        node=node,
                        unit=threshold.unit,
                        field=field_spec.name,
                        field_unit=field_spec.unit,
                    )
                )
            if not threshold and row.expected is None:
                raise RuleError(msg("entitle.rules.no_expectation", node=node))
            if not cited or not cited[0].quotes:
                raise RuleError(msg("entitle.rules.no_source", node=node))
            return Requirement(
                iri=node,
                field=field_spec,
                comparator=comparator,
                expected=row.expected,
                threshold=threshold,
                citation=cited[0],
            )
        children = [requirement(child, depth + 1) for child in edges.get(node, [])]
        if row.combination not in ("all", "any") or not children:
            raise RuleError(msg("entitle.rules.bad_group", node=node))
        return Requirement(iri=node, combination=row.combination, children=children)

    provisions = []
    for head in repo.rule_heads():
        iri = head.iri
        provision = Rule(
            iri=iri,
            id=_local(iri),
            kind=head.kind,
            label=head.label,
            definition=head.definition,
            scope=head.scope,
            order=head.order,
            requirements=[requirement(edge) for edge in edges.get(iri, [])],
            basis=citations.get(iri, []),
        )
        for role, threshold in thresholds.get(iri, []):
            if role in PERIOD_ROLES:
                provision.period, provision.period_kind = threshold, PERIOD_ROLES[role]
            else:
                provision.thresholds.append(threshold)
        _check_provision(provision, head, spec)
        provisions.append(provision)
    if not provisions:
        raise RuleError(msg("entitle.rules.none"))
    return provisions


def _check_provision(provision: Rule, head: RuleHead, spec: Any) -> None:
    where = provision.iri
    if not provision.basis or not all(c.quotes for c in provision.basis):
        raise RuleError(msg("entitle.rules.no_quote", node=where))
    if provision.scope not in ("household", "member"):
        raise RuleError(msg("entitle.rules.bad_scope", node=where, scope=provision.scope))
    if provision.scope == "household":
        for req in walk(provision.requirements):
            if req.field and req.field.scope == "member":
                raise RuleError(msg("entitle.rules.member_field", node=where, field=req.field.name))
    if provision.period:
        if provision.period.unit not in ("day", "month", "year"):
            raise RuleError(msg("entitle.rules.not_a_period", node=where, unit=provision.period.unit))
        provision.start_field = spec(head.start_field, where)
        if provision.period_kind == "deadline":
            provision.completion_field = spec(head.completion_field, where)


def walk(requirements: list[Requirement]) -> list[Requirement]:
    """Every requirement of a tree, depth first."""
    out: list[Requirement] = []
    for req in requirements:
        out.append(req)
        out.extend(walk(req.children))
    return out
