"""The gold question set (tests/gold/ask_gold.yaml) through the real service: every question, and the
targets of the issue (who-leads 100 %, refusals ≥ 90 %, correct clause in the top-3 citations ≥ 90 %)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.answer import AskService
from kb.answer.evaluate import check, load_gold, run_gold, summary

pytestmark = pytest.mark.slow

GOLD = load_gold(Path(__file__).parent / "gold" / "ask_gold.yaml")
SINGLE = [(category, item) for category, items in GOLD.items() if category != "followups" for item in items]



@pytest.mark.parametrize(("category", "item"), SINGLE, ids=[f"{c}-{i['q']}" for c, i in SINGLE])
def test_gold_question(service: AskService, category: str, item: dict):
    result = check(category, item, service.ask(item["q"]))
    assert result.ok, f"{item['q']}: {result.problems} → {result.answer['answer']}"


def test_gold_covers_every_measure_of_the_graph(service: AskService):
    asked = {item["clause"] for item in GOLD["who"]}
    assert {m.key for m in service.lexicon.measures} <= asked


def test_targets(service: AskService):
    figures = summary(run_gold(service, GOLD))
    assert figures["who_leads"] == 1.0
    assert figures["refusals"] >= 0.9
    assert figures["clause_top3"] >= 0.9
    followups = figures["categories"]["followup"]
    assert followups["correct"] == followups["n"]
