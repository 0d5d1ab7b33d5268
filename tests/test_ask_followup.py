"""Follow-ups through the real graph and embedding model (paraphrases, not gold cases): a question without a
topic of its own refers to the whole last question, its other words too."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.graph.store import GraphStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(store: GraphStore) -> AskService:
    return AskService(store)


def dialogue(service: AskService, *questions: str):
    previous, answer = None, None
    for question in questions:
        answer = service.ask(question, previous)
        previous = answer.turn
    assert answer is not None
    return answer


def test_who_leads_this_refers_to_the_last_questions_words_too(service: AskService) -> None:
    # the last answer's clause names no measure: the words of the question (岗位, 劳动力) find it
    answer = dialogue(service, "扶貧車間的崗位留多少給貧困勞動力？", "這事誰牽頭？")
    assert answer.answered and answer.departments[0]["name"] == "省人力资源社会保障厅"


def test_a_list_follow_up_naming_its_items_lists_them(service: AskService) -> None:
    # 岗位 is part of the inherited 公益性岗位: the clause enumerating the posts, not the last answer's clause
    answer = dialogue(service, "公益性岗位安置就业归哪个部门管？", "那都有哪些岗位？")
    assert answer.answered and "护林" in answer.answer
    assert answer.citations[0].clause == "三（六）"


def test_a_follow_up_asking_what_there_is_takes_no_who_frame(service: AskService) -> None:
    # 有什么激励？ asks what the documents give, not the last turn's question who leads it
    answer = dialogue(service, "拆舊復墾由哪個部門牽頭？", "進度快、成效好的有啥激励？")
    assert answer.answered and answer.frame == "what"


def test_a_follow_up_putting_a_case_asks_what_then(service: AskService) -> None:
    # no topic of its own, a negated word (不合格, 没通过) or a condition cue: what then, not who leads again
    for case in ("驗收不合格呢？", "要是验收没通过呢？"):
        answer = dialogue(service, "工程竣工验收啥时候前完成？", "谁牵头？", case)
        assert answer.answered and answer.frame == "what", case


def test_a_follow_up_asking_the_same_of_another_kind_takes_its_own_duty(service: AskService) -> None:
    # 乡镇 is the follow-up's own word: the duty of the 乡镇 settlements, not the last answer's (县城安置点)
    answer = dialogue(service, "县城安置点的点长由谁担任？", "乡镇的集中安置点呢？")
    assert answer.answered and answer.departments[0]["name"] == "乡镇负责人"


def test_who_does_a_task_the_clause_assigns_names_that_department(service: AskService) -> None:
    # 技术培训 is 县级林草主管部门's task in 三（八）: its sentence, not the clause's lead line (省林草局牵头负责)
    answer = dialogue(service, "俺们几户想组个造林合作社揽活儿，能成不？", "合作社的技术培训谁来管？")
    assert answer.answered and answer.departments[0]["name"] == "县级林草主管部门"
    lead = dialogue(service, "俺们几户想组个造林合作社揽活儿，能成不？", "这一块省里哪个部门牵头？")
    assert lead.departments[0]["name"] == "省林草局"
