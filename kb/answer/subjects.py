"""A question that names the department a provision sentence is about (宣传部门在安置社区要干哪些事？): the
sentences whose subject is that department (宣传部门负责…) answer it, and the department is the answer's.

Which department a sentence is about is the graph's fact (its duty actors, kb.graph.responsibility): this module
only matches the question against the names the model gives (Sentence.subjects)."""

from __future__ import annotations

from kb.answer.lexicon import config
from kb.answer.sentences import Scored, Sentence


def named(question: str, s: Sentence) -> str:
    """The sentence's subject department the question names (扶贫部门 of 发展改革和扶贫部门负责…), else ''."""
    return next((name for name in s.subjects if name in question), "")


def subject_sentences(question: str, scored: list[Scored]) -> tuple[Sentence, ...]:
    """The sentences about the department the question names, best first."""
    limit = config()["thresholds"]["max_list"]
    return tuple(dict.fromkeys(x.sentence for x in scored if named(question, x.sentence)))[:limit]
