"""A may or keep question whose asker says a condition of the grant is not met (考核没合格, 不符合条件) against a
sentence granting only under it (…年度考核合格的护林员优先续聘): the asked case is not the one granted, no. The
condition is what a part of the sentence writes before its first attribute mark (的) — the qualities of whom it
grants to; the words are frames.yaml denied_conditions."""

from __future__ import annotations

from kb.answer.lexicon import config
from kb.answer.parts import PART_END_RE
from kb.answer.sentences import Sentence
from kb.answer.understand import Question


def attributes(text: str) -> list[str]:
    """What each part of the sentence writes before its first attribute mark (符合条件、履职尽责、年度考核合格)."""
    mark = config()["denied_conditions"]["attribute_mark"]
    return [p.split(mark, 1)[0] for p in PART_END_RE.split(text) if mark in p]


def denied_condition(q: Question, s: Sentence) -> bool:
    """The question writes one of its words negated (没合格) that the sentence writes, not negated, in the condition
    of whom it grants to (年度考核合格的护林员)."""
    cfg = config()["denied_conditions"]
    negations = tuple(sorted(cfg["negations"], key=len, reverse=True))
    topics = [t.written for t in q.topics]
    words = [w for w in q.words if len(w) >= 2 and not any(w in t for t in topics)]  # not inside a topic (不动产权)
    things = [t.written for t in q.topics if not t.weak and not t.inherited]  # 没有就业意愿: a topic too
    denied = [w for w in (*words, *things) if any(n + w in q.text for n in negations)]
    plain = tuple(config()["negation_prefixes"])
    for part in attributes(s.text):
        for w in denied:
            at = part.find(w)
            if at >= 0 and not part[:at].endswith(plain):
                return True
    return False
