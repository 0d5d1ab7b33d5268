"""Questions asking where or how to do something need a sentence stating such a means."""

from __future__ import annotations

import pytest

from kb.answer.means import asks_means, stating_means
from kb.answer.sentences import Scored, Sentence
from kb.answer.service import AskService
from kb.graph.store import GraphStore


def scored(text: str) -> Scored:
    return Scored(Sentence("文号", "一（一）", 1, text, None, "", ""), 1.0, 1.0, 1.0, False, False, True, False)


@pytest.mark.parametrize(
    "question", ["不动产权证去哪儿办？", "找哪个窗口？", "公租房咋申请？", "要交哪些材料？", "培训去哪报名？"]
)
def test_a_question_asking_where_or_how_to_apply_asks_a_means(question: str) -> None:
    assert asks_means(question)


@pytest.mark.parametrize("question", ["安置区有啥服务窗口？", "增收致富是到哪一年？", "公租房有多少套？"])
def test_other_questions_ask_no_means(question: str) -> None:
    assert not asks_means(question)


def test_only_a_sentence_stating_a_means_answers_a_means_question() -> None:
    named = scored("采取配建公租房等方式，妥善安置老年人。")
    window = scored("设立户籍管理、就业等公共服务窗口。")
    assert stating_means("公租房咋申请？", [named, window]) == [window]
    assert stating_means("公租房有多少套？", [named]) == [named]


def test_a_question_asking_which_benefit_needs_a_sentence_naming_that_kind_of_benefit() -> None:
    rated = scored("开展五星级家庭评选，形成文明节俭的好风尚。")
    rewarded = scored("对规定时间内搬迁的农户给予一定的物质和精神奖励。")
    assert stating_means("评上五星级家庭，有啥奖励？", [rated]) == []
    assert stating_means("按时搬了有什么奖励？", [rated, rewarded]) == [rewarded]
    assert stating_means("五星级家庭是怎么评的？", [rated]) == [rated]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "安置区的公租房咋申请？要交哪些材料？",
        "不动产权证去哪儿办？找哪个窗口？",
        "电商培训在哪报名？",
        "评上五星级家庭，有啥奖励？",
    ],
)
def test_a_means_the_documents_do_not_state_is_refused(store: GraphStore, question: str) -> None:
    assert not AskService(store).ask(question).answered
