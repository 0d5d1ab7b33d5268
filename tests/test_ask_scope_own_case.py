"""Signs that the asker wants their own case looked into (a payment that did not arrive, the progress of their
own paper, what happened to them, pay owed, a request to look it up, whether a local body's act against them is
lawful) or asks who may be relocated at all, and the criteria of a selection the documents only name (frames.yaml
case_signs, own_dispute, case_requests); and the in-scope near-twins with the same words that must stay answered."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.scope import cue_spans, refuse_kind
from kb.graph.store import GraphStore
from kb.messages import msg


def kind(text: str, whole: str = "") -> str | None:
    return refuse_kind(text, (), "", set(), whole)


@pytest.mark.unit
def test_the_askers_own_record_is_a_personal_case() -> None:
    assert kind("俺家的生态补偿款咋到现在还没打过来？") == "personal_case"
    assert kind("低保金这个月没打到卡上，怎么回事啊？") == "personal_case"
    assert kind("我爹的养老金两个月没发下来了？") == "personal_case"
    assert kind("俺家安置房的房本多久能拿到手？") == "personal_case"
    assert kind("我们那个搬迁奖补什么时候能批下来啊？") == "personal_case"
    assert kind("我家低保评上又给取消了，我这到底怎么回事？") == "personal_case"
    assert kind("俺在公益岗干得好好的，突然通知不让干了？") == "personal_case"
    assert kind("村委会把我的护林员名额换成别人了，合理吗？") == "personal_case"
    assert kind("老板欠我的工钱半年了，能讨回来不？") == "personal_case"
    assert kind("安置点工厂拖欠我们工资三个月，怎么办？") == "personal_case"


@pytest.mark.unit
def test_the_rules_with_the_same_words_are_no_case() -> None:
    assert kind("搬了低保还有不？") is None
    assert kind("搬迁后护林员还能续聘不？") is None
    assert kind("搬迁以后低保会不会给停了？") is None
    assert kind("搬到县城以后退耕还林补贴还发不发？") is None
    assert kind("搬迁后社保要是没转过来会不会断保？") is None
    assert kind("以工代训到底是怎么回事？") is None  # a term, not an event
    assert kind("其他补贴是怎么回事？") is None
    assert kind("护林员搬迁后想续聘，得满足什么条件？") is None


@pytest.mark.unit
def test_a_request_to_look_it_up_counts_anywhere_in_the_question() -> None:
    asked = "我娘的低保是不是给停了？"
    assert kind(asked) is None
    assert kind(asked, asked + "你给查查") == "personal_case"
    assert kind("能帮我查一下到底是什么原因吗？") == "personal_case"
    assert kind(asked, asked + "帮我查查文件里怎么规定的") is None  # the documents, not a record
    assert kind("私下出租要是给查出来会怎样？") is None  # 给查出来 is 被查出来
    assert kind("私下出租要是给查到了怎么办？") is None


@pytest.mark.unit
def test_who_may_be_relocated_is_eligibility() -> None:
    assert kind("这样我家还能不能享受易地扶贫搬迁？") == "eligibility"
    assert kind("搬迁需要满足什么条件？") == "eligibility"
    assert kind("我家想搬下山，得符合哪些条件？") == "eligibility"
    assert kind("我家住山上，够不够易地扶贫搬迁？") == "eligibility"
    assert kind("搬迁户能享受易地扶贫搬迁后续扶持政策吗？") is None
    assert kind("搬迁后还能享受退耕还林补贴吗？") is None
    assert kind("搬迁群众满足什么条件能参加技能培训？") is None


@pytest.mark.unit
def test_the_criteria_of_a_named_selection_are_not_stated() -> None:
    assert kind("五星级家庭评选，评上五星得够什么标准？") == "not_stated"
    assert kind("五星级家庭评选有什么要求？") == "not_stated"
    assert kind("农村集中安置区要评什么、创建什么？") is None


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "县里说要收回俺家宅基地，这合规吗？",
        "乡里要把我家的承包地收走，这合法吗？",
        "镇上把俺家旧房强拆了，违法不？",
        "村里不让俺家领补贴，有没有道理？",
        "俺家宅基地，县里说要收回，合法吗？",  # the asker first
        "县里说要收回俺家宅基地。这合法不合法？",  # the cue in the next sentence
    ],
)
def test_whether_a_local_bodys_act_against_the_asker_is_lawful_is_a_personal_case(text: str) -> None:
    assert kind(text) == "personal_case"
    spans = [text[a:b] for a, b in cue_spans(text, "personal_case")]
    assert not any("宅基地" in s or "承包地" in s for s in spans), spans  # the topic stays for the nearest provision


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "收回宅基地合法吗？",  # a rule, no one's act
        "安置房出租合法吗？",
        "俺想把安置房租出去，合法吗？",  # the asker's own act
        "县里要求住新必须拆旧，这合规吗？",  # a body's rule, not against the asker
        "我家的房子，县城安置区的，出租合法不？",
        "俺在外地打工，俺表弟一家想借住几年，俺一分钱不收，这算不算违规？",  # d6-147, no actor
    ],
)
def test_a_legality_question_about_a_rule_or_the_askers_own_act_is_no_dispute(text: str) -> None:
    assert kind(text) is None


@pytest.mark.slow
def test_own_case_refusals_name_the_local_office_and_twins_stay_answered(store: GraphStore) -> None:
    service = AskService(store)
    answer = service.ask("俺娘的低宝这个月没打过来，是不是给停了？你给查查")
    assert not answer.answered and answer.answer.startswith(msg("answer.refuse.personal_case"))
    assert service.ask("搬了低保还有不？").answered
    assert service.ask("搬迁后护林员还能续聘不？").answered
    answer = service.ask("县里说要收回俺家宅基地，这合规吗？")  # not 可以 from the 宅基地复垦 sentence
    assert not answer.answered and answer.polarity is None and answer.signals["refuse_kind"] == "personal_case"
    assert answer.answer.startswith(msg("answer.refuse.personal_case"))
    assert service.ask("安置房出租合法吗？").answered
    answer = service.ask("五星级家庭评选，评上五星得够啥标准？")  # refused, quoting the sentence naming it
    assert not answer.answered and msg("answer.refuse.nearest_mark") in answer.answer and answer.citations
