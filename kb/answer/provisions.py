"""Stage 5, *compose*, for answers a provision sentence decides: the direct answer first in plain words (yes/no
with the sentence's condition, the value, the whole list), then the quoted provision(s) and citations."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kb.answer.compose import Hit, citations, measure_departments, role_code
from kb.answer.decision import Decision
from kb.answer.lexicon import Lexicon, config
from kb.answer.parts import Cut, deciding_cut, nearness
from kb.answer.periods import asks_period
from kb.answer.polarity import restricts
from kb.answer.result import Answer, Turn
from kb.answer.sentences import PERIOD_RE, VALUE_RE, Sentence, asked_period_kind, period_kind
from kb.answer.subjects import named
from kb.answer.understand import Question
from kb.messages import catalogue, msg

POLARITY_KEYS = {("may", "yes"): "may_yes", ("may", "no"): "may_no", ("must", "yes"): "must_yes"}
POLARITY_KEYS |= {("must", "no"): "must_no", ("loss", "yes"): "loss_yes", ("loss", "no"): "loss_no"}
POLARITY_KEYS |= {("keep", "yes"): "keep_yes", ("keep", "no"): "keep_no"}


def head(q: Question, decision: Decision, cut: Cut | None = None) -> str:
    """The first sentence: 可以。/ 不可以。/ 需要。/ 不会。 with the condition the sentence states
    (原则上20年内不可以。); a kept right the deciding part names, in its words (不会，宅基地保持不变。)."""
    if decision.polarity is None or q.asks is None:
        return ""
    key = POLARITY_KEYS[(q.asks, decision.polarity)]
    if key == "keep_yes" and decision.sentences[0].modality != "kept":
        key = "may_yes"  # kept only when the provision says it stays
    restriction = restricts(q)
    if restriction:  # 受不受限制？ is answered 受限制 / 不受限制, not 可以 / 不可以
        key = f"limit_{decision.polarity}"
    text = msg(f"answer.polarity.{key}")
    main = decision.sentences[0]
    if main.modality == "prohibited" and q.asks == "may" and decision.polarity != ("yes" if restriction else "no"):
        return text  # the exception (依法继承的除外): the prohibition's condition and period do not bound it
    condition = ""
    if any(c in main.text for c in config()["conditions"][:1]):
        condition = config()["conditions"][0]
    if main.modality == "prohibited" and q.asks == "may":
        periods = [p for p in main.periods if p.endswith(config()["within_suffix"])]
        condition += periods[0] if periods else ""
    if condition:
        return msg("answer.qualified", condition=condition, polarity=text.rstrip(config()["patterns"]["full_stop"]))
    return naming(key, cut) or text


def naming(key: str, cut: Cut | None) -> str:
    """是的，低保保持不变。 — the answer word of the polarity with what the deciding part keeps, when the part
    names the asked object and ends by keeping it; else ""."""
    word = f"answer.polarity_word.{key}"
    if cut is None or not cut.named or not cut.statement or word not in catalogue():
        return ""
    return msg("answer.named", word=msg(word), object=msg("answer.list_sep").join(cut.named), statement=cut.statement)


def value_part(q: Question, s: Sentence, period: bool = False) -> str:
    """The part of the sentence (between commas) that states the asked period (``period``: of a must question) or
    value."""
    pattern = PERIOD_RE if q.frame == "period" or period else VALUE_RE
    marks = config()["patterns"]
    parts = [p for p in re.split(marks["clause_marks"], s.text.rstrip(marks["sentence_tail"])) if p]  # ，or ,
    stating = [i for i, part in enumerate(parts) if pattern.search(part)]
    if not stating:
        return s.text.rstrip(marks["sentence_tail"])
    cues = {c for kind in config()["period_kinds"].values() for c in kind}  # 一次 of 多久开一次 asks, names nothing
    near = [(f, w) for f, w, _ in nearness(q) if not cues & set(f)]
    asked = asked_period_kind(q.text) if q.frame == "period" else None

    def fits(j: int) -> bool:
        return asked is None or any(period_kind(p) == asked for p in PERIOD_RE.findall(parts[j]))

    def about(j: int) -> float:  # all the asked words the part states (通报 and 奖惩: 每月通报兑现奖惩)
        return sum(w for alternatives, w in near if any(a in parts[j] for a in alternatives))

    # the part stating the asked kind of period, about the topic the question asks it of
    i = max(stating, key=lambda j: (fits(j), about(j), -j))
    prefix = parts[i - 1] + marks["clause_mark"] if i and len(parts[i - 1]) <= 4 else ""  # 原则上，
    return prefix + parts[i]


def compose(q: Question, decision: Decision, lx: Lexicon, hits: Sequence[Hit]) -> Answer:
    main = decision.sentences[0]
    lines: list[str] = []
    cuts: dict[Sentence, Cut | None] = {}
    if q.frame == "list" and len(decision.sentences) > 1:
        lines.append(msg("answer.list_head"))
        for i, s in enumerate(decision.sentences, start=1):
            lines.append(msg("answer.list_item", i=i, text=s.text, doc=s.doc, clause=s.clause))
    else:
        if q.asks is not None:  # a yes/no: the part of a long sentence that decides it first
            cuts = {s: deciding_cut(q, s) for s in decision.sentences}
        first = head(q, decision, cuts.get(main))
        timed = decision.extra or ((main,) if asks_period(q) and main.periods else ())
        carried = bool(first) and bool(timed) and q.frame not in ("period", "quantity")
        if q.frame in ("period", "quantity"):
            first = msg("answer.value", part=value_part(q, main))
        elif carried:  # 非得拆不？多长时间拆？ — the period in the first sentence: 需要，原则上…6个月内…。
            part = value_part(q, timed[0], True).replace(config()["patterns"]["clause_mark"], "", 1)
            said = next((c for c in config()["conditions"] if c in first and part.startswith(c)), "")
            part = part[len(said) :]  # 需要（原则上）， not again 原则上
            first = msg("answer.with_value", polarity=first.rstrip(config()["patterns"]["full_stop"]), part=part)
        lines.append(first + msg("answer.quote", text=quoted(main, cuts)))
        if q.frame in ("what", "open", "list") or q.asks is not None:  # the clause's other sentences on the topic
            lines += [msg("answer.quote_more", text=quoted(s, cuts)) for s in decision.sentences[1:]]
        for s in decision.extra:  # its period is said first already, or else before its quote
            said = "" if carried else msg("answer.value", part=value_part(q, s))
            lines.append(said + msg("answer.quote_more", text=s.text))
    if q.asks is not None and _households(q, decision):  # a yes/no about a household: where its case is checked
        lines.append(msg("answer.entitle_hint"))
    keys = [s.key for s in (*decision.sentences, *decision.extra)]
    limit = max(config()["thresholds"]["max_citations"], len(dict.fromkeys(keys)))
    provisions = [*decision.sentences, *decision.extra]
    shown = [s.to_json() for s in provisions]
    for row, s in zip(shown, provisions, strict=True):  # the full sentence stays in text; the part quoted, added
        cut = cuts.get(s)
        if cut is not None:
            row["quoted"] = cut.text
    intent = q.intent
    return Answer(
        q.question,
        True,
        intent,
        "".join(lines) if len(lines) <= 2 and q.frame != "list" else "\n".join(lines),
        departments=_departments(q, decision, lx),
        citations=citations(lx, keys, hits, limit=limit),
        turn=Turn(intent, clause=main.key, frame=q.frame, topics=q.topics, clauses=tuple(dict.fromkeys(keys))),
        polarity=decision.polarity,
        provisions=shown,
    )


def quoted(s: Sentence, cuts: dict[Sentence, Cut | None]) -> str:
    """The sentence as quoted: its deciding part(s) when it has them, else whole."""
    cut = cuts.get(s)
    return cut.text if cut is not None else s.text


def _households(q: Question, decision: Decision) -> bool:
    """The yes/no is about the asker's household: the question names an entitlement, or the deciding provision
    keeps a right or is addressed to residents (frames.yaml household_targets), not a county's quota."""
    main = decision.sentences[0]
    targets = config()["household_targets"]
    return bool(q.of_kind("entitlement")) or main.modality == "kept" or any(t in targets for t in main.targets)


def _departments(q: Question, decision: Decision, lx: Lexicon) -> list[dict[str, str]]:
    """The measure's departments, and first the department the question names as a quoted sentence's subject."""
    out = [
        {"name": n, "role": role_code("responsible")}
        for n in dict.fromkeys(named(q.text, s) for s in decision.sentences)
        if n
    ]
    return out + [d for d in measure_departments(lx, decision.sentences[0].key) if d not in out]
