"""Period questions through the real graph and embedding model (paraphrases of our own, not gold cases): a
frequency written 年度 answers how often; a period sentence naming a topic word the table writes in one form
(入住) answers though it leaves out another (新房)."""

from __future__ import annotations

import pytest

from kb.answer import AskService

pytestmark = pytest.mark.slow



@pytest.mark.parametrize(
    "question",
    [
        "护林员是多长时间考核一次？",
        "生态护林员多久考核一回？",
        "我舅是生态护林员，搬到安置点后还接着管原来那片山。他听说考核过了才能续聘。护林员多长时间考核一次？",
    ],
)
def test_a_yearly_assessment_answers_how_often(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered and answer.frame == "period"
    assert answer.answer.startswith("符合条件、履职尽责、年度考核合格")  # its part after the ASCII comma first
    assert answer.citations[0].clause == "三（十）"


@pytest.mark.parametrize(
    "question",
    [
        "拿到新房钥匙多长时间不搬，干部就要上门催着入住？",
        "拿了钥匙多久不搬就要被催着入住？",
        "钥匙拿到手多长时间还不搬算是住新不腾旧？",
    ],
)
def test_a_period_sentence_naming_a_one_form_topic_answers(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered and "半年" in answer.answer
    assert answer.citations[0].clause == "一（二）"


@pytest.mark.parametrize(
    "question",
    [
        "19年那个实施意见里，搬迁入住是要求啥时候全部完成？",
        "搬迁入住什么时候要全部完成？",
        "全部搬迁入住最晚啥时候要全面实现？",
    ],
)
def test_when_all_is_completed_is_a_deadline_not_a_period_counted_from_the_topic(
    service: AskService, question: str
) -> None:
    # not 搬迁入住6个月内完成旧房拆除 (six months from moving in, for the demolition)
    answer = service.ask(question)
    assert answer.answered and answer.answer.startswith("年底实现搬迁入住")


@pytest.mark.parametrize(
    "question",
    ["入住以后多久要把旧房拆了？", "搬进去以后老房子多长时间得拆？", "旧房拆除最迟什么时候完成？"],
)
def test_a_period_counted_from_another_topic_still_answers_the_later_one(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered and "6个月内" in answer.answer.split("。")[0]


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("竣工验收是不是必须6月底前完成？", "6月底前"),
        ("旧房非得半年内拆吗？", "6个月内"),
        ("旧房是不是必须6个月内拆掉？", "6个月内"),
        ("复垦是不是一定要一年内完成？", "一年内"),
        ("拆旧复垦必须年底前完成吗？", "年底前"),
    ],
)
def test_a_must_question_writing_a_period_answers_with_the_period_first(
    service: AskService, question: str, period: str
) -> None:
    answer = service.ask(question)
    assert answer.answered and answer.polarity == "yes"
    assert period in answer.answer.split("。")[0]


@pytest.mark.parametrize(
    "question",
    ["宅基地复垦多长时间？", "宅基地复垦要多久？", "旧宅基地多长时间内要复垦完？", "宅基地复垦几个月内要弄完？"],
)
def test_the_period_of_the_asked_head_answers_when_none_states_the_whole_topic(
    service: AskService, question: str
) -> None:
    # no sentence stating 宅基地 and 复垦 states a period: 一年内完成土地复垦 states that of 复垦
    answer = service.ask(question)
    assert answer.answered and answer.answer.startswith("一年内完成土地复垦")


@pytest.mark.parametrize("question", ["宅基地复垦的补助多久发？", "宅基地确权多长时间办完？"])
def test_no_period_of_the_head_is_still_refused(service: AskService, question: str) -> None:
    assert not service.ask(question).answered
