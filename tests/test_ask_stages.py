"""The answer pipeline's stages one by one, without the embedding model: the shared normaliser, the question
frame, polarity from frame × modality × negation, the grounding check, follow-up resolution, refusal
wording from the catalogue and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb.answer.decide import Decision, polarity
from kb.answer.followup import resolve
from kb.answer.grounding import Checker
from kb.answer.lexicon import Lexicon
from kb.answer.result import Answer, Citation, Turn
from kb.answer.sentences import Provisions, Scored, Sentence
from kb.answer.understand import Question, clean_question, topic_table, understand
from kb.corpus import Document
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore
from kb.model import Repository
from kb.normalise import normalise
from kb.search.searcher import validate_query

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lexicon(store: GraphStore) -> Lexicon:
    return Lexicon(store)


@pytest.fixture(scope="module")
def table(store: GraphStore) -> tuple:
    return topic_table(tuple(Repository(store).topics()))


def ask(text: str, lexicon: Lexicon, table: tuple) -> Question:
    return understand(clean_question(text), lexicon, lexicon.corpus_text(), table=table)


# ------------------------------------------------------------------ normalise (shared by ask, search, graph)
def test_normalise_folds_width_script_markup_and_numbers() -> None:
    assert normalise("搬遷後補貼<b>會不會</b>取消?") == "搬迁后补贴会不会取消？"
    assert normalise("晋政办发[2019]57号 六(四)") == "晋政办发〔2019〕57号六（四）"
    assert normalise("  ２０２０ 年 ") == "2020年"


def test_search_and_graph_queries_use_the_same_normaliser(policy: PolicyQueries) -> None:
    assert validate_query("護林員搬遷") == "护林员搬迁"
    assert [m.clause for m in policy.who("護林員")] == [m.clause for m in policy.who("护林员")]
    assert policy.duties("省林草局").items == policy.duties("省林草局 ").items


# ------------------------------------------------------------------ understand
@pytest.mark.parametrize(
    ("question", "frame", "asks"),
    [
        ("安置房能不能租出去？", "yes_no", "may"),
        ("俺家老宅子非得拆不？多长时间拆？", "must", "must"),
        ("搬遷後醫保會不會斷？", "loss", "loss"),
        ("旧房多久要拆掉？", "period", None),
        ("“双签协议”签的是哪两份？", "list", None),
        ("护林员的事由谁负责？", "who", None),
    ],
)
def test_the_frame_comes_from_the_cue_words(
    question: str, frame: str, asks: str | None, lexicon: Lexicon, table: tuple
) -> None:
    q = ask(question, lexicon, table)
    assert q.frame == frame and q.asks == asks


def test_dialect_and_typo_forms_become_the_documents_words(lexicon: Lexicon, table: tuple) -> None:
    q = ask("俺家宅机地还是俺家的不？", lexicon, table)
    assert any("宅基地" in t.alternatives for t in q.topics)
    assert "旧房" in [t.written for t in ask("老房子咋整？", lexicon, table).topics]


def test_money_questions_ask_for_an_amount_and_personal_cases_are_recognised(lexicon: Lexicon, table: tuple) -> None:
    q = ask("小额信贷的利率是多少？要不要利息？", lexicon, table)
    assert q.frame == "quantity" and "元" in q.units
    assert ask("我家的补贴到账没有？", lexicon, table).refuse_kind == "personal_case"
    assert ask("北京的安置房多少钱？", lexicon, table).refuse_kind == "other_region"
    assert ask("999号文对就业有哪些要求？", lexicon, table).refuse_kind == "other_document"
    assert ask("12号文对就业有哪些要求？", lexicon, table).refuse_kind is None  # one of the documents
    assert ask("我家5口人，护林员还能当吗？", lexicon, table).own_facts == ("我家5口人",)


# ------------------------------------------------------------------ decide: polarity
def sentence(modality: str | None, text: str = "") -> Sentence:
    return Sentence("文号", "一（一）", 1, text, modality, "", "")


@pytest.mark.parametrize(
    ("asks", "modality", "flip", "expected"),
    [
        ("may", "prohibited", False, "no"),
        ("may", "prohibited", True, "yes"),  # the asked action is the exception (依法继承的除外)
        ("may", "permitted", False, "yes"),
        ("may", "obliged", True, "no"),  # keep what must be demolished
        ("must", "obliged", False, "yes"),
        ("must", "permitted", False, "no"),
        ("loss", "kept", False, "no"),
    ],
)
def test_polarity_is_frame_times_modality_times_negation(asks: str, modality: str, flip: bool, expected: str) -> None:
    scored = Scored(sentence(modality), 1.0, 1.0, 1.0, contradicted=flip, negated=False)
    assert polarity(asks, scored) == expected


def test_provisions_come_from_the_graph_with_a_modality(store: GraphStore, lexicon: Lexicon) -> None:
    provisions = Provisions(lexicon, Repository(store))
    assert provisions.sentences and all(s.key in lexicon.clauses for s in provisions.sentences)
    assert {s.modality for s in provisions.sentences} >= {"prohibited", "obliged", "permitted", "kept"}
    # the responsibility line of the 2020 document states no provision
    assert not any(s.text.startswith("（") and s.text.endswith("）") for s in provisions.sentences)


# ------------------------------------------------------------------ grounding
def test_a_number_or_department_not_in_the_cited_clause_is_caught(
    corpus: list[Document], store: GraphStore, lexicon: Lexicon
) -> None:
    check = Checker.from_rows(store.select("department_sources"), lexicon.documents).check
    clause = next(c for d in corpus for c in d.clauses if "6个月" in c.text)
    cited = [Citation(corpus[0].doc_number, clause.label, clause.text)]
    assert check(Answer("q", True, "fact", "6个月内拆除。", citations=cited)).ok
    bad = check(Answer("q", True, "fact", "10亿元，由省林草局负责。", citations=cited))
    assert not bad.ok and set(bad.missing) == {"10亿元", "省林草局"}
    # the scorer's rule: full-width digits, an alias of a department (省发改委), and refusals are checked too
    refusal = check(Answer("q", False, "out_of_scope", "听说能贷５万元，省发改委说的。", citations=cited))
    assert set(refusal.missing) == {"5万元", "省发改委"}


# ------------------------------------------------------------------ follow-ups
def test_a_followup_without_a_topic_inherits_the_last_answered_topic(lexicon: Lexicon, table: tuple) -> None:
    first = ask("搬进安置房以后老房子还能留着吗？", lexicon, table)
    turn = Turn("entitlement", clause="晋政办发〔2019〕57号 七（二）", frame=first.frame, topics=first.topics)
    second = resolve(ask("那最晚啥时候拆？", lexicon, table), turn)
    assert second.followup and second.frame == "period"
    assert {t.written for t in first.own_topics} <= {t.written for t in second.topics}


def test_a_followup_without_a_topic_inherits_the_last_questions_words(lexicon: Lexicon, table: tuple) -> None:
    first = ask("扶贫车间的岗位要留多少给贫困劳动力？", lexicon, table)
    clause = "晋政办发〔2019〕57号 三（二）"
    turn = Turn("fact", clause=clause, frame=first.frame, topics=first.topics, words=first.words)
    second = resolve(ask("这事谁牵头？", lexicon, table), turn)
    assert "岗位" in second.inherited_words and "岗位" in second.grams
    assert not resolve(ask("护林员谁管？", lexicon, table), turn).inherited_words  # a topic of its own


def test_a_question_with_its_own_topic_is_not_bent(lexicon: Lexicon, table: tuple) -> None:
    turn = Turn(
        "who",
        clause="晋脱贫攻坚组〔2020〕12号 三（十）",
        frame="who",
        topics=ask("护林员谁管？", lexicon, table).topics,
    )
    q = resolve(ask("扶贫车间招不招人，谁管这个？", lexicon, table), turn)
    assert not q.followup and "护林员" not in {t.written for t in q.topics}


def test_decision_is_immutable() -> None:
    with pytest.raises(AttributeError):
        Decision(True).answered = False  # type: ignore[misc]


# ------------------------------------------------------------------ words are data
def test_no_count_of_documents_is_written_into_the_wording() -> None:
    text = (ROOT / "kb" / "messages" / "answer.yaml").read_text(encoding="utf-8")
    assert "两份" not in text and "二份" not in text
    frames = yaml.safe_load((ROOT / "kb" / "answer" / "frames.yaml").read_text(encoding="utf-8"))
    assert set(frames["frames"]) >= {"yes_no", "must", "loss", "period", "quantity", "list", "who", "duties", "what"}


def test_a_refusal_with_nothing_answered_leaves_its_own_topic(lexicon: Lexicon, table: tuple) -> None:
    from kb.answer.followup import asked

    refused = ask("甘肃那边的安置房能卖不？", lexicon, table)
    turn = asked(refused, None)
    assert turn is not None and not turn.answered and not turn.clauses
    second = resolve(ask("那咱山西的呢？", lexicon, table), turn)
    assert second.followup and second.frame == refused.frame
    assert {t.written for t in refused.topics} <= {t.written for t in second.topics}  # the action goes along


def test_a_refusal_after_an_answer_keeps_the_answered_turn(lexicon: Lexicon, table: tuple) -> None:
    from kb.answer.followup import asked

    answered = Turn("entitlement", clause="晋政办发〔2019〕57号 七（二）", frame="period", topics=())
    assert asked(ask("拆旧奖补多少钱？", lexicon, table), answered) is answered


def test_a_followup_repeating_the_previous_action_keeps_the_previous_frame(lexicon: Lexicon, table: tuple) -> None:
    first = ask("旧房最晚多久拆？", lexicon, table)
    turn = Turn("fact", clause="晋政办发〔2019〕57号 七（二）", frame=first.frame, topics=first.topics)
    assert resolve(ask("拆完那块地呢？", lexicon, table), turn).frame == first.frame


def test_a_question_naming_only_the_previous_topic_leans_on_its_clauses(lexicon: Lexicon, table: tuple) -> None:
    first = ask("参加职业技能培训有补贴吗？", lexicon, table)
    turn = Turn(
        "entitlement",
        clause="晋政办发〔2019〕57号 三（五）",
        frame=first.frame,
        topics=first.topics,
        clauses=("晋政办发〔2019〕57号 三（五）",),
    )
    q = resolve(ask("都有啥补贴？", lexicon, table), turn)
    assert q.leans and not q.followup
    assert not resolve(ask("护林员都有哪些？", lexicon, table), turn).leans


def test_a_followup_changing_to_an_uncovered_subject_strays(lexicon: Lexicon, table: tuple) -> None:
    from kb.answer.service import AskService

    first = ask("搬迁户能贷小额信贷不？", lexicon, table)
    turn = Turn("entitlement", clause="晋脱贫攻坚组〔2020〕12号 六（十八）", frame=first.frame, topics=first.topics)
    assert AskService.strays(resolve(ask("明天天气咋样？", lexicon, table), turn), {"bm25": 0.0})
    assert not AskService.strays(resolve(ask("能贷几回？", lexicon, table), turn), {"bm25": 0.0})  # 贷 of 信贷
    assert not AskService.strays(resolve(ask("明天天气咋样？", lexicon, table), turn), {"bm25": 2.0})
