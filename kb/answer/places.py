"""Part of stage 4, *decide*, for a where question (设在哪？ 建在哪？): the sentences stating the place of the asked
thing (frames.yaml where); none, and the question is refused citing the nearest provision."""

from __future__ import annotations

import re
from functools import cache

from kb.answer.lexicon import config
from kb.answer.question import Question
from kb.answer.sentences import Scored


@cache
def _place_res() -> tuple[re.Pattern[str], ...]:
    cfg = config()["where"]
    places = "|".join(re.escape(w) for w in sorted(cfg["place_words"], key=len, reverse=True))
    return tuple(re.compile(p.replace("{places}", places)) for p in cfg["place_patterns"])


def asked_forms(q: Question) -> tuple[str, ...]:
    """The question's own topics (with the documents' words for them) and its other words."""
    topics = [f for t in q.own_topics for f in (t.written, *t.alternatives)]
    return tuple(dict.fromkeys([*topics, *q.words]))


def states_place(text: str, forms: tuple[str, ...]) -> bool:
    """A part of the sentence writes an asked word and states a place (设在…, 在…设立, 中心村建…)."""
    parts = re.split(config()["where"]["part_marks"], text)
    return any(any(f in part for f in forms) and any(r.search(part) for r in _place_res()) for part in parts)


def placed(q: Question, good: list[Scored]) -> list[Scored]:
    """The sentences stating enough of the question that state the place of what it asks, best first."""
    forms = asked_forms(q)
    return [x for x in good if states_place(x.sentence.text, forms)]
