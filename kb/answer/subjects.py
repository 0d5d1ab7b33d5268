"""A question that names the department a provision sentence is about (宣传部门在安置社区要干哪些事？): the
sentences whose subject is that department (宣传部门负责…) answer it, and the department is the answer's."""

from __future__ import annotations

import re

from kb.answer.lexicon import config
from kb.answer.sentences import Scored, Sentence

MAX_SUBJECT_CHARS = 12  # a subject longer than this is a clause, not a department's name
CLAUSE_MARK_RE = re.compile(config()["patterns"]["clause_marks"])


def subject(s: Sentence) -> str:
    """The department a sentence starts with (住建部门 of 住建部门负责指导…), or ''."""
    at = [s.text.find(m) for m in config()["subject_marks"] if 0 < s.text.find(m) <= MAX_SUBJECT_CHARS]
    if not at:
        return ""
    name = s.text[: min(at)]
    if CLAUSE_MARK_RE.search(name):
        return ""  # 加快修路，交通部门负责…: the department is not what the sentence is about
    return name if name.endswith(tuple(config()["department_suffixes"])) else ""


def named(question: str, s: Sentence) -> str:
    """The sentence's subject department, when the question names it (or its last conjunct: 扶贫部门 of
    发展改革和扶贫部门), else ''."""
    name = subject(s)
    if not name:
        return ""
    last = name
    for mark in config()["coordination_marks"]:
        last = last.split(mark)[-1]
    return name if name in question or (len(last) > 2 and last in question) else ""


def subject_sentences(question: str, scored: list[Scored]) -> tuple[Sentence, ...]:
    """The sentences about the department the question names, best first."""
    limit = config()["thresholds"]["max_list"]
    return tuple(dict.fromkeys(x.sentence for x in scored if named(question, x.sentence)))[:limit]
