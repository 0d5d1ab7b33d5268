"""Thresholds and polarity rules of the *decide* stage on synthetic sentences: min_unnamed (a period or value
sentence that leaves out the question's own topic), value_gap (the value of something else), a may question
whose tied sentences include a prohibition, and questions asking whether something is restricted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_ask_decide import scored, sentence

from kb.answer.decide import Decision, decide
from kb.answer.definitions import _counted, _ends
from kb.answer.lexicon import Lexicon, config
from kb.answer.polarity import polarity, restricts, tie_break
from kb.answer.provisions import head
from kb.answer.understand import Question, clean_question, topic_table, understand
from kb.graph.store import GraphStore
from kb.messages import msg
from kb.model import Repository

pytestmark = pytest.mark.unit

TH = config()["thresholds"]


@pytest.fixture(scope="module")
def asked(store: GraphStore) -> Callable[[str], Question]:
    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))

    def ask(text: str) -> Question:
        return understand(clean_question(text), lexicon, lexicon.corpus_text(), table=table)

    return ask


def test_the_thresholds_are_ordered() -> None:
    assert TH["min_focus"] < TH["min_unnamed"] <= 1.0  # else min_unnamed would let nothing more, or all, in
    assert 0.0 < TH["value_gap"] < 1.0 - TH["min_focus"]


def test_min_unnamed_lets_a_period_sentence_without_the_own_topic_answer_only_from_its_share(
    asked: Callable[[str], Question],
) -> None:
    q = asked("安置房工程竣工验收什么时候完成？")
    assert q.frame == "period"
    s = sentence("年底前完成工程竣工验收。")
    enough = decide(q, [scored(s, direct=TH["min_unnamed"], states_main=False)])
    assert enough.answered and enough.sentences == (s,)
    short = decide(q, [scored(s, direct=TH["min_unnamed"] - 0.02, states_main=False)])
    assert not short.answered and short.refuse_kind == "not_stated"
    named = decide(q, [scored(s, direct=TH["min_unnamed"] - 0.02, states_main=True)])
    assert named.answered  # a sentence stating the own topic needs no more than min_focus


def test_value_gap_refuses_the_value_of_something_else(asked: Callable[[str], Question]) -> None:
    q = asked("创业贷款贴息是百分之几？")
    assert "%" in q.units
    topic = scored(sentence("加大创业贷款贴息支持。"), score=1.2, direct=1.0)
    ratio = sentence("风险准备金按照50%的比例安排。", clause="一（二）")
    far = decide(q, [topic, scored(ratio, score=0.9, direct=1.0 - TH["value_gap"] - 0.02)])
    assert not far.answered and far.refuse_kind == "not_stated"
    near = decide(q, [topic, scored(ratio, score=0.9, direct=1.0 - TH["value_gap"] + 0.02)])
    assert near.answered and near.sentences == (ratio,)


def test_a_may_question_tied_with_a_prohibition_is_decided_by_it() -> None:
    title = scored(sentence("稳妥推进不动产权登记。", index=0), score=1.15)
    ban = scored(sentence("原则上20年内不得出售。", "prohibited", index=2), score=1.15)
    assert tie_break("may", [title, ban], TH) is ban
    lower = scored(ban.sentence, score=1.15 - TH["margin"] - 0.05)
    assert tie_break("may", [title, lower], TH) is title  # not tied: the best sentence decides
    assert tie_break("must", [title, ban], TH) is title


@pytest.mark.parametrize(
    ("text", "restriction"),
    [
        ("安置房出售是否受限？", True),
        ("安置房受不受限制？", True),
        ("安置房卖的话有限制吗？", True),
        ("俺那安置房想卖，受限不？", True),
        ("安置住房在限制转让期内能否依法继承？", False),  # asks whether one may inherit
        ("安置房能卖吗？", False),
    ],
)
def test_a_restriction_word_next_to_the_asking_cue_asks_whether_it_is_restricted(
    asked: Callable[[str], Question], text: str, restriction: bool
) -> None:
    assert restricts(asked(text)) is restriction


def test_a_restriction_question_gets_yes_from_a_prohibition_and_no_from_its_exception_or_no_restriction() -> None:
    ban = sentence("原则上20年内不得出售（依法继承的除外）。", "prohibited")
    assert polarity("may", scored(ban), restriction=True) == "yes"
    assert polarity("may", scored(ban)) == "no"
    assert polarity("may", scored(ban, negated=True), restriction=True) == "no"  # 继承 is the exception
    free = sentence("规模指标不受限制。", "permitted")
    assert polarity("may", scored(free, contradicted=True), restriction=True) == "no"


def test_a_restriction_question_is_answered_in_its_own_words_and_an_exception_without_the_bound(
    asked: Callable[[str], Question],
) -> None:
    ban = sentence("严格管理，原则上20年内不得出售、转让（依法继承的除外）。", "prohibited")
    limited = head(asked("安置房出售是否受限？"), Decision(True, (ban,), polarity="yes"))
    assert limited.startswith(msg("answer.polarity.limit_yes").rstrip("。")) and "20年内" in limited
    inherited = head(asked("安置房能继承吗？"), Decision(True, (ban,), polarity="yes"))
    assert inherited == msg("answer.polarity.may_yes")  # the prohibition's 原则上20年内 does not bound the exception
    forbidden = head(asked("安置房能卖吗？"), Decision(True, (ban,), polarity="no"))
    assert "20年内" in forbidden


def test_cue_words_of_one_length_are_stripped_in_the_order_of_frames_yaml() -> None:
    from kb.answer.frame_cues import _cue_words, strip_cues

    *_, rest = _cue_words()
    listed = [w for ws in config()["frames"].values() for w in ws]
    same = [w for w in rest if len(w) == 2 and w in listed]
    assert same == sorted(same, key=listed.index)  # not a set's order, which changes from run to run
    assert "个" not in strip_cues("包保紧盯哪几个率？")


def test_a_counted_term_is_spelled_out_by_a_sentence_naming_that_many_instances(
    asked: Callable[[str], Question],
) -> None:
    five = sentence("实现车间安排一批，岗位吸纳一批，务工转移一批，培训输送一批，创业带动一批。")
    four = sentence("实现车间安排一批，岗位吸纳一批，务工转移一批，培训输送一批。", clause="一（二）")
    once = sentence("落实“四个不摘”要求。", clause="一（三）")
    for text in ("就业“五个一批”是哪五个？", "就业那五个一批是哪几样？"):
        q = asked(text)
        assert q.asks_definition, text
        decided = decide(q, [scored(four), scored(five, score=0.9)])
        assert decided.answered and decided.sentences == (five,), text
    uncounted = decide(asked("搬迁群众就业要实现哪几个“一批”？"), [scored(four)])
    assert uncounted.answered and uncounted.sentences == (four,)  # list_min_marks instances are enough
    assert _counted("五个一批") == ("一批", 5) and _ends("一批", four) == 4  # four do not spell out five
    refused = decide(asked("“四个不摘”是啥？"), [scored(once)])
    assert not refused.answered and refused.refuse_kind == "undefined_term"


def test_a_yes_no_decided_by_a_clause_title_quotes_the_body_sentence_stating_the_topic(
    asked: Callable[[str], Question],
) -> None:
    title = sentence("跟踪帮扶分散搬迁户就业。", index=0)
    body = sentence("建立分散安置搬迁群众就业帮扶动态跟踪机制，不漏一户、不漏一人。", index=1)
    other = sentence("开发公益岗位。", index=2)
    q = asked("分散安置的搬迁户，就业有人跟踪吗？")
    pool = [scored(title), scored(body, score=0.8, direct=0.7), scored(other, score=0.6, direct=0.0)]
    decided = decide(q, pool)
    assert decided.polarity == "yes" and decided.sentences == (title, body)
    assert decide(q, [scored(body), scored(title, score=0.8)]).sentences == (body,)  # a body sentence alone


def test_a_refusal_of_an_undefined_term_quotes_only_the_part_of_the_sentence_using_it() -> None:
    from kb.answer.refusal import using_part

    text = "指导各地围绕“六环联动”闭环推进，制定800人以上安置区实施方案。"
    assert using_part(text, "六环联动") == "指导各地围绕“六环联动”闭环推进" + msg("answer.refuse.omitted")
    assert using_part("落实“四个不摘”要求。", "四个不摘") == "落实“四个不摘”要求。"
    assert using_part(text, "") == text
