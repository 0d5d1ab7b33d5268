"""The first gold set (tests/gold/ask/first.yaml, the case schema of tests/gold/ask/README.md) through the real
service: every case passes, and every measure of the graph is asked who leads it."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.case_scoring import run_set, score_case
from kb.answer.cases import CaseSet, load_set

pytestmark = pytest.mark.slow

FIRST = load_set("first")


@pytest.mark.parametrize("case", FIRST.singles, ids=[c.id for c in FIRST.singles])
def test_first_gold_question(service: AskService, case):
    answer = service.ask(case.question).to_json()
    result = score_case(case, answer)
    assert result.passed, f"{case.question}: {result.failures} → {answer['answer']}"


def test_first_gold_dialogues(service: AskService):
    scores, answers = run_set(service.ask, CaseSet((), FIRST.dialogues))
    assert [s.case.id for s in scores if not s.passed] == [], answers


def test_first_gold_asks_who_leads_every_measure_of_the_graph(service: AskService):
    asked = {k for c in FIRST.singles if c.category == "who" and c.expect.leads for k in c.expect.clauses}
    assert {m.key for m in service.lexicon.measures} <= asked
