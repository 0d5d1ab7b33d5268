"""Period questions through the real graph and embedding model (paraphrases of our own, not gold cases): a
frequency written 年度 answers how often; a period sentence naming a topic word the table writes in one form
(入住) answers though it leaves out another (新房)."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.graph.store import GraphStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(store: GraphStore) -> AskService:
    return AskService(store)


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
    assert answer.answered and answer.frame == "period" and "年度考核" in answer.answer
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
