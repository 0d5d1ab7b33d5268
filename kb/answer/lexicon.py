"""What the Q&A service knows from the graph, loaded once: labels for entity linking (an Aho-Corasick
automaton, longest match first), measures, departments with levels, entitlements and obligations, facts,
documents and clauses.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from kb.answer.doc_names import document_labels, fits
from kb.answer.result import Citation
from kb.corpus.data import corpus_data
from kb.graph.api import Participant, PolicyQueries
from kb.graph.store import GraphStore, iri
from kb.model.types import Fact

_jieba_lock = threading.Lock()
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# Kinds a question may be about; "role" labels (负责, 要…) are cue words, not topics.
TOPIC_KINDS = ("department", "area", "entitlement", "obligation", "scheme", "measure", "document", "fact")


@cache
def config() -> dict[str, Any]:
    """The pipeline's words and thresholds (kb/answer/frames.yaml)."""
    return yaml.safe_load((Path(__file__).with_name("frames.yaml")).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Entity:
    label: str
    kind: str
    node: str
    start: int
    end: int


@dataclass
class Clause:
    doc: str
    label: str
    title: str
    text: str
    section_title: str
    order: int
    iri: str

    @property
    def key(self) -> str:
        return f"{self.doc} {self.label}"


@dataclass
class Provision:
    node: str
    kind: str  # entitlement | obligation
    label: str
    definition: str
    clauses: list[str] = field(default_factory=list)  # clause keys
    labels: set[str] = field(default_factory=set)


@dataclass
class Measure:
    node: str
    title: str
    doc: str
    clause: str

    @property
    def key(self) -> str:
        return f"{self.doc} {self.clause}"


def bigrams(text: str) -> set[str]:
    chars = "".join(CJK_RE.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


class Lexicon:
    """Graph knowledge for the Q&A service; ``link(question)`` finds the entities a question names."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.queries = PolicyQueries(store)
        self.documents = store.select("documents")
        self.documents_by_label = {
            label: d["doc"] for d in self.documents for label in (d["doc"], d["title"], d["shortTitle"])
        }
        self.documents_by_iri = {d["docIri"]: d["doc"] for d in self.documents}
        self.clauses: dict[str, Clause] = {}
        for row in store.select("clauses"):
            clause = Clause(
                row["doc"],
                row["clause"],
                row["title"],
                row["text"],
                row["sectionTitle"] or "",
                row["order"],
                row["clauseIri"],
            )
            self.clauses[clause.key] = clause
        self.by_iri = {c.iri: c for c in self.clauses.values()}
        self.measures = [Measure(r["measure"], r["title"], r["doc"], r["clause"]) for r in store.select("ask_measures")]
        self.measure_by_clause = {m.key: m for m in self.measures}
        self.levels: dict[str, set[str]] = {}
        for row in store.select("ask_departments"):
            self.levels.setdefault(row["name"], set())
            if row["level"]:
                self.levels[row["name"]].add(row["level"])
        self.provisions: dict[str, Provision] = {}
        for row in store.select("ask_provisions"):
            kind = row["kind"].rsplit("#", 1)[-1].lower()
            prov = self.provisions.setdefault(
                row["node"], Provision(row["node"], kind, row["prefLabel"], row["definition"] or "")
            )
            key = f"{row['doc']} {row['clause']}"
            if key not in prov.clauses:
                prov.clauses.append(key)
            prov.labels.add(row["label"])
        self.schemes = store.select("five_unchanged")
        self.duty_rows = store.select("ask_duties")
        self._participants: dict[str, list[Participant]] = {}
        self.facts: list[Fact] = self.queries.facts()
        self.idf = self._idf()
        label_rows = store.select("all_labels")
        self.role_labels = {row["label"] for row in label_rows if row["kind"] == "role"}
        self.automaton = self._automaton(label_rows)

    def participants(self, key: str) -> list[Participant]:
        """The departments of the measure stated in a clause (lead first), as ``policykb who`` gives them."""
        if key not in self._participants:
            clause = self.clauses[key]
            rows = self.store.select("who_by_clause", clauseIri=iri(clause.iri))
            self._participants[key] = [
                Participant(r["deptName"], r["role"], r["roleLabel"], r["asWritten"]) for r in rows
            ]
        return self._participants[key]

    # ------------------------------------------------------------------ entity linking
    def _automaton(self, label_rows: list[dict[str, Any]]) -> ahocorasick.Automaton:
        entries: dict[str, list[tuple[str, str]]] = {}

        def add(label: str, kind: str, node: str) -> None:
            label = (label or "").strip()
            if len(label) >= 2 and CJK_RE.search(label):
                entries.setdefault(label, []).append((kind, node))

        for row in label_rows:
            if row["kind"] != "role":
                add(row["label"], row["kind"], row["node"])
        for label, nodes in document_labels(self.documents).items():
            for node in nodes:
                add(label, "document", node)
        self.labels = sorted(entries)
        automaton = ahocorasick.Automaton()
        for label, values in entries.items():
            automaton.add_word(label, (label, values))
        automaton.make_automaton()
        return automaton

    def link(self, question: str) -> list[Entity]:
        """Entities named in the question: all matches, longest first, without overlaps."""
        matches = []
        for end, (label, values) in self.automaton.iter(question):
            start = end - len(label) + 1
            matches.append((start, end + 1, label, values))
        matches.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int]] = []
        entities: list[Entity] = []
        cfg = config()
        for start, end, label, values in matches:
            if any(start < e and s < end for s, e in taken):
                continue
            kinds = [v for v in values if v[0] != "area" or self._names_department(question, start, end, cfg)]
            if not fits(question, start, end):  # 57号 of 4月57号 or 12号楼: no document
                kinds = []
            if not kinds:
                continue
            taken.append((start, end))
            entities.extend(Entity(label, kind, node, start, end) for kind, node in kinds)
        entities.sort(key=lambda e: e.start)
        return entities

    @staticmethod
    def _names_department(question: str, start: int, end: int, cfg: dict[str, Any]) -> bool:
        if end - start >= cfg["area_min_chars"]:
            return True
        if start == 0 and any(cue in question[end:] for cue in cfg["frames"]["duties"]):
            return True  # 财政要做什么？
        return any(question.startswith(suffix, end) for suffix in cfg["department_suffixes"])

    # ------------------------------------------------------------------ overlap scores
    def _idf(self) -> dict[str, float]:
        counts: Counter[str] = Counter()
        for clause in self.clauses.values():
            counts.update(bigrams(clause.text))
        n = len(self.clauses)
        return {gram: math.log((n + 1) / (count + 0.5)) for gram, count in counts.items()}

    def overlap(self, question_grams: AbstractSet[str], text: str, stated: AbstractSet[str] = frozenset()) -> float:
        """IDF-weighted share of the question's bigrams found in ``text`` (bigrams unknown to the corpus
        weigh as much as the rarest); ``stated``: bigrams counted as found (a topic the text writes in another form)."""
        if not question_grams:
            return 0.0
        rare = max(self.idf.values(), default=1.0)
        grams = bigrams(text) | stated
        total = sum(self.idf.get(g, rare) for g in question_grams)
        return sum(self.idf.get(g, rare) for g in question_grams & grams) / total

    def known_gram_share(self, question_grams: set[str]) -> float:
        """Share of the question's bigrams that occur anywhere in the documents (topical vocabulary)."""
        if not question_grams:
            return 0.0
        return sum(1 for g in question_grams if g in self.idf) / len(question_grams)

    @cached_property
    def tokenizer(self) -> Any:
        """jieba (precise mode) knowing every graph label as a word."""
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        from kb.search.bm25 import jieba_copy  # the default dictionary is loaded once per process

        tokenizer = jieba_copy()
        for label in self.labels:
            tokenizer.add_word(label)
        return tokenizer

    def words(self, text: str) -> list[str]:
        with _jieba_lock:
            return self.tokenizer.lcut(text)

    def corpus_text(self) -> str:
        return "\n".join(c.text for c in self.clauses.values()) + "\n".join(
            f"{d['title']}{d['issuer']}" for d in self.documents
        )

    def document(self, doc: str) -> dict[str, Any] | None:
        return next((d for d in self.documents if d["doc"] == doc), None)

    def colophon(self, doc: str) -> Citation | None:
        """A document's colophon (落款) as a citation: its dated signature, which no clause holds."""
        d = self.document(doc)
        if not d or not d.get("colophon"):
            return None
        return Citation(doc, corpus_data()["markers"]["colophon_label"], str(d["colophon"]), kind="colophon")

    def preamble(self, doc: str) -> Clause | None:
        return next(
            (
                c
                for c in self.clauses.values()
                if c.doc == doc and c.order == min(x.order for x in self.clauses.values() if x.doc == doc)
            ),
            None,
        )
