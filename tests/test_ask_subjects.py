"""The department a provision sentence is about (kb/answer/subjects.py), on synthetic sentences."""

from __future__ import annotations

import pytest

from kb.answer.sentences import Scored, Sentence
from kb.answer.subjects import named, subject, subject_sentences

pytestmark = pytest.mark.unit


def sentence(text: str, index: int = 1) -> Sentence:
    return Sentence("文号", "一（一）", index, text, "obliged", "", "")


def scored(s: Sentence) -> Scored:
    return Scored(s, 1.0, 1.0, 1.0, False, False)


def test_subject_is_a_department_before_the_mark() -> None:
    assert subject(sentence("交通部门负责修路和架桥。")) == "交通部门"
    assert subject(sentence("卫生部门要做好防疫。")) == "卫生部门"
    assert subject(sentence("加快修路，交通部门负责验收。")) == ""  # not the sentence's start
    assert subject(sentence("村委会负责登记。")) == ""  # not a department's name


def test_named_by_the_question_or_its_last_conjunct() -> None:
    s = sentence("规划和交通部门负责修路。")
    assert named("交通部门管什么？", s) == "规划和交通部门"
    assert named("环保部门管什么？", s) == ""


def test_subject_sentences_keep_only_the_named_department() -> None:
    a, b = sentence("交通部门负责修路。", 1), sentence("卫生部门负责防疫。", 2)
    assert subject_sentences("交通部门要做哪些事？", [scored(b), scored(a)]) == (a,)
    assert subject_sentences("修路的事有哪些？", [scored(a), scored(b)]) == ()
