"""How a who question's words meet a measure's or a duty statement's text (kb/answer/compose.py answer_who): the
bigrams of its own words (none across two words), its topics counted in any of their forms, and the words of a
follow-up the last measure never writes."""

from __future__ import annotations

from kb.answer.lexicon import Lexicon, bigrams, config
from kb.answer.understand import Question


def word_grams(u: Question) -> frozenset[str]:
    """The bigrams of the question's topics and words, not those across two words (的开 of 公益岗位的开发)."""
    return frozenset(g for w in (*(t.written for t in u.topics), *u.words, *u.inherited_words) for g in bigrams(w))


def stated(u: Question, text: str) -> frozenset[str]:
    """The bigrams of the question's topics the text writes in another of their forms (公益岗位 asked, 公益性岗位
    written: 益岗 is not missed)."""
    forms = [(t.written, *t.alternatives) for t in u.topics]
    return frozenset(g for f in forms if any(a in text for a in f[1:]) for g in bigrams(f[0]))


def new_words(u: Question, lx: Lexicon, key: str) -> list[str]:
    """The follow-up's own words (not its levels) that the previous measure's clause never writes: 那学校呢？ after
    安置区配套设施…谁牵头？ asks who leads for schools, not the previous measure again."""
    levels = "".join(w for ws in config()["level_words"].values() for w in ws)
    text = lx.measure_by_clause[key].title + lx.clauses[key].text
    return [w for w in u.words if not set(w) <= set(levels) and w not in text]
