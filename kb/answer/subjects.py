"""A question that names the department a provision sentence is about (宣传部门在安置社区要干哪些事？): the
sentences whose subject is that department (宣传部门负责…) answer it, and the department is the answer's.

Which department a sentence is about is the graph's fact (its duty actors, kb.graph.responsibility): this module
only matches the question against the names the model gives (Sentence.subjects)."""

from __future__ import annotations

from collections.abc import Sequence

from kb.answer.lexicon import config
from kb.answer.sentences import Scored, Sentence


def named(question: str, s: Sentence) -> str:
    """The sentence's subject department the question names (扶贫部门 of 发展改革和扶贫部门负责…), else ''."""
    return next((name for name in s.subjects if name in question), "")


def subject_sentences(question: str, scored: list[Scored]) -> tuple[Sentence, ...]:
    """The sentences about the department the question names, best first."""
    limit = config()["thresholds"]["max_list"]
    return tuple(dict.fromkeys(x.sentence for x in scored if named(question, x.sentence)))[:limit]


def assigned(forms: list[tuple[str, ...]], sentences: Sequence[Sentence]) -> Sentence | None:
    """合作社的技术培训谁来管？ — the one sentence of a clause whose subject is a department and that states every
    form the question asks about (县级林草主管部门加强对合作社的技术培训和指导), else None: the task is that
    department's, whoever leads the clause's measure."""
    if not forms:
        return None
    stating = [s for s in sentences if s.subjects and all(any(f in s.text for f in fs) for fs in forms)]
    return stating[0] if len(stating) == 1 else None
