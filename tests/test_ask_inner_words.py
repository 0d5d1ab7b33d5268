"""A short action written inside a longer word that means something else is no topic (kb/answer/inner_words.py)."""

from __future__ import annotations

from kb.answer.frame_cues import strip_cues
from kb.answer.inner_words import outside_words
from kb.answer.topic_words import find_topics, topic_table

CORPUS = "采取直系亲属合户安置、配建公租房等方式。禁止私下交易、租赁。"


def _topics(question: str) -> list[str]:
    text = strip_cues(question)
    return [t.written for t in outside_words(find_topics(text, topic_table()), text, CORPUS)]


def test_action_inside_a_term_of_the_documents_is_no_topic() -> None:
    assert "租" not in _topics("搬迁户可以申请公租房吗？")


def test_action_inside_a_noun_is_no_topic() -> None:
    assert "租" not in _topics("安置房能收房租吗？")
    assert "住" not in _topics("住房补贴有吗？")


def test_the_action_itself_stays() -> None:
    assert "租" in _topics("安置房能租给别人不？")
    assert "租" in _topics("俺想把安置房租了行不？")  # 房租 crosses 安置房
    assert "出租" in _topics("安置房能出租吗？")
    assert "租出去" in _topics("房子能租出去吗？")
    assert "住" in _topics("搬迁后能不能再回老家住？")
