"""Questions the documents cannot answer though they use its words: a term they only name (严格落实质量终身负责制)
asked what it requires, a term they never define asked what it is or how it is identified, and a may question
whose asked action and its object they never write (高考能加分不？). Paraphrases beyond the gold cases, and the
in-scope twins that must stay answered, through the real service."""

from __future__ import annotations

import pytest

from kb.answer import AskService

pytestmark = pytest.mark.slow



@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("质量终身负责制具体是怎么规定的？", "质量终身负责制"),
        ("質量終身負責制是怎麼規定的？", "质量终身负责制"),
        ("住宅工程分户验收制度具体是怎么规定的？", "住宅工程分户验收制度"),
        ("“人人持证，技能社会”工程具体怎么实施？", "人人持证，技能社会"),
        ("人人持证技能社会工程具体要求是啥？", "人人持证技能社会工程"),
        ("易地扶贫搬迁办理不动产登记指导意见是怎么规定的？", "易地扶贫搬迁办理不动产登记指导意见"),
        ("“两不愁三保障”到底是哪两不愁？", "两不愁三保障"),
        ("文件里的“深度贫困自然村”是怎么认定的？", "深度贫困自然村"),
        ("深度贫困自然村怎么认定？", "深度贫困自然村"),
        # a quoted term asked what (no content cue), and what a named post concretely does
        ("“人人持证，技能社会”工程让人考什么证书？", "人人持证，技能社会"),
        ("“质量终身负责制”管的是啥？", "质量终身负责制"),
        ("集中安置点点长具体负责哪些事？", "集中安置点点长"),
    ],
)
def test_a_term_only_named_is_refused_naming_it(service: AskService, text: str, term: str) -> None:
    answer = service.ask(text)
    assert not answer.answered, answer.answer
    assert answer.signals["refuse_kind"] == "undefined_term"
    assert term in answer.answer and answer.citations


@pytest.mark.parametrize(
    "text",
    [
        "小额信贷具体怎么规定的？",
        "扶贫小额信贷具体是怎么规定的？",
        "集中安置点点长制是怎么规定的？",  # the clause's other sentences state 点长制, 点长
        "“一户一宅”具体是怎么规定的？",  # a clause's title: its body spells it out
        "双签协议具体是怎么规定的？",
        "拆旧复垦具体怎么规定的？",
        "消费扶贫具体怎么实施？",
        "“双签协议”都签啥？",  # quoted, asked what: a sentence says what it binds
        "“五通六有”都有啥？",
        "“一户一宅”要求啥？",
    ],
)
def test_a_term_a_sentence_states_something_of_is_answered(service: AskService, text: str) -> None:
    assert service.ask(text).answered


@pytest.mark.parametrize(
    "text",
    [
        "俺家娃高考能加分不？",
        "搬迁户子女考大学能加分吗？",
        "安置区的孩子中考可以加分吗？",
        "俺家娃考公务员能加分吗？",
    ],
)
def test_a_may_question_of_an_action_never_written_is_refused(service: AskService, text: str) -> None:
    answer = service.ask(text)
    assert not answer.answered, answer.answer
    assert answer.signals["refuse_kind"] == "not_stated"


@pytest.mark.parametrize(
    "text",
    [
        "安置房能租出去不？",  # written 租赁
        "这安置房能往外租不？",
        "安置房能卖不？",  # written 出售
        "搬迁以后医保还有吗？",
        "搬签以后医保还能报销吗？",  # 还能: whether it is kept
        "扶贫小额信贷能多次贷吗？",  # 多次
        "公益岗俺们能先上不",  # done to 公益岗, which the documents name
        "大型安置区配套的教育、医疗、养老设施用地能被占用不？",
        "俺家娃能在安置区上学不？",
    ],
)
def test_a_may_question_of_an_action_written_otherwise_is_answered(service: AskService, text: str) -> None:
    assert service.ask(text).answered


@pytest.mark.parametrize(
    "text",
    [
        "疫情期间外出务工人员返岗有什么补助？",
        "疫情防控期间搬迁群众外出打工有啥补贴？",
        "农忙期间公益岗能请假不？",
        "春节期间安置点有啥慰问？",
        "拆房的工钱谁出？",  # who pays a cost the documents never name
        "安置房冬天暖气费谁出？",
        "拆旧房的人工费谁来出？",
    ],
)
def test_a_time_or_cost_the_documents_never_speak_of_is_refused(service: AskService, text: str) -> None:
    answer = service.ask(text)
    assert not answer.answered, answer.answer
    assert answer.signals["refuse_kind"] == "not_stated"


@pytest.mark.parametrize("text", ["培训期间有没有生活费补贴？", "搬迁期间孩子上学怎么办？"])
def test_a_time_the_documents_name_is_answered(service: AskService, text: str) -> None:
    assert service.ask(text).answered


@pytest.mark.parametrize("text", ["“五通”指什么？", "安置区五通六有里的“五通”是哪五通？", "五通六有里的五通是啥？"])
def test_a_numbered_term_whose_instances_start_with_its_head_is_spelled_out(service: AskService, text: str) -> None:
    answer = service.ask(text)  # 达到通路、通电、通水、通电视、通网络: five instances of 通
    assert answer.answered, answer.answer
    assert all(item in answer.answer for item in ("通路", "通电", "通水", "通电视", "通网络"))


@pytest.mark.parametrize("text", ["给合作社优先发包的造林项目具体包括哪些？", "优先议标发包的造林项目都包括哪些类型？"])
def test_a_term_listed_right_after_its_instances_is_spelled_out(service: AskService, text: str) -> None:
    answer = service.ask(text)  # 将道路绿化、公园绿化、荒山绿化等造林项目…: the phrase before the cue, 造林项目
    assert answer.answered, answer.answer
    assert all(item in answer.answer for item in ("道路绿化", "公园绿化", "荒山绿化"))
