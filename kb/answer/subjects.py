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


def level_own(
    levels: Sequence[str], words: Sequence[str], sentences: Sequence[Sentence]
) -> tuple[Sentence, str] | None:
    """县里的林草部门对合作社得干些啥？ — when the question names a level (县里, 市级: frames.yaml level_words), the
    sentence whose subject department names that level and a word of the question besides it (县级林草主管部门…)
    states that level's own duty: the best of them (most of the question's other words stated) with that subject,
    else None."""
    level_words = config()["level_words"]
    marks = [w for level in levels for w in level_words.get(level, ())]
    all_marks = {w for ws in level_words.values() for w in ws}
    suffixes = tuple(config()["department_suffixes"])
    own = [w for w in words if w not in all_marks and w not in suffixes]  # 林草 of 县里的林草部门, not 部门
    best, best_said = None, -1
    for s in sentences:
        subject = next(
            (n for n in s.subjects if n.endswith(suffixes) and any(m in n for m in marks) and any(w in n for w in own)),
            "",
        )
        if not subject:
            continue
        said = sum(w in s.text for w in own if w not in subject)
        if said > best_said:
            best, best_said = (s, subject), said
    return best
