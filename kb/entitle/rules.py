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
                where = "、".join(c.short() for c in cited)
                raise RuleError(f"{owner}：引文「{quote}」不在所引条款（{where}）的原文中")
        result[owner] = cited
    return result


def _threshold(row: RuleThreshold) -> Threshold:
    if row.value is None or not row.unit or not row.comparator:
        raise RuleError(
            f"{row.owner} 引用的数量规定 {row.threshold} 不在知识图谱中（或缺少数值、单位、比较关系）。"
            "请检查抽取结果并重新运行：policykb build"
        )
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
    for row in repo.requirement_edges():
        edges[row.parent].append(row)

    def spec(name: str | None, owner: str) -> FieldSpec:
        if not name or name not in specs or specs[name].type == "list":
            raise RuleError(f"{owner}：户情字段 {name!r} 不存在（见 kb/entitle/profile_fields.yaml）")
        return specs[name]

    def requirement(row: RequirementEdge, depth: int = 0) -> Requirement:
        node = row.node
        if depth > 8:
            raise RuleError(f"{node}：条件嵌套过深或成环")
        cited = citations.get(node, [])
        if row.is_criterion:
            field_spec = spec(row.field, node)
            threshold = next((t for role, t in thresholds.get(node, []) if role == "concernsThreshold"), None)
            comparator = threshold.comparator if threshold else row.comparator
            if comparator not in COMPARATORS:
                raise RuleError(f"{node}：比较关系 {comparator!r} 无法计算")
            if threshold and threshold.unit != field_spec.unit:
                raise RuleError(
                    f"{node}：阈值单位 {threshold.unit} 与字段 {field_spec.name} 的单位 {field_spec.unit} 不符"
                )
            if not threshold and row.expected is None:
                raise RuleError(f"{node}：条件既没有 pkb:expectedValue 也没有 pkb:concernsThreshold")
            if not cited or not cited[0].quotes:
                raise RuleError(f"{node}：条件没有来源条款或引文")
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
            raise RuleError(f"{node}：条件组需要 pkb:combination（全部/其一）和至少一个下级条件")
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
        raise RuleError("知识图谱中没有权益与义务规则（ontology/curated/entitlements.ttl）。请重新运行：policykb build")
    return provisions


def _check_provision(provision: Rule, head: RuleHead, spec: Any) -> None:
    where = provision.iri
    if not provision.basis or not all(c.quotes for c in provision.basis):
        raise RuleError(f"{where}：每条所引条款都需要一段原文引文（pkb:quote）")
    if provision.scope not in ("household", "member"):
        raise RuleError(f"{where}：适用对象应为 household 或 member，实际 {provision.scope!r}")
    if provision.scope == "household":
        for req in walk(provision.requirements):
            if req.field and req.field.scope == "member":
                raise RuleError(f"{where}：全户规则不能使用成员字段 {req.field.name}")
    if provision.period:
        if provision.period.unit not in ("day", "month", "year"):
            raise RuleError(f"{where}：期限单位 {provision.period.unit} 不是时间长度")
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
