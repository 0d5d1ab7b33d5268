"""The yes/no rules of kb/answer/polarity.py on synthetic sentences: what a question whose cue comes first asks
about (有没有幼儿园？), and that its yes needs a sentence stating it."""

from __future__ import annotations

import pytest
from questions import understood

from kb.answer.decide import _sanction, decide
from kb.answer.lexicon import Lexicon
from kb.answer.polarity import asked_objects, states_object
from kb.answer.sentences import Scored, Sentence
from kb.graph.store import GraphStore

pytestmark = pytest.mark.unit


def sentence(text: str, modality: str | None = "obliged", clause: str = "一（一）") -> Sentence:
    return Sentence("文号", clause, 1, text, modality, "", "")


def scored(s: Sentence, score: float = 1.0) -> Scored:
    return Scored(s, score, score, score, False, False)



def test_the_asked_object_is_what_follows_the_cue(store: GraphStore) -> None:
    q = understood(store, "参加职业技能培训有没有补贴？")
    assert any("补贴" in f for f in asked_objects(q))
    assert asked_objects(understood(store, "搬迁以后退耕还林补贴还能领吗？")) == []  # the cue ends the question


def test_the_object_a_giving_verb_wraps_before_the_final_cue(store: GraphStore) -> None:
    for text in ("旧房拆了给补偿不？", "舊房拆了給補償不？", "俺家旧房子拆了以后，政府给补偿吗？"):
        assert [f for f in asked_objects(understood(store, text)) if "补偿" in f], text
    assert asked_objects(understood(store, "安置房能传给孩子吗？")) == []  # 给 of 传给 is no giving verb of its own
    assert asked_objects(understood(store, "残疾人补助还给不？")) == []  # nothing between the verb and the cue
    rule = sentence("严格执行“双签协议”，住新必须拆旧。")
    refused = decide(understood(store, "旧房拆了给补偿不？"), [scored(rule)])
    assert not refused.answered and refused.refuse_kind == "not_stated" and refused.nearest == rule


def test_the_asked_object_written_again_after_the_cue(store: GraphStore) -> None:
    for text in ("五保户搬过来以后，还算五保不算了？", "五保戶搬過來以後，還算五保不算了？"):
        assert any("五保" in f for f in asked_objects(understood(store, text))), text
    # 不算数 asks
    assert asked_objects(understood(store, "俺是五保户，搬到镇上安置点以后，俺那五保还算数不算数？")) == []
    # done after 给外村人
    assert any("盖房" in f for f in asked_objects(understood(store, "宅基地能流转给外村人盖房不？")))


def test_a_giving_verb_inside_a_topic_word_wraps_no_object(store: GraphStore) -> None:
    # 流转给合作社: 给 is part of the topic 流转给, it names who receives the land, not what is asked about
    assert asked_objects(understood(store, "搬出来了那几亩承包地俺也种不了了，能流转给合作社不？")) == []


def test_a_yes_needs_a_sentence_stating_the_asked_object(store: GraphStore) -> None:
    q = understood(store, "参加职业技能培训有没有补贴？")
    other = sentence("鼓励参加职业技能培训。", "permitted")
    paid = sentence("为搬迁群众提供职业技能培训，并按规定发放培训补贴。", "permitted", clause="三（五）")
    assert not states_object(other, asked_objects(q))
    decision = decide(q, [scored(other), scored(paid, 0.8)])
    assert decision.answered and decision.sentences[0] == paid and decision.polarity == "yes"
    refused = decide(q, [scored(other)])
    assert not refused.answered and refused.refuse_kind == "not_stated" and refused.nearest == other


def test_the_household_hint_only_for_a_residents_provision(store: GraphStore) -> None:
    from kb.answer.decide import Decision
    from kb.answer.provisions import _households

    q = understood(store, "贫困县增减挂钩规模指标受不受限制？")
    quota = Sentence("文号", "五（十五）", 1, "贫困县实施增减挂钩规模指标不受限制。", "permitted", "", "")
    house = Sentence("文号", "六（四）", 1, "禁止私下租赁。", "prohibited", "", "", targets=("relocatees",))
    right = Sentence("文号", "六（一）", 1, "各类政策补贴保持不变。", "kept", "", "")
    assert not _households(q, Decision(True, (quota,), polarity="no"))
    assert _households(q, Decision(True, (house,), polarity="no"))
    assert _households(q, Decision(True, (right,), polarity="yes"))


def test_a_must_question_asking_a_period_too_states_it_first(store: GraphStore) -> None:
    from kb.answer.decide import Decision
    from kb.answer.provisions import compose

    q = understood(store, "俺家老宅子非得拆不？多长时间拆？")
    rule = sentence("严格执行“双签协议”，住新必须拆旧。")
    timed = sentence("原则上，搬迁入住6个月内完成旧房拆除，一年内完成土地复垦。")
    answer = compose(q, Decision(True, (rule,), (timed,), "yes"), Lexicon(store), [])
    assert answer.answer.startswith("需要，原则上搬迁入住6个月内完成旧房拆除。"), answer.answer
    assert timed.text in answer.answer and answer.answer.count("6个月") == 2  # the first sentence and the quote


def test_a_quoted_term_used_in_several_parts_is_spelled_out_by_that_sentence(store: GraphStore) -> None:
    q = understood(store, "对特困搬迁群体有哪几个“优先”？")
    once = sentence("强化服务，优先提供公益岗位。", "permitted")
    parts = sentence("退耕还林优先布局，光伏扶贫优先覆盖，经济林项目优先实施。", "permitted", clause="五（四）")
    decision = decide(q, [scored(once), scored(parts, 0.9)])
    assert decision.answered and decision.sentences[0] == parts


def test_a_sanction_states_the_broken_rule_the_question_negates(store: GraphStore) -> None:
    q = understood(store, "搬进来后旧房不拆会怎么样？")
    lease = sentence("禁止私下交易、租赁，发现后立即取消搬迁资格。", "prohibited")
    rule = sentence("原则上，搬迁入住6个月内完成旧房拆除，一年内完成土地复垦。", clause="七（二）")
    acted = Scored(lease, 1.0, 1.0, 1.0, False, False, True, True)  # 搬 found in 搬迁资格
    assert _sanction(q, [acted, scored(rule, 0.9)]) is None  # 搬 of 搬迁资格 is not the rule broken by 不拆
    assert _sanction(understood(store, "安置房私下租出去会怎么样？"), [acted]) == lease


def test_a_loss_question_needs_a_sentence_stating_a_loss_or_a_kept_right(store: GraphStore) -> None:
    q = understood(store, "拿了钥匙半年还没搬过去，房子会不会被收回去？")
    assert q.asks == "loss"
    urge = sentence("推动拿到钥匙超过半年未搬迁的群众尽快入住。", "prohibited")
    refused = decide(q, [scored(urge)])
    assert not refused.answered and refused.refuse_kind == "not_stated" and refused.nearest == urge
    taken = sentence("发现后立即取消搬迁资格、收回安置房。", "prohibited", clause="六（四）")
    decided = decide(q, [scored(urge), scored(taken, 0.9)])
    assert decided.answered and decided.sentences[0] == taken and decided.polarity == "yes"
    kept = sentence("确保不因搬迁出现漏保断保。", "obliged", clause="六（三）")
    lost = decide(understood(store, "搬迁会不会让养老保险断了？"), [scored(kept)])
    assert lost.answered and lost.polarity == "no"


def test_the_frame_of_the_asking_part_leads() -> None:
    from kb.answer.frame_cues import frames_of

    assert frames_of("那俺爹没了，俺继承行不行？")[0][0] == "yes_no"  # 没了 tells the case
    assert frames_of("社保关系是不是必须给接续上，不能出现断保？")[0][0] == "must"  # the loss is what must not be
    assert frames_of("承包地非得交回不？")[0][0] == "loss"  # asked in one part: giving it up is a loss
    assert frames_of("每户是不是起码得保证有一个人就业？")[0][0] == "must"
    assert frames_of("拿到钥匙多久还不搬进去，就会被督着尽快入住？")[0][0] == "period"  # 会被 alone loses nothing
