"""Scoring answers against the gold question set (tests/gold/ask_gold.yaml): used by the tests and by
scripts/bench_ask.py. A refusal states no number with a unit (the grounding rule's, kb/answer/grounding_rule.py)
before the nearest provision it quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.answer.grounding_rule import norm, numbers
from kb.answer.result import Answer, Turn
from kb.answer.service import AskService
from kb.messages import msg

TOP_K = 3


@dataclass
class Check:
    category: str
    question: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=dict)
    clause_in_top3: bool | None = None
    seconds: float = 0.0


def load_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check(category: str, item: dict[str, Any], answer: Answer) -> Check:
    problems = []
    expect_answered = category != "out_of_scope"
    if answer.answered != expect_answered:
        problems.append(msg("answer.eval.answered", got=answer.answered, want=expect_answered))
    top = [c.key for c in answer.citations[:TOP_K]]
    in_top = None
    if item.get("clause"):
        in_top = item["clause"] in top
        if not in_top:
            problems.append(msg("answer.eval.clause", k=TOP_K, top=top, clause=item["clause"]))
    for lead in item.get("leads", []):
        if {"name": lead, "role": "lead"} not in answer.departments:
            problems.append(msg("answer.eval.lead", lead=lead))
        if lead not in answer.answer:
            problems.append(msg("answer.eval.missing", word=lead))
    for word in item.get("expect", []):
        if word not in answer.answer:
            problems.append(msg("answer.eval.missing", word=word))
    if not expect_answered and numbers(norm(answer.answer.split(msg("answer.refuse.nearest_mark"))[0])):
        problems.append(msg("answer.eval.refusal_number"))
    return Check(category, item["q"], not problems, problems, answer.to_json(debug=True), in_top)


def run_gold(service: AskService, gold: dict[str, list[dict[str, Any]]]) -> list[Check]:
    import time

    checks = []
    for category, items in gold.items():
        if category == "followups":
            for conversation in items:
                previous: Turn | None = None
                for i, turn in enumerate(conversation["turns"]):
                    started = time.perf_counter()
                    answer = service.ask(turn["q"], previous)
                    result = check("followup" if i else "followup_first", turn, answer)
                    result.seconds = time.perf_counter() - started
                    checks.append(result)
                    previous = answer.turn
            continue
        for item in items:
            started = time.perf_counter()
            answer = service.ask(item["q"])
            result = check(category, item, answer)
            result.seconds = time.perf_counter() - started
            checks.append(result)
    return checks


def summary(checks: list[Check]) -> dict[str, Any]:
    by_category: dict[str, list[Check]] = {}
    for c in checks:
        by_category.setdefault(c.category, []).append(c)
    with_clause = [c for c in checks if c.clause_in_top3 is not None]
    return {
        "categories": {k: {"n": len(v), "correct": sum(c.ok for c in v)} for k, v in by_category.items()},
        "who_leads": _share(by_category.get("who", [])),
        "refusals": _share(by_category.get("out_of_scope", [])),
        "clause_top3": sum(bool(c.clause_in_top3) for c in with_clause) / max(len(with_clause), 1),
        "overall": _share(checks),
    }


def _share(checks: list[Check]) -> float:
    return sum(c.ok for c in checks) / max(len(checks), 1)
