"""Stage 4, *decide*, for a period or value question (多久？ 什么时候？ 多少？): the sentence that states the asked
topic and a period (or a value in the asked unit). The topic is the sentence's own: the best sentence, when its
clause states the rest, a little less (not for money: the documents give few amounts, a near miss is a wrong
number); a period sentence may name one of the question's topic words the table writes in a single form (入住).
A period of the asked kind leads (多久 → 一年内, 什么时候前 → 年底前)."""

from __future__ import annotations

import re

from kb.answer.lexicon import config
from kb.answer.sentences import PERIOD_RE, VALUE_RE, Scored, Sentence, of_asked_kind, period_forms
from kb.answer.understand import Question


def states_value(s: Sentence, units: tuple[str, ...], question: str = "") -> bool:
    """The sentence states a value in an asked unit; an aggregate amount (10亿元, a province's quota) answers
    only a question that speaks of that scale (frames.yaml aggregate_units); 一半以上 is a share (unit_phrases)."""
    scales = config()["aggregate_units"]
    values = [
        v
        for v in VALUE_RE.findall(s.text)
        if not any(u in v and not any(m in question for m in marks) for u, marks in scales.items())
    ]
    if not units:
        return bool(values)
    return any(any(u in v or any(p in v for p in config()["unit_phrases"].get(u, ())) for u in units) for v in values)


def asks_period(q: Question) -> bool:
    """The question asks a period besides its frame: a period cue (非得拆不？多长时间拆？), or a must question that
    writes the period it asks about (是不是必须6月底前完成？ 非得半年内拆吗？)."""
    return "period" in q.frames or (q.asks == "must" and PERIOD_RE.search(q.text) is not None)


def timed_sentence(q: Question, best: Scored, good: list[Scored]) -> Sentence | None:
    """The period of a yes/no question asking one (asks_period): a sentence stating the period the question
    writes (必须年底前完成吗？ → 年底前, not 一年内), else one of the deciding sentence's clause, else the best one
    stating a period; None when the question asks none or no sentence states one."""
    if not asks_period(q):
        return None
    written = [f for p in PERIOD_RE.findall(q.text) for f in period_forms(p)]
    timed = [x for x in good if x.sentence.periods and any(f in x.sentence.text for f in written)]
    timed = timed or [x for x in good if x.sentence.periods and x.sentence.key == best.sentence.key]
    timed = timed or [x for x in good if x.sentence.periods]
    return timed[0].sentence if timed else None


def measured_from(s: Sentence, forms: tuple[str, ...]) -> bool:
    """The sentence's periods, in the parts naming the question's topic, are all written right after it with no
    topic after them (搬迁入住6个月内完成旧房拆除: six months from moving in, for the demolition): they are the
    periods of something else, counted from the topic, not the topic's own."""
    parts = [p for p in re.split(config()["patterns"]["clause_marks"], s.text) if any(f in p for f in forms)]
    timed = False
    for part in parts:
        for m in PERIOD_RE.finditer(part):
            timed = True
            after = part[m.end() :]
            if not part[: m.start()].endswith(forms) or any(f in after for f in forms):
                return False  # a period of the topic
    return timed


def _of_head(q: Question, scored: list[Scored], least: float) -> list[Scored]:
    """No sentence stating the whole topic states a period: the period sentences stating its head, the question's
    last topic (复垦 of 宅基地复垦多长时间？ → 一年内完成土地复垦), at least min_value_focus of the topic weight."""
    heads = [t for t in q.own_topics if not t.weak]
    if len(heads) < 2:
        return []
    forms = (heads[-1].written, *heads[-1].alternatives)
    return [
        x
        for x in scored
        if x.sentence.periods and x.direct >= least and any(f in x.sentence.text for f in forms)
        and not measured_from(x.sentence, forms)
    ]


def value_sentence(
    q: Question, frame: str, good: list[Scored], prefer: frozenset[str], scored: list[Scored] | None = None
) -> tuple[Sentence | None, str]:
    """The deciding sentence of a period or value question, or None and the refusal kind."""
    th = config()["thresholds"]
    period = frame == "period"
    if period:  # 搬迁入住什么时候完成？ is not answered by 搬迁入住6个月内完成旧房拆除
        forms = tuple(f for t in q.own_topics for f in dict.fromkeys((t.written, *t.alternatives)))
        good = [x for x in good if not (forms and measured_from(x.sentence, forms))]
        if not good:
            return None, "not_stated"
    least = th["min_focus"] if config()["money_unit"] in q.units else th["min_value_focus"]
    stated = [
        x
        for x in good
        if (x.states_main or (period and x.states_topic) or x.direct >= th["min_unnamed"])
        and (x.direct >= th["min_focus"] or ((x is good[0] or (period and x.sentence.periods)) and x.direct >= least))
    ]
    if period and q.followup and not any(not t.inherited for t in q.own_topics):
        stated = [x for x in good if x.sentence.key in prefer] + stated  # 它的期限是多久？ — the previous clause's
    wanted = [x for x in stated if (x.sentence.periods if period else states_value(x.sentence, q.units, q.text))]
    if stated and not q.followup:  # a follow-up asks of the previous clauses, whatever they state
        wanted = [x for x in wanted if x.direct >= stated[0].direct - th["value_gap"]]
    if not wanted and period and not q.followup:
        wanted = _of_head(q, scored or [], least)
    if not wanted:
        return None, "amount" if config()["money_unit"] in q.units else "not_stated"
    wanted = of_asked_kind(q.text, wanted) if period else wanted
    if not wanted:  # 多少年？ answered by no duration of the topic (only a calendar year 2020年)
        return None, "not_stated"
    return wanted[0].sentence, ""
