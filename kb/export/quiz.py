"""Quiz questions generated from graph facts, with answer key and source clause.

Question kinds (every answer and every distractor comes from the graph):
- ``role``: which department(s) take a role (牵头负责, 具体实施, …) in a measure — distractors: the
  departments taking that role in other measures, none of the same functional area and level as an answer;
- ``duty``: whose duty a task is — distractors: other departments with duties (departments with a
  functional area only);
- ``dept_role``: which role a department takes in a measure — distractors: the other role labels;
- ``quantity``: the number (period, threshold) blanked out of the phrase that states it — distractors: other
  quantities of the same unit, then of the same kind (periods / other thresholds);
- ``five_in`` / ``five_out``: which option is (is not) one of the 「五个不变」 — distractors: the other
  entitlements, resp. the 「五个不变」 items.

Questions with the same wording are variants of one question: a quiz takes at most one of them. The seed
chooses questions, variants, distractors and option order, so different seeds give different quizzes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.export import ExportError, source_ref
from kb.export.document import ExportDoc
from kb.export.matrix import MatrixRow, load_matrix
from kb.export.progress import NullProgress, Progress
from kb.export.provisions import load_provisions
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore
from kb.messages import msg
from kb.model.types import Fact

N_OPTIONS = 4  # options per question, when the graph offers enough distractors
MIN_OPTIONS = 3
LETTERS = "ABCDEFGH"
NUMERAL = yaml.safe_load((Path(__file__).resolve().parent / "quiz_data.yaml").read_text(encoding="utf-8"))["numeral"]
BLANK = "____"
PERIOD_REFERENCE = dt.date(2000, 1, 1)  # any start date: periods are compared by where they end


@dataclass
class Candidate:
    kind: str
    stem: str
    answer: str
    distractors: list[str]  # the pool to draw from (already excludes the answer)
    doc: str
    clause: str
    quote: str = ""
    subject: dict[str, str] = field(default_factory=dict)  # IRIs / keys a checker uses to re-ask the graph


@dataclass
class Question:
    number: int
    kind: str
    question: str
    options: list[str]
    answer: str  # letter
    answer_text: str
    source: dict[str, str]
    quote: str
    subject: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Quiz:
    seed: int
    pool_size: int
    questions: list[Question]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": QUIZ_TITLE,
            "seed": self.seed,
            "n": len(self.questions),
            "pool_size": self.pool_size,
            "questions": [q.to_json() for q in self.questions],
        }


QUIZ_TITLE = msg("export.quiz.title")
SEP = msg("export.separator")


def _signature(rows: list[MatrixRow]) -> frozenset[tuple[str, str]]:
    """(functional area, level) of some departments: two departments sharing one may be the same office
    written two ways (各市、县… / 各市县…) or one containing the other, so neither is a safe wrong option."""
    return frozenset((r.area or r.dept_name, level) for r in rows for level in r.levels or [""])


def _participation_candidates(rows: list[MatrixRow]) -> list[Candidate]:
    out: list[Candidate] = []
    measures: dict[str, list[MatrixRow]] = {}
    for r in rows:
        measures.setdefault(r.item, []).append(r)
    role_sets: dict[str, dict[str, frozenset]] = {}  # role label → participant set of every item → signature
    for mrows in measures.values():
        for role in dict.fromkeys(r.role_label for r in mrows):
            chosen = [r for r in mrows if r.role_label == role]
            role_sets.setdefault(role, {})[SEP.join(r.dept_name for r in chosen)] = _signature(chosen)
    all_roles = sorted({r.role_label for r in rows})
    # duty questions only among departments with a functional area: a catch-all such as "all departments" or a
    # post holder would make a wrong option arguably right
    duty_depts = {r.dept_name: _signature([r]) for r in rows if r.kind == "duty" and r.area}
    for item, mrows in measures.items():
        first = mrows[0]
        ref = source_ref(first.doc, first.clause)
        if first.kind == "duty":
            for r in mrows:
                if not r.area:
                    continue
                stem = msg("export.quiz.duty_stem", ref=ref, task=r.task)
                taken = _signature(mrows)
                others = sorted(d for d, sig in duty_depts.items() if not sig & taken)
                subject = {"item": item, "dept": r.dept}
                out.append(Candidate("duty", stem, r.dept_name, others, r.doc, r.clause, r.as_written, subject))
            continue
        for role in dict.fromkeys(r.role_label for r in mrows):
            chosen = [r for r in mrows if r.role_label == role]
            answer = SEP.join(r.dept_name for r in chosen)
            stem = msg("export.quiz.role_stem", task=first.task, ref=ref, role=role)
            subject = {"item": item, "role": role}
            taken = _signature(chosen)
            distractors = sorted(d for d, sig in role_sets[role].items() if not sig & taken)
            quote = chosen[0].as_written
            out.append(Candidate("role", stem, answer, distractors, first.doc, first.clause, quote, subject))
        for r in mrows:
            stem = msg("export.quiz.dept_role_stem", task=first.task, ref=ref, department=r.dept_name)
            subject = {"item": item, "dept": r.dept}
            own = {x.role_label for x in mrows if x.dept == r.dept}  # a department may take two roles
            distractors = [role for role in all_roles if role not in own]
            out.append(Candidate("dept_role", stem, r.role_label, distractors, r.doc, r.clause, r.as_written, subject))
    return out


def blank_quantity(q: Fact) -> str | None:
    """The phrase with the number and unit replaced by a blank; None when the phrase does not show them."""
    match = re.search(f"{NUMERAL}{re.escape(q.unit)}", q.quote)
    if not match:
        return None
    return q.quote[: match.start()] + BLANK + q.quote[match.end() :]


def quantity_key(q: Fact) -> tuple:
    """Equal keys for equal amounts: a period is keyed by where it ends from a fixed start (so 0.5年 and 6个月
    are the same answer), other quantities by value and unit."""
    if q.is_period:
        try:
            from kb.entitle import add_period

            return ("period", add_period(PERIOD_REFERENCE, q.value, q.unit_code))
        except (ImportError, ValueError):
            pass
    return (q.unit_code, q.value)


def _quantity_candidates(quantities: list[Fact]) -> list[Candidate]:
    out = []
    for q in quantities:
        blanked = blank_quantity(q)
        if blanked is None:
            continue
        seen = {quantity_key(q)}
        same_unit: list[str] = []
        same_kind: list[str] = []
        for x in sorted(quantities, key=lambda x: (x.unit_code != q.unit_code, x.display)):
            if x.is_period == q.is_period and quantity_key(x) not in seen:
                seen.add(quantity_key(x))
                (same_unit if x.unit_code == q.unit_code else same_kind).append(x.display)
        pool = same_unit if len(same_unit) >= N_OPTIONS - 1 else same_unit + same_kind
        stem = msg("export.quiz.quantity_stem", ref=source_ref(q.doc, q.clause), title=q.clause_title, blanked=blanked)
        out.append(Candidate("quantity", stem, q.display, pool, q.doc, q.clause, q.quote, {"fact": q.iri}))
    return out


def _five_candidates(store: GraphStore) -> list[Candidate]:
    items = store.select("five_unchanged")
    if not items:
        return []
    scheme = items[0]["schemeLabel"]
    five_labels = [i["label"] for i in items]
    others = [p for p in load_provisions(store) if p.kind == "Entitlement" and not p.five_item]
    out = []
    for item in items:
        stem = msg("export.quiz.five_in_stem", scheme=scheme)
        distractors = sorted({p.label for p in others})
        subject = {"item": item["item"], "scheme": item["scheme"]}
        out.append(
            Candidate("five_in", stem, item["label"], distractors, item["doc"], item["clause"], item["label"], subject)
        )
    for p in others:
        stem = msg("export.quiz.five_out_stem", scheme=scheme)
        doc, clause = p.refs[0]
        subject = {"provision": p.iri, "scheme": items[0]["scheme"]}
        quotes = msg("export.quiz.quote_separator").join(p.quotes)
        out.append(Candidate("five_out", stem, p.label, list(five_labels), doc, clause, quotes, subject))
    return out


def question_pool(store: GraphStore) -> list[Candidate]:
    """Every candidate question with at least MIN_OPTIONS - 1 distractors."""
    pool = _participation_candidates(load_matrix(store)) + _quantity_candidates(PolicyQueries(store).facts())
    pool += _five_candidates(store)
    return [c for c in pool if len(c.distractors) >= MIN_OPTIONS - 1]


def pool_size(pool: list[Candidate]) -> int:
    return len({c.stem for c in pool})


def make_quiz(store: GraphStore, n: int = 20, seed: int | None = None, progress: Progress | None = None) -> Quiz:
    progress = progress or NullProgress()
    if n < 1:
        raise ExportError(msg("export.quiz.n_too_small"))
    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    pool = question_pool(store)
    size = pool_size(pool)
    if n > size:
        raise ExportError(msg("export.quiz.pool_too_small", size=size, n=n))
    rng = random.Random(seed)
    by_stem: dict[str, list[Candidate]] = {}
    for c in pool:
        by_stem.setdefault(c.stem, []).append(c)
    by_kind: dict[str, list[list[Candidate]]] = {}
    for variants in by_stem.values():
        by_kind.setdefault(variants[0].kind, []).append(variants)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for groups in by_kind.values():
        rng.shuffle(groups)
    chosen: list[Candidate] = []
    while len(chosen) < n:  # round robin over kinds, so that every quiz mixes them
        for kind in kinds:
            if by_kind[kind] and len(chosen) < n:
                chosen.append(rng.choice(by_kind[kind].pop()))
    progress.start(n)
    questions = []
    for number, c in enumerate(chosen, 1):
        options = [c.answer, *rng.sample(c.distractors, min(N_OPTIONS - 1, len(c.distractors)))]
        rng.shuffle(options)
        letter = LETTERS[options.index(c.answer)]
        source = {"doc": c.doc, "clause": c.clause}
        questions.append(Question(number, c.kind, c.stem, options, letter, c.answer, source, c.quote, c.subject))
        progress.step()
    progress.finish()
    return Quiz(seed, size, questions)


def quiz_document(quiz: Quiz) -> ExportDoc:
    doc = ExportDoc(
        title=QUIZ_TITLE,
        subtitle=msg("export.quiz.subtitle", count=len(quiz.questions), seed=quiz.seed, pool=quiz.pool_size),
        meta=[msg("export.quiz.note")],
    )
    doc.heading(msg("export.quiz.questions"))
    for q in quiz.questions:
        doc.para(q.question, strong=msg("export.quiz.number", number=q.number))
        doc.bullets([f"{LETTERS[i]}. {option}" for i, option in enumerate(q.options)])
    doc.heading(msg("export.quiz.answers"))
    doc.table(
        [msg(f"export.quiz.col.{name}") for name in ("number", "answer", "source", "quote")],
        [
            [str(q.number), f"{q.answer}. {q.answer_text}", source_ref(q.source["doc"], q.source["clause"]), q.quote]
            for q in quiz.questions
        ],
    )
    return doc
