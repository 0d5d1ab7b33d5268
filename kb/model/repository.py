"""The one repository over the graph: named queries (kb/queries/*.rq) in, typed objects (kb.model.types) out.

Only this module reads SPARQL rows by variable name; everything else uses the objects it returns. The graph
of a build does not change, so each query runs once per repository and its objects are kept.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cached_property
from pathlib import Path
from typing import Any

from kb.corpus.clean import normalise
from kb.graph.segment_provisions import text_marks
from kb.graph.store import GraphStore
from kb.model.household import HouseholdRules
from kb.model.types import (
    Actor,
    Clause,
    Concept,
    Department,
    Document,
    Fact,
    ListItem,
    Measure,
    Provision,
    Quantity,
    SchemeItem,
)

ONTOLOGY = "https://w3id.org/policykb/ontology#"


def clause_label(text: str) -> str:
    """A clause label as the graph writes it: brackets of either width → the documents' brackets."""
    marks = text_marks()
    label = normalise_word(text)
    return label.replace("(", marks.openers[0]).replace(")", marks.closers[0])


def normalise_word(text: str) -> str:
    """A user's word in the form labels are written in: the project's one normaliser (kb.normalise:
    traditional → simplified, full-width folded…) when present, else NFKC and the corpus cleaning."""
    try:
        from kb.normalise import normalise as project_normalise  # type: ignore[import-not-found]
    except ImportError:
        return normalise(unicodedata.normalize("NFKC", text or ""))
    return project_normalise(text)


class Repository(HouseholdRules):
    """Typed access to one built graph (embedded store or SPARQL endpoint)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    @classmethod
    def open(cls, folder: Path | None = None) -> Repository:
        return cls(GraphStore.open(folder))

    def _rows(self, name: str, **bindings: Any) -> list[dict[str, Any]]:
        return self.store.select(name, **bindings)

    # ------------------------------------------------------------ documents and clauses
    @cached_property
    def _documents(self) -> list[Document]:
        return [
            Document(
                r["docIri"],
                r["doc"],
                r["title"],
                r["shortTitle"],
                r["issuer"],
                r["date"],
                r["source"],
                tuple(c for c in (r["cites"] or "").split(text_marks().item_separator) if c),
            )
            for r in self._rows("documents")
        ]

    def documents(self) -> list[Document]:
        return list(self._documents)

    @cached_property
    def _clauses(self) -> list[Clause]:
        return [
            Clause(
                r["clauseIri"],
                r["doc"],
                r["docId"],
                r["clause"],
                r["kind"],
                r["title"],
                r["text"],
                r["sectionTitle"] or "",
                r["order"],
                r["line"],
            )
            for r in self._rows("clauses")
        ]

    def clauses(self, doc: str | None = None) -> list[Clause]:
        """Every clause in document order, or those of one document (文号)."""
        return [c for c in self._clauses if doc is None or c.doc == doc]

    def clause(self, label: str, doc: str | None = None) -> list[Clause]:
        """The clauses with this label (全角 or 半角 brackets), in one document or in all."""
        label = clause_label(label)
        return [c for c in self.clauses(doc) if c.label == label]

    # ------------------------------------------------------------ concepts
    @cached_property
    def _concepts(self) -> dict[str, list[Concept]]:
        parts: dict[str, dict[str, Any]] = {}
        for r in self._rows("concepts"):
            entry = parts.setdefault(
                r["node"],
                {
                    "kind": r["kind"],
                    "notation": r["notation"],
                    "label": r["prefLabel"],
                    "definition": r["definition"] or "",
                    "alt": [],
                    "hidden": [],
                },
            )
            if r["labelKind"] in ("alt", "hidden") and r["label"] not in entry[r["labelKind"]]:
                entry[r["labelKind"]].append(r["label"])
        by_kind: dict[str, list[Concept]] = defaultdict(list)
        for iri, e in parts.items():
            by_kind[e["kind"]].append(
                Concept(iri, e["kind"], e["notation"], e["label"], tuple(e["alt"]), tuple(e["hidden"]), e["definition"])
            )
        return dict(by_kind)

    def topics(self) -> list[Concept]:
        return list(self._concepts.get("topic", []))

    def target_groups(self) -> list[Concept]:
        return list(self._concepts.get("target", []))

    def modalities(self) -> list[Concept]:
        return list(self._concepts.get("modality", []))

    def topic(self, word: str) -> Concept | None:
        """The topic a word names: its notation, the documents' term or a resident's word (老宅子 → 旧房);
        otherwise the topic whose label the word contains, longest label first."""
        return _resolve(word, self.topics())

    def modality(self, word: str) -> Concept | None:
        """A modality by notation (prohibition) or label (禁止)."""
        return _resolve(word, self.modalities(), contains=False)

    # ------------------------------------------------------------ provisions
    @cached_property
    def _provisions(self) -> list[Provision]:
        actors: dict[str, list[Actor]] = defaultdict(list)
        for r in self._rows("provision_actors"):
            actors[r["provision"]].append(Actor(r["name"], r["role"], r["roleLabel"], r["dept"], r["asWritten"] or ""))
        details: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for r in self._rows("provision_details"):
            if r["detail"] == "item":
                details[r["provision"]]["item"].append(ListItem(r["label"], r["order"], r["listName"] or ""))
            elif r["detail"] == "rule":
                details[r["provision"]]["rule"].append((r["node"], r["notation"], r["label"]))
            else:
                details[r["provision"]][r["detail"]].append((r["notation"], r["label"]))
        quantities: dict[str, list[Quantity]] = defaultdict(list)
        for r in self._rows("provision_quantities"):
            kind = "deadline" if r["kind"].endswith("Deadline") else "threshold"
            quantities[r["provision"]].append(
                Quantity(
                    r["fact"],
                    kind,
                    r["value"],
                    r["unit"],
                    r["unitCode"],
                    r["comparatorCode"],
                    r["comparator"],
                    r["quote"],
                )
            )
        out = []
        for r in self._rows("provisions"):
            iri = r["provision"]
            d = details.get(iri, {})
            targets, topics = d.get("target", []), d.get("topic", [])
            out.append(
                Provision(
                    iri=iri,
                    clause_iri=r["clauseIri"],
                    doc=r["doc"],
                    clause=r["clause"],
                    clause_order=r["clauseOrder"],
                    index=r["index"],
                    offset=r["offset"],
                    text=r["text"],
                    modality=r["modality"],
                    modality_label=r["modalityLabel"],
                    cue=r["cue"] or "",
                    override=r["override"] or "",
                    actors=tuple(actors.get(iri, [])),
                    targets=tuple(n for n, _ in targets),
                    target_labels=tuple(label for _, label in targets),
                    topics=tuple(n for n, _ in topics),
                    topic_labels=tuple(label for _, label in topics),
                    conditions=tuple(label for _, label in d.get("condition", [])),
                    quantities=tuple(quantities.get(iri, [])),
                    items=tuple(sorted(d.get("item", []), key=lambda i: i.order)),
                    rules=tuple(d.get("rule", [])),
                )
            )
        return out

    def provisions(
        self,
        clause: Clause | str | None = None,
        doc: str | None = None,
        modality: str | None = None,
        topic: Concept | str | None = None,
        target: str | None = None,
    ) -> list[Provision]:
        """Provisions in document order, filtered by clause (a Clause, its IRI or its label), document (文号),
        modality (notation), topic (a Concept or any word resolve_topic knows) and target group (notation)."""
        found = self._provisions
        if isinstance(clause, Clause):
            found = [p for p in found if p.clause_iri == clause.iri]
        elif clause:
            label = clause_label(clause)
            found = [p for p in found if p.clause_iri == clause or p.clause == label]
        if doc:
            found = [p for p in found if p.doc == doc]
        if modality:
            found = [p for p in found if p.modality == modality]
        if topic is not None:
            concept = topic if isinstance(topic, Concept) else self.topic(topic)
            found = [p for p in found if concept is not None and concept.notation in p.topics]
        if target:
            found = [p for p in found if target in p.targets]
        return list(found)

    # ------------------------------------------------------------ measures, departments, facts
    @cached_property
    def _measures(self) -> list[Measure]:
        by_measure: dict[str, dict[str, Any]] = {}
        for r in self._rows("measure_participants"):
            entry = by_measure.setdefault(r["measure"], {"row": r, "parts": []})
            entry["parts"].append(Actor(r["deptName"], r["role"], r["roleLabel"], r["dept"], r["asWritten"] or ""))
        return [
            Measure(
                m,
                e["row"]["doc"],
                e["row"]["clause"],
                e["row"]["clauseIri"],
                e["row"]["title"],
                e["row"]["text"],
                tuple(e["parts"]),
            )
            for m, e in by_measure.items()
        ]

    def measures(self, clause: Clause | None = None) -> list[Measure]:
        return [m for m in self._measures if clause is None or m.clause_iri == clause.iri]

    def participants(self, measure: Measure | None = None, department: str | None = None) -> list[Actor]:
        """Participations of one measure, or of every measure, optionally of one department (name)."""
        measures = [measure] if measure else self._measures
        return [p for m in measures for p in m.participants if department is None or p.name == department]

    @cached_property
    def _departments(self) -> list[Department]:
        return [
            Department(r["dept"], r["name"], r["level"] or "", r["levelLabel"] or "")
            for r in self._rows("ask_departments")
        ]

    def departments(self) -> list[Department]:
        return list(self._departments)

    @cached_property
    def _facts(self) -> list[Fact]:
        return [
            Fact(
                r["fact"],
                "deadline" if r["kind"].endswith("Deadline") else "threshold",
                r["value"],
                r["unit"],
                r["unitCode"],
                r["comparator"],
                r["comparatorCode"],
                r["quote"],
                r["doc"],
                r["clause"],
                r["clauseIri"],
                r["clauseTitle"],
                bool(r["isPeriod"]),
            )
            for r in self._rows("facts")
        ]

    def scheme_items(self) -> list[SchemeItem]:
        """Items of the concept schemes enumerated in a clause (the 「五个不变」), in scheme order."""
        return [
            SchemeItem(
                r["item"],
                r["scheme"],
                r["schemeLabel"],
                r["label"],
                r["order"],
                tuple(a for a in (r.get("aliases") or "").split(text_marks().item_separator) if a),
                r["doc"],
                r["clause"],
                r["clauseIri"],
            )
            for r in self._rows("five_unchanged")
        ]

    def facts(self) -> list[Fact]:
        """Every threshold and deadline with its clause."""
        return list(self._facts)


def _resolve(word: str, concepts: list[Concept], contains: bool = True) -> Concept | None:
    word = normalise_word(word)
    if not word:
        return None
    for concept in concepts:
        if word == concept.notation or word in concept.labels:
            return concept
    if not contains:
        return None
    labelled = sorted(
        ((label, c) for c in concepts for label in c.labels if len(label) >= 2), key=lambda lc: -len(lc[0])
    )
    return next((c for label, c in labelled if label in word), None)
