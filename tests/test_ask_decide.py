"""Mechanisms of the *decide* and *compose* stages on synthetic sentences: the kind of period a question asks
for, years in cited titles, polarity of must questions, aggregate amounts, enumerations first in a list,
a clause's body when only its title states the topic, and the value part about the asked topic."""

from __future__ import annotations

import pytest

from kb.answer.decide import (
    _clause_sentences,
    _enumeration_first,
    _sanction,
    _second_conjunct,
    polarity,
)
from kb.answer.lexicon import Lexicon, config
from kb.answer.periods import states_value as _states_value
from kb.answer.provisions import value_part
from kb.answer.sentences import Scored, Sentence, asked_period_kind, of_asked_kind, period_forms, period_kind
from kb.answer.understand import clean_question, topic_table, understand
from kb.graph.store import GraphStore
from kb.model import Repository

pytestmark = pytest.mark.unit


def sentence(text: str, modality: str | None = "obliged", index: int = 1, clause: str = "一（一）") -> Sentence:
    return Sentence("文号", clause, index, text, modality, "", "")


def scored(s: Sentence, score: float = 1.0, direct: float = 1.0, **flags: bool) -> Scored:
    return Scored(
        s,
        score,
        score,
        direct,
        flags.get("contradicted", False),
        flags.get("negated", False),
        flags.get("states_main", True),
        flags.get("acted", False),
    )


@pytest.mark.parametrize(
    ("period", "kind"),
    [
        ("6个月内", "duration"),
        ("一年内", "duration"),
        ("半年", "duration"),
        ("2019年", "date"),
        ("年底前", "date"),
        ("年内", "date"),
        ("每半月", "frequency"),
    ],
)
def test_a_period_is_a_duration_a_date_or_a_frequency(period: str, kind: str) -> None:
    assert period_kind(period) == kind


def test_the_question_says_which_kind_of_period_it_asks_for() -> None:
    assert asked_period_kind("这件事要多久？") == "duration"
    assert asked_period_kind("多长时间开一次会？") == "frequency"
    assert asked_period_kind("定在哪一年完成？") == "date"
    assert asked_period_kind("什么时候办？") is None  # either kind answers it
    assert asked_period_kind("现场调度多久搞一回？") == "frequency"


def test_a_duration_is_answered_only_by_a_sentence_stating_a_duration() -> None:
    dated = scored(sentence("省级在核定各市2020年债务限额时，继续支持后续扶持。"))
    lasting = scored(sentence("原则上，搬迁入住6个月内完成旧房拆除。"))
    assert of_asked_kind("后续扶持要搞多少年？", [dated]) == []
    assert of_asked_kind("拆旧要多久？", [dated, lasting]) == [lasting]
    # a date is preferred for 哪一年, but any stated period answers it when none is a date
    assert of_asked_kind("定在哪一年？", [lasting, dated]) == [dated, lasting]
    assert of_asked_kind("定在哪一年？", [lasting]) == [lasting]


def test_years_in_a_cited_title_are_no_period() -> None:
    s = sentence("落实《关于印发2020年某某措施的通知》（某发〔2020〕1号）要求。")
    assert s.periods == []
    assert sentence("确保年底前完成。").periods == ["年底前"]


def test_a_must_question_on_a_kept_right_gets_no() -> None:
    assert polarity("must", scored(sentence("权益保持不变。", "kept"))) == "no"


def test_a_must_question_naming_the_sentences_action_is_not_flipped_by_the_askers_wish() -> None:
    s = sentence("住新必须拆旧。")
    assert polarity("must", scored(s, contradicted=True, acted=True)) == "yes"
    assert polarity("must", scored(s, contradicted=True)) == "no"
    assert polarity("may", scored(s, contradicted=True, acted=True)) == "no"


def test_an_aggregate_amount_answers_only_a_question_of_that_scale() -> None:
    s = sentence("全省增加限额10亿元以上。")
    assert not _states_value(s, ("元",), "一户最多能贷多少万？")
    assert _states_value(s, ("元",), "全省增加多少？")


def test_a_list_is_led_by_the_sentence_that_enumerates() -> None:
    th = config()["thresholds"]
    plain = scored(sentence("提供公益岗位。"), score=1.0)
    listing = scored(sentence("打造护林、护路、绿化、保洁等公益岗位。", clause="一（二）"), score=0.9, direct=0.5)
    chosen = _enumeration_first((plain.sentence,), plain, [plain, listing], th)
    assert chosen[0] == listing.sentence and plain.sentence in chosen


def test_a_list_of_the_asked_thing_leads_over_another_enumeration() -> None:
    th = config()["thresholds"]
    other = scored(sentence("开展职业培训、订单培训、定向培训、定岗培训。"), score=1.0)
    asked = scored(
        sentence("落实交通补贴、住房补助、医疗补贴、教育补贴等政策。", clause="一（二）"), score=0.9, direct=0.5
    )
    chosen = _enumeration_first((other.sentence,), other, [other, asked], th, [("补贴", "补助")])
    assert chosen[0] == asked.sentence and other.sentence in chosen
    assert _enumeration_first((other.sentence,), other, [other, asked], th) == (other.sentence,)  # nothing asked
    far = scored(asked.sentence, score=1.0 - th["list_margin"] - 0.1, direct=0.5)
    assert _enumeration_first((other.sentence,), other, [other, far], th, [("补贴",)]) == (other.sentence,)


def test_a_clause_title_alone_brings_its_body() -> None:
    th = config()["thresholds"]
    title = scored(sentence("确定旧村利用方式。", index=0))
    body = scored(sentence("宜农则农、宜林则林。", index=1), score=0.4, direct=0.0)
    assert _clause_sentences([title], th, [title, body]) == (title.sentence, body.sentence)


VALUE_PART_CASES = [
    # the part about the topic nearest the cue
    (
        "原则上，搬迁入住6个月内完成旧房拆除，一年内完成土地复垦。",
        "旧房拆了以后，多久要把地复垦完？",
        "一年内完成土地复垦",
    ),
    ("原则上，搬迁入住6个月内完成旧房拆除，一年内完成土地复垦。", "旧房多久要拆？", "6个月内完成旧房拆除"),
    # 多久通报一次奖惩？ — 通报 and 奖惩 (not 进度 alone) choose the part; 一次 of the cue names no part
    (
        "每日跟踪掌握进度，每周例会分析研判，每月通报兑现奖惩，每半月至少进行一次工程建设现场调度。",
        "搬迁进度多久通报一次奖惩？",
        "每月通报",
    ),
    (
        "每日跟踪掌握进度，每周例会分析研判，每月通报兑现奖惩，每半月至少进行一次工程建设现场调度。",
        "包保干部多长时间开一次例会？",
        "每周例会",
    ),
]


@pytest.mark.parametrize(("text", "question", "part"), VALUE_PART_CASES)
def test_the_value_part_is_the_one_stating_most_of_the_asked_words(
    store: GraphStore, text: str, question: str, part: str
) -> None:
    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    q = understand(clean_question(question), lexicon, lexicon.corpus_text(), table=table)
    assert part in value_part(q, sentence(text))


def test_a_period_word_is_stated_by_the_same_length_written_otherwise(store: GraphStore) -> None:
    """A question's 半年 is the 6个月内 of a sentence (frames.yaml period_equivalents)."""
    assert "6个月" in period_forms("半年") and "半年" in period_forms("6个月")
    assert period_forms("里头") == ("里头",)
    from kb.answer.sentences import Provisions
    from kb.answer.understand import Topic

    provisions = Provisions(Lexicon(store), Repository(store))
    six_months = [s for s in provisions.sentences if "6个月内" in s.text]
    stated = provisions.score((Topic("半年", period_forms("半年")),), {})
    assert six_months and six_months[0] in {x.sentence for x in stated if x.direct > 0}


def test_the_second_of_two_coordinated_things_gets_its_sentence(store: GraphStore) -> None:
    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    q = understand(
        clean_question("城镇安置区和农村安置区分别以什么为主？"), lexicon, lexicon.corpus_text(), table=table
    )
    town = sentence("城镇安置区以就业安置为主。")
    village = sentence("农村安置区以发展产业为主。", clause="一（二）")
    other = sentence("农村义务教育学校布局优化。", clause="一（三）")
    pool = [scored(town), scored(other, score=0.9), scored(village, score=0.5)]
    assert _second_conjunct(q, (town,), pool, config()["thresholds"]) == (town, village)


def test_a_consequence_question_gets_the_sentence_stating_the_sanction_of_its_action(store: GraphStore) -> None:
    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    rule = scored(sentence("严格管理房屋使用对象。"), score=1.0)
    sanction = scored(sentence("禁止私下租赁，发现后立即取消资格。", index=2), score=0.5, acted=True)
    for text in ("安置房私自租出去，被查出来会怎么处理？", "把安置房偷着租给别人有啥后果？"):
        q = understand(clean_question(text), lexicon, lexicon.corpus_text(), table=table)
        assert _sanction(q, [rule, sanction]) == sanction.sentence
    q = understand(clean_question("安置房能租出去吗？"), lexicon, lexicon.corpus_text(), table=table)
    assert _sanction(q, [rule, sanction]) is None  # a yes/no question: the polarity decides it


def test_a_quoted_term_asked_about_in_other_words_is_a_definition_question(store: GraphStore) -> None:
    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    for text in ("“三权分置”是哪三权？", "“双签协议”是咋回事？", "“四个不摘”是啥？"):
        q = understand(clean_question(text), lexicon, lexicon.corpus_text(), table=table)
        assert q.asks_definition, text


def test_a_share_stated_in_words_answers_a_question_of_its_ratio() -> None:
    half = sentence("至少一半以上的就业岗位要用于安排贫困劳动力。")
    assert _states_value(half, ("%",)) and not _states_value(half, ("元",))


def test_a_direct_answer_comes_from_a_sentence_stating_the_focus(store: GraphStore) -> None:
    """A sentence sharing only generic words with the question (focused=False) neither answers it nor outranks
    one stating its focus; when no sentence states the focus, the pipeline refuses citing the nearest."""
    from kb.answer.decide import decide

    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    q = understand(clean_question("安置房能租出去吗？"), lexicon, lexicon.corpus_text(), table=table)
    generic = scored(sentence("严格落实质量终身负责制。"), score=1.0)
    generic = Scored(*[getattr(generic, f) for f in generic.__dataclass_fields__][:-1], False)
    stating = scored(sentence("禁止私下租赁。", "prohibited", clause="一（二）"), score=0.8)
    decided = decide(q, [generic, stating])
    assert decided.answered and decided.sentences[0] == stating.sentence
    refused = decide(q, [generic])
    assert not refused.answered and refused.refuse_kind == "not_stated" and refused.nearest == generic.sentence


def test_only_a_sentence_stating_a_rare_topic_of_the_question_is_focused(store: GraphStore) -> None:
    from kb.answer.sentences import Provisions
    from kb.answer.topic_words import Topic

    provisions = Provisions(Lexicon(store), Repository(store))
    rare = Topic("宅基地", ("宅基地",))
    generic = Topic("搬迁", ("搬迁",))
    assert provisions.weight(generic.alternatives) < config()["thresholds"]["focus_weight"]
    assert provisions.weight(rare.alternatives) >= config()["thresholds"]["focus_weight"]
    out = provisions.score((generic, rare), {})
    assert any(not x.focused for x in out) and any(x.focused for x in out)
    assert all(x.focused == ("宅基地" in x.sentence.text) for x in out)


def test_a_word_naming_a_kind_of_provision_is_stated_by_the_provisions_of_that_kind(store: GraphStore) -> None:
    """目标 is never written in the documents: the graph's goal provisions state it (frames.yaml modality_words)."""
    from kb.answer.sentences import Provisions
    from kb.answer.topic_words import Topic

    provisions = Provisions(Lexicon(store), Repository(store))
    word = config()["modality_words"]["goal"][0]
    out = provisions.score((Topic(word, (word,)),), {})
    assert out and all(x.sentence.graph_modality == "goal" and x.focused for x in out)
    assert provisions.weight((word,)) >= config()["thresholds"]["focus_weight"]


def test_a_rare_action_alone_is_no_focus_when_the_question_names_a_rare_object(store: GraphStore) -> None:
    """能不能住公租房？ — a sentence stating only the action (推动…尽快入住) is not focused; one stating the object
    is. An action stated under a clause that states the object (禁止私下交易、租赁 of the 安置房 clause) is."""
    from kb.answer.sentences import Provisions
    from kb.answer.topic_words import Topic

    provisions = Provisions(Lexicon(store), Repository(store))
    rows = {row[0]: row for row in topic_table(tuple(Repository(store).topics()))}
    live = next(Topic(w, tuple(r[1]), weak=True) for w, r in rows.items() if w == "住")
    flat = Topic("租房", ("租房",))
    out = provisions.score((live, flat), {})
    assert all(x.focused == ("租房" in x.sentence.text) for x in out)
    rent = next(Topic(w, tuple(r[1]), weak=True) for w, r in rows.items() if w == "租")
    house = next(Topic(w, tuple(r[1])) for w, r in rows.items() if w == "安置房")
    banned = [x for x in provisions.score((house, rent), {}) if x.sentence.modality == "prohibited"]
    assert any(x.focused and not any(a in x.sentence.text for a in house.alternatives) for x in banned)
