"""Scoring one answer against a gold case (tests/gold/ask/README.md "Scoring"): what the answer misses of the
case's expectation, and the numbers and department names it states that no cited clause holds (the grounding
rule of kb/answer/grounding_rule.py, the one the service checks its answers by).

Answers are the ``Answer.to_json()`` dictionaries; a field the answerer does not give yet (``polarity``) fails
the expectation on it and never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kb.answer.cases import Case, CaseSet, Expectation
from kb.answer.grounding_rule import Grounding, citation_keys, norm


@dataclass(frozen=True)
class Score:
    case: Case
    passed: bool
    failures: tuple[str, ...] = ()
    grounding: tuple[str, ...] = ()  # ungrounded numbers and department names in the answer text


def score(answer: Mapping[str, Any], expect: Expectation) -> list[str]:
    """What the answer misses of the expectation (empty: passed), as short ASCII codes with the string."""
    text = norm(str(answer.get("answer") or ""))
    failures = [f"forbid:{f}" for f in expect.forbid if norm(f) in text]
    answered = answer.get("answered") is True
    if not expect.answered:
        return (["answered"] if answered else []) + failures
    if not answered:
        return ["answered", *failures]
    if expect.polarity is not None and answer.get("polarity") != expect.polarity:
        failures.append(f"polarity:{answer.get('polarity')}")
    failures += [f"value:{v}" for v in expect.values if norm(v) not in text]
    failures += [f"item:{i}" for i in expect.items if norm(i) not in text]
    names = {norm(str(d.get("name", ""))) for d in answer.get("departments") or [] if isinstance(d, Mapping)}
    failures += [f"department:{d}" for d in expect.departments if norm(d) not in names]
    leading = {
        norm(str(d.get("name", "")))
        for d in answer.get("departments") or []
        if isinstance(d, Mapping) and d.get("role") == "lead"
    }
    failures += [f"lead:{d}" for d in expect.leads if norm(d) not in leading]
    top = citation_keys(answer)[:3]
    if expect.clauses and not any(norm(c) in top for c in expect.clauses):
        failures.append("clause")
    return failures


def score_case(case: Case, answer: Mapping[str, Any], grounding: Grounding | None = None) -> Score:
    failures = score(answer, case.expect)
    ungrounded = grounding.violations(answer) if grounding is not None else []
    return Score(case, not failures, tuple(failures), tuple(ungrounded))


def run_set(
    ask: Callable[[str, Any], Any], cases: CaseSet, grounding: Grounding | None = None
) -> tuple[list[Score], dict[str, dict[str, Any]]]:
    """Every case asked and scored: single questions without context, a dialogue's turns in order, each with the
    previous answer's ``.turn``. ``ask(question, previous)`` is ``AskService.ask`` (or a timed wrapper of it);
    returns the scores and each case's answer JSON by case id."""
    scores: list[Score] = []
    answers: dict[str, dict[str, Any]] = {}

    def one(case: Case, previous: Any) -> Any:
        answer = ask(case.question, previous)
        answers[case.id] = data = answer.to_json()
        scores.append(score_case(case, data, grounding))
        return answer

    for case in cases.singles:
        one(case, None)
    for dialogue in cases.dialogues:
        previous = None
        for turn in dialogue.turns:
            previous = one(turn, previous).turn
    return scores, answers
