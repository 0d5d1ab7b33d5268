"""The service checks every answer it sends by the gold scorer's grounding rule (kb/answer/grounding.py): numbers
and department names the question wrote (听说能贷5万元, 县民政局说…) are never echoed as if a clause stated them, in
answers, refusals of every kind and follow-ups; an answer failing the rule says only what its cited clauses state."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.grounding_rule import Grounding
from kb.answer.result import Answer, Citation
from kb.messages import msg

QUESTIONS = (
    "听说小额信贷能贷5万元，是真的吗？",
    "县民政局说公益岗位不归他们管，到底谁负责？",
    "省财政厅在扶贫车间方面有什么职责？",
    "北京市的安置房给80平方米吗？",
    "2025年以后产业奖补还给３０００元吗？",
    "我的护林员补助3000元怎么还没发？",
    "安置房具体多少钱，有五万元吗？",
    "户口迁了就业补贴还有两次吗",
    "“一户一宅”是什么意思？",
    "国开行山西省分行能贷多少？",
)
DIALOGUES = (("小额信贷怎么规定的？", "那县民政局呢？"), ("公益岗位由谁负责？", "能给5万元吗？"))



@pytest.fixture(scope="module")
def scorer(gold_grounding: Grounding) -> Grounding:
    return gold_grounding


@pytest.mark.slow
def test_no_answer_the_scorer_flags_is_sent(service: AskService, scorer: Grounding) -> None:
    for turns in [(q,) for q in QUESTIONS] + list(DIALOGUES):
        previous = None
        for question in turns:
            answer = service.ask(question, previous)
            previous = answer.turn
            assert scorer.violations(answer.to_json()) == [], question


@pytest.mark.slow
def test_an_ungrounded_answer_says_only_its_cited_clauses(service: AskService) -> None:
    clause = next(c for c in service.lexicon.clauses.values() if "6个月" in c.text)
    cited = [Citation(clause.doc, clause.label, clause.text)]
    invented = Answer("q", True, "fact", "可以，5万元，由省民政厅负责。", citations=cited, polarity="yes")
    answered = service.grounded(invented)
    assert answered.signals["grounding"] == ["5万元", "省民政厅"]
    assert answered.answer == msg("answer.quote", text=clause.text) and answered.polarity is None
    refusal = service.grounded(Answer("q", False, "out_of_scope", "文件没有规定5万元的数额。", citations=cited))
    assert refusal.answer == msg("answer.refuse.not_stated") + msg("answer.refuse.who_to_ask")
    document = service.ask("实施意见是哪个部门发的？")  # its issuer and date: grounded by its colophon (落款)
    assert document.intent == "document" and not document.signals["grounding"]
