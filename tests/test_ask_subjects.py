"""The department a provision sentence is about (kb/answer/subjects.py): the graph's duty actors, matched
against the question; synthetic sentences for the matching, the real graph for where the names come from."""

from __future__ import annotations

import pytest

from kb.answer.lexicon import Lexicon
from kb.answer.sentences import Provisions, Scored, Sentence
from kb.answer.subjects import named, subject_sentences
from kb.graph.store import GraphStore
from kb.model import Repository

pytestmark = pytest.mark.unit


def sentence(text: str, index: int = 1, subjects: tuple[str, ...] = ()) -> Sentence:
    return Sentence("文号", "一（一）", index, text, "obliged", "", "", subjects=subjects)


def scored(s: Sentence) -> Scored:
    return Scored(s, 1.0, 1.0, 1.0, False, False)


def test_named_by_the_question_one_of_the_coordinated_departments() -> None:
    s = sentence("规划和交通部门负责修路。", subjects=("规划部门", "交通部门"))
    assert named("交通部门管什么？", s) == "交通部门"
    assert named("环保部门管什么？", s) == ""
    assert named("交通部门管什么？", sentence("交通部门负责修路。")) == ""  # no subject in the model: none


def test_subject_sentences_keep_only_the_named_department() -> None:
    a = sentence("交通部门负责修路。", 1, ("交通部门",))
    b = sentence("卫生部门负责防疫。", 2, ("卫生部门",))
    assert subject_sentences("交通部门要做哪些事？", [scored(b), scored(a)]) == (a,)
    assert subject_sentences("修路的事有哪些？", [scored(a), scored(b)]) == ()


def test_subjects_come_from_the_graphs_duties(store: GraphStore) -> None:
    provisions = Provisions(Lexicon(store), Repository(store))
    by_start = {s.text[:8]: s.subjects for s in provisions.sentences}
    assert by_start["宣传部门负责安置社区"[:8]] == ("宣传部门",)
    assert set(by_start["发展改革和扶贫部门负责"[:8]]) == {"发展改革部门", "扶贫部门"}
    assert "扶贫开发投资公司" in by_start["扶贫开发投资公司加强"[:8]]  # the sentence's addressee
    assert not any(s.subjects for s in provisions.sentences if s.text.startswith("加快"))  # no subject first


def test_two_departments_asked_together_both_answered(store: GraphStore) -> None:
    from kb.answer.compose import answer_duties
    from kb.answer.understand import clean_question, topic_table, understand

    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    q = understand(
        clean_question("省发展改革委、省扶贫办牵头的是哪几条？"), lexicon, lexicon.corpus_text(), table=table
    )
    answer = answer_duties(q, lexicon, [], None)
    assert answer is not None
    names = {d["name"] for d in answer.departments}
    assert {"省发展改革委", "省扶贫办"} <= names
