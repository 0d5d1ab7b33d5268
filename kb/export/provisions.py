"""Household provisions (entitlements, obligations) and 「五个不变」 items, read from the graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.export import source_ref
from kb.graph.store import GraphStore

ONTOLOGY = "https://w3id.org/policykb/ontology#"


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
class Provision:
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
        return "；".join(source_ref(doc, clause) for doc, clause in self.refs)


def load_provisions(store: GraphStore) -> list[Provision]:
    found: dict[str, Provision] = {}
    for r in store.select("export_provisions"):
        p = found.get(r["provision"])
        if p is None:
            p = found[r["provision"]] = Provision(
                r["provision"],
                r["kind"].removeprefix(ONTOLOGY),
                r["label"],
                r["definition"] or "",
                r["scopeLabel"],
                r["order"],
                r["fiveItem"],
            )
        if (r["doc"], r["clause"]) not in p.refs:
            p.refs.append((r["doc"], r["clause"]))
            p.clause_iris.append(r["clauseIri"])
    for r in store.select("export_provision_details"):
        p = found.get(r["provision"])
        if p is None:
            continue
        if r["detail"] == "quote" and r["text"] not in p.quotes:
            p.quotes.append(r["text"])
        elif r["detail"] == "criterion":
            if r["text"] not in p.criteria:
                p.criteria.append(r["text"])
            condition = describe_condition(r)
            if condition not in p.conditions:
                p.conditions.append(condition)
        elif r["detail"] == "period":
            p.periods.append(Period(r["periodKind"], r["value"], r["unitText"], r["text"], r["fact"]))
    return sorted(found.values(), key=lambda p: (p.order, p.iri))


def _field_labels() -> dict[str, tuple[str, dict[str, str]]]:
    """Profile field → (label, enum choice labels), from the entitlement profile (UI text), if present."""
    try:
        from kb.entitle.profile import field_specs
    except ImportError:
        return {}
    return {name: (spec.label, dict(spec.choices)) for name, spec in field_specs().items()}


def describe_condition(row: dict) -> str:
    """A criterion in plain words: 建档立卡贫困户, 安置方式：分散安置, 安置区人口不少于3000人; without a
    profile label, the phrase of the text that states the criterion."""
    labels = _field_labels()
    if row.get("field") not in labels:
        return row["text"]
    label, choices = labels[row["field"]]
    if row.get("value") is not None:
        return f"{label}{row['comparator'] or ''}{row['value']:g}{row['unitText'] or ''}"
    expected = row.get("expected")
    if expected is True:
        return label
    if expected is False:
        return f"{label}：否"
    if expected is not None:
        return f"{label}：{choices.get(str(expected), expected)}"
    return row["text"]
