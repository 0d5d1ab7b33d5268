"""Stage 5, *compose*, for answers a provision sentence decides: the direct answer first in plain words (yes/no
with the sentence's condition, the value, the whole list), then the quoted provision(s) and citations."""

from __future__ import annotations

from collections.abc import Sequence

from kb.answer.compose import Hit, citations, measure_departments
from kb.answer.decide import Decision
from kb.answer.lexicon import Lexicon, config
from kb.answer.result import Answer, Turn
from kb.answer.sentences import PERIOD_RE, VALUE_RE, Sentence
from kb.answer.understand import Question
from kb.messages import msg

POLARITY_KEYS = {("may", "yes"): "may_yes", ("may", "no"): "may_no", ("must", "yes"): "must_yes"}
POLARITY_KEYS |= {("must", "no"): "must_no", ("loss", "yes"): "loss_yes", ("loss", "no"): "loss_no"}
POLARITY_KEYS |= {("keep", "yes"): "keep_yes", ("keep", "no"): "keep_no"}


def head(q: Question, decision: Decision) -> str:
    """The first sentence: 可以。/ 不可以。/ 需要。/ 不会。 with the condition the sentence states
    (原则上20年内不可以。)."""
    if decision.polarity is None or q.asks is None:
        return ""
    key = POLARITY_KEYS[(q.asks, decision.polarity)]
    if key == "keep_yes" and decision.sentences[0].modality != "kept":
        key = "may_yes"  # kept only when the provision says it stays
    text = msg(f"answer.polarity.{key}")
    main = decision.sentences[0]
    condition = ""
    if any(c in main.text for c in config()["conditions"][:1]):
        condition = config()["conditions"][0]
    if main.modality == "prohibited" and q.asks == "may":
        periods = [p for p in main.periods if p.endswith(config()["within_suffix"])]
        condition += periods[0] if periods else ""
    return (
        msg("answer.qualified", condition=condition, polarity=text.rstrip(config()["patterns"]["full_stop"]))
        if condition
        else text
    )


def value_part(q: Question, s: Sentence) -> str:
    """The part of the sentence (between commas) that states the asked period or value."""
    pattern = PERIOD_RE if q.frame == "period" else VALUE_RE
    marks = config()["patterns"]
    parts = [p for p in s.text.rstrip(marks["sentence_tail"]).split(marks["clause_mark"]) if p]
    stating = [i for i, part in enumerate(parts) if pattern.search(part)]
    if not stating:
        return s.text.rstrip(marks["sentence_tail"])
    words = [a for t in q.topics for a in t.alternatives] + list(q.words)
    i = max(stating, key=lambda j: (sum(w in parts[j] for w in words), -j))  # the part about the asked topic
    prefix = parts[i - 1] + marks["clause_mark"] if i and len(parts[i - 1]) <= 4 else ""  # 原则上，
    return prefix + parts[i]


def compose(q: Question, decision: Decision, lx: Lexicon, hits: Sequence[Hit]) -> Answer:
    main = decision.sentences[0]
    lines: list[str] = []
    if q.frame == "list" and len(decision.sentences) > 1:
        lines.append(msg("answer.list_head"))
        for i, s in enumerate(decision.sentences, start=1):
            lines.append(msg("answer.list_item", i=i, text=s.text, doc=s.doc, clause=s.clause))
    else:
        first = head(q, decision)
        if q.frame in ("period", "quantity"):
            first = msg("answer.value", part=value_part(q, main))
        lines.append(first + msg("answer.quote", text=main.text))
        if q.frame in ("what", "open", "list"):  # the other sentences of the clause that state the topic
            lines += [msg("answer.quote_more", text=s.text) for s in decision.sentences[1:]]
        for s in decision.extra:
            lines.append(msg("answer.value", part=value_part(q, s)) + msg("answer.quote_more", text=s.text))
    if q.asks is not None:  # a yes/no about a household: where its own case is checked
        lines.append(msg("answer.entitle_hint"))
    keys = [s.key for s in (*decision.sentences, *decision.extra)]
    limit = max(config()["thresholds"]["max_citations"], len(dict.fromkeys(keys)))
    provisions = [*decision.sentences, *decision.extra]
    intent = q.intent
    return Answer(
        q.question,
        True,
        intent,
        "".join(lines) if len(lines) <= 2 and q.frame != "list" else "\n".join(lines),
        departments=measure_departments(lx, main.key),
        citations=citations(lx, keys, hits, limit=limit),
        turn=Turn(intent, clause=main.key, frame=q.frame, topics=q.topics, clauses=tuple(dict.fromkeys(keys))),
        polarity=decision.polarity,
        provisions=[s.to_json() for s in provisions],
    )
