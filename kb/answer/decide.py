"""Stage 4, *decide*: does a provision state what is asked? The question's topics must be stated by the
sentence (or, with less weight, by its clause: a topic the provision is linked to); a period question needs
a sentence stating a period, a how-much question a value in the asked unit, a yes/no question a sentence
with a modality. Below the threshold the pipeline abstains. The yes/no comes from the question's frame ×
the sentence's modality × the negation or contradiction of the asked action."""

from __future__ import annotations

from dataclasses import dataclass

from kb.answer.lexicon import config
from kb.answer.sentences import VALUE_RE, Scored, Sentence
from kb.answer.understand import Question

PROVISION_FRAMES = ("list", "must", "loss", "keep", "yes_no", "period", "quantity", "what", "open")


@dataclass(frozen=True)
class Decision:
    answered: bool
    sentences: tuple[Sentence, ...] = ()  # the deciding sentence(s), first is the main one
    extra: tuple[Sentence, ...] = ()  # sentences for a secondary frame (the period of a must question)
    polarity: str | None = None  # yes | no
    refuse_kind: str | None = None  # amount | not_stated | unrelated | undefined_term
    nearest: Sentence | None = None
    term: str = ""  # the undefined term


def polarity(asks: str | None, scored: Scored) -> str | None:
    """yes / no from what the question asks (may, must, loss) and what the sentence states."""
    modality = scored.sentence.modality
    flip = scored.contradicted or scored.negated
    if asks is None or modality is None:
        return None
    if asks == "loss":
        if any(w in scored.sentence.text for w in config()["loss_statements"]):
            return "no" if flip else "yes"
        return "yes" if flip else "no"
    if asks == "must":
        if modality == "obliged":
            return "no" if flip else "yes"
        if modality == "prohibited":
            return "yes" if flip else "no"
        return "no" if modality == "permitted" else None
    # may
    if modality == "prohibited":
        return "yes" if flip else "no"
    return "no" if flip else "yes"


def _states_value(s: Sentence, units: tuple[str, ...]) -> bool:
    values = VALUE_RE.findall(s.text)
    if not units:
        return bool(values)
    return any(any(v.rstrip("以上下内").endswith(u) or u in v for u in units) for v in values)


def decide(q: Question, scored: list[Scored]) -> Decision:
    th = config()["thresholds"]
    good = [x for x in scored if x.coverage >= th["min_focus"]]
    nearest = scored[0].sentence if scored else None
    if not good:
        return Decision(False, refuse_kind=_missing_kind(q), nearest=nearest)
    frames = q.frames
    frame = q.frame if q.frame in PROVISION_FRAMES else "open"
    if frame in ("period", "quantity") or (frame == "open" and q.units):
        stated = [x for x in good if x.direct >= th["min_focus"]]
        wanted = [x for x in stated if (x.sentence.periods if frame == "period" else _states_value(x.sentence, q.units))]
        if not wanted:
            kind = "amount" if "元" in q.units else "not_stated"
            return Decision(False, refuse_kind=kind, nearest=good[0].sentence)
        return Decision(True, (wanted[0].sentence,))
    if frame in ("must", "loss", "keep", "yes_no"):
        preferred = config()["preferred_modality"].get(q.asks or "", [])
        decided = (
            [x for x in good if x.sentence.modality in preferred]
            or [x for x in good if x.sentence.modality is not None]
            or good
        )
        best = decided[0]
        extra: tuple[Sentence, ...] = ()
        if "period" in frames:
            timed = [x for x in good if x.sentence.periods and x.sentence.key == best.sentence.key]
            timed = timed or [x for x in good if x.sentence.periods]
            if timed and timed[0].sentence != best.sentence:
                extra = (timed[0].sentence,)
        return Decision(True, (best.sentence,), extra, polarity(q.asks, best))
    if frame == "list":
        top = good[0]
        same = [
            x.sentence
            for x in good
            if x.direct >= th["min_focus"] and (x.score >= top.score - th["margin"] or x.sentence.key == top.sentence.key)
        ] or [top.sentence]
        return Decision(True, tuple(same[: th["max_list"]]))
    if frame == "what" and (q.topics or q.words):
        term = _quoted_term(q, good[0].sentence)
        if term and not _defines(term, good[0].sentence):
            return Decision(False, refuse_kind="undefined_term", nearest=good[0].sentence, term=term)
    return Decision(True, (good[0].sentence,))


def _missing_kind(q: Question) -> str:
    if q.frame in ("quantity",) and "元" in q.units:
        return "amount"
    return "unrelated" if not q.has_topic else "not_stated"


def _quoted_term(q: Question, s: Sentence) -> str:
    """The “term” of the sentence that the question asks about, when the question asks what it means."""
    import re

    for term in re.findall(r"“([^”]{2,12})”", s.text):
        plain = term.replace("、", "").replace("，", "")
        if plain in q.text.replace("、", "").replace("，", "") or term in q.text:
            return term
    return ""


def _defines(term: str, s: Sentence) -> bool:
    """The sentence spells the term out: an enumeration (、 or 与) right before it, or the term heads a clause
    whose text lists what it means."""
    before = s.text.split(f"“{term}”")[0]
    span = before.rsplit("，", 1)[-1]
    if "、" in span or "与" in span:
        return True
    return term in s.clause_title
