"""Yes/no questions: the cues that make a question one (可否, the A-not-A form of a two-character verb), and which
way a sentence decides it (a sentence confining the grant to a region; a sentence writing the asked negated
action negated itself). Paraphrases beyond the gold cases, through the real service."""

from __future__ import annotations

import pytest
from questions import understood

from kb.answer import AskService
from kb.answer.polarity import asked_objects, beyond_scope, crosses_branches, writes_negated
from kb.answer.sentences import Sentence
from kb.graph.store import GraphStore

pytestmark = pytest.mark.slow




def sentence(text: str, modality: str = "permitted") -> Sentence:
    return Sentence("文号", "一（一）", 1, text, modality, "", "")


@pytest.mark.parametrize(
    "text",
    [
        "结余资金可否用于后续扶持？",
        "在安置区开网店，政策上鼓励不鼓励？",
        "搬迁群众自己创业，政府支持不支持？",
        "安置房允许不允许出售？",
        "安置房可否出租？",
    ],
)
def test_a_not_a_of_two_characters_and_kefou_ask_yes_or_no(store: GraphStore, text: str) -> None:
    q = understood(store, text)
    assert q.frame == "yes_no" and q.asks == "may", text


def test_the_repeated_verb_stays_in_the_question_but_is_not_the_asked_object(store: GraphStore) -> None:
    q = understood(store, "在安置区开网店，政策上鼓励不鼓励？")
    assert "鼓励" in q.words and ("鼓励",) not in asked_objects(q)
    kept = understood(store, "俺那五保还算数不算数？")  # 还算 of the keep frame, not the A-not-A of 算数
    assert kept.frame == "keep"


@pytest.mark.parametrize(
    ("text", "beyond"),
    [
        ("增减挂钩节余指标可以跨省流转吗？", True),
        ("节余指标可以流转到省外吗？", True),
        ("节余指标能出省交易不？", True),
        ("节余指标能在省里流转吗？", False),
    ],
)
def test_a_question_going_beyond_the_region_a_sentence_confines_to(store: GraphStore, text: str, beyond: bool) -> None:
    s = sentence("允许贫困县的增减挂钩节余指标在省域内流转。")
    assert beyond_scope(understood(store, text), s) is beyond


def test_a_sentence_writing_the_negated_action_negated(store: GraphStore) -> None:
    s = sentence("推动拿到钥匙超过半年未搬迁的群众尽快入住。", "obliged")
    assert writes_negated(understood(store, "拿了钥匙一直不搬行不行？"), s)
    assert not writes_negated(understood(store, "拿了钥匙就搬行不行？"), s)


BRANCHES = (
    "原则上，县城安置点或500人以上的集中安置点由县处级负责人担任点长，乡镇或中心村集中安置点由乡镇负责人担任点长。"
)


@pytest.mark.parametrize(
    ("text", "crosses"),
    [
        ("中心村集中安置点的点长要县处级负责人当吗？", True),
        ("县城安置点的点长可以由乡镇负责人担任吗？", True),
        ("乡镇集中安置点的点长是不是得县处级负责人当？", True),
        ("县城安置点的点长由县处级负责人担任吗？", False),
        ("中心村安置点点长由乡镇负责人担任行吗？", False),
    ],
)
def test_a_question_crossing_the_branches_of_a_sentence(text: str, crosses: bool) -> None:
    assert crosses_branches(text, sentence(BRANCHES, "obliged")) is crosses


def test_parts_naming_one_thing_each_are_no_branches() -> None:
    kept = "承包地、林地、宅基地等合法权益保持不变，城乡居民医保、养老、低保、五保等社会保障权益保持不变。"
    assert not crosses_branches("搬迁后宅基地还有低保是不是保持不变？", sentence(kept, "kept"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中心村集中安置点的点长必须由县处级负责人担任吗？", "no"),
        ("俺们中心村建了个集中安置点。俺们这种点长必须县处级的当吗？", "no"),
        ("县城安置点的点长可以由乡镇负责人担任吗？", "no"),
        ("县城安置点的点长由县处级负责人担任吗？", "yes"),
        ("搬迁建设任务完成后的结余资金，可否用于建档立卡搬迁人口的后续扶持？", "yes"),
        ("在安置区开网店、搞直播带货，政策上鼓励不鼓励？", "yes"),
        ("增减挂钩节余指标可以跨省流转吗？", "no"),
        ("贫困县的增减挂钩节余指标可以流转到省外吗？", "no"),
        ("拿了钥匙一直不搬行不行？", "no"),
        ("钥匙都拿到了，我就是不搬，可以吗？", "no"),
        ("拿到钥匙半年了还不搬，能行吗？", "no"),
    ],
)
def test_yes_no_paraphrases(service: AskService, text: str, expected: str) -> None:
    answer = service.ask(text)
    assert answer.answered and answer.polarity == expected, (text, answer.answer)


@pytest.mark.parametrize("text", ["安置房能留给孩子继承不？", "安置房能传给子女吗？", "安置房子女继承可以吗？"])
def test_a_person_receiving_the_thing_is_part_of_the_action(store: GraphStore, text: str) -> None:
    q = understood(store, text)
    assert all(t.weak for t in q.topics if t.written in ("孩子", "子女")), text
    assert any(t.written == "孩子" and not t.weak for t in understood(store, "孩子在安置区上学有保障吗？").topics)


@pytest.mark.parametrize(
    "turns",
    [
        ("安置房能租给别人住吗？", "那能留给娃继承不？"),
        ("安置房能卖不？", "能传给孩子吗？"),
        ("安置房能出售吗？", "那留给子女继承呢，可以吗？"),
    ],
)
def test_a_followup_about_inheriting_the_last_answers_thing(service: AskService, turns: tuple[str, str]) -> None:
    first = service.ask(turns[0])
    answer = service.ask(turns[1], first.turn)
    assert answer.answered and answer.polarity == "yes", (turns, answer.answer)


@pytest.mark.parametrize(
    "text",
    ["按规定时间搬进去的，有没有奖励？", "在规定时间内搬进来的，给不给奖励？", "按时搬过去的农户有奖励吗？"],
)
def test_a_directional_complement_is_no_word_of_the_question(service: AskService, text: str) -> None:
    answer = service.ask(text)
    assert answer.answered and answer.polarity == "yes", (text, answer.answer)
    assert any(c.clause == "一（二）" for c in answer.citations), text

