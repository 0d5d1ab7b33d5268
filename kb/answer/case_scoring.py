"""Scoring one answer against a gold case (tests/gold/ask/README.md "Scoring"): what the answer misses of the
case's expectation, and the numbers and department names it states that no cited clause holds (the grounding
rule of kb/answer/grounding_rule.py, the one the service checks its answers by).

Answers are the ``Answer.to_json()`` dictionaries; a field the answerer does not give yet (``polarity``) fails
the expectation on it and never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.answer.cases import Case, Expectation
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
    top = citation_keys(answer)[:3]
    if expect.clauses and not any(norm(c) in top for c in expect.clauses):
        failures.append("clause")
    return failures


def score_case(case: Case, answer: Mapping[str, Any], grounding: Grounding | None = None) -> Score:
    failures = score(answer, case.expect)
    ungrounded = grounding.violations(answer) if grounding is not None else []
    return Score(case, not failures, tuple(failures), tuple(ungrounded))
