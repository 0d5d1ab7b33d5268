"""The yes/no of a decided question: the question's frame (may, must, loss, keep) × the sentence's modality ×
the negation, contradiction or exception of the asked action; which of several equally good sentences decides
it; and questions asking whether something is restricted (受不受限制？), whose yes is the restriction."""

from __future__ import annotations

import re

from kb.answer.inner_words import spans
from kb.answer.lexicon import config
from kb.answer.sentences import Scored, Sentence
from kb.answer.understand import Question

PART_END_RE = re.compile(config()["patterns"]["clause_marks"] + "|" + config()["patterns"]["sentence_end"])


def _cue_spans(q: Question) -> list[tuple[int, int]]:
    """Where the question's asking cues are written: (start, end) of each occurrence."""
    return [(m.start(), m.end()) for c in q.cues for m in re.finditer(re.escape(c), q.text)]


def restricts(q: Question) -> bool:
    """The question asks whether something is restricted (受不受限制？ 是否受限？ 有限制吗？): a restriction word
    next to the asking cue (not 在限制转让期内能否继承？, which asks whether one may inherit)."""
    if q.asks != "may":
        return False
    gap = config()["thresholds"]["restriction_gap"]
    cues = _cue_spans(q)
    words = [(m.start(), m.end()) for w in config()["restriction_words"] for m in re.finditer(w, q.text)]
    return any(-gap <= ws - ce <= gap or -gap <= cs - we <= gap for ws, we in words for cs, ce in cues)


def asked_objects(q: Question) -> list[tuple[str, ...]]:
    """What a yes/no question asks about when its cue comes first (有没有幼儿园？ 给不给配学校？ 会不会纳入年度
    考核？): the forms of the topics and words after the asking cue, in its part of the question. When the
    cue ends the question, the object it wraps with a giving or having verb (给补偿不？ 发安家费不？): the topic or word
    right after the verb, before the cue; none for 能领吗？ or 还给不？, whose object is not told apart."""
    if q.asks not in ("may", "keep"):  # must, loss: decided by the obligation or the kept right, whatever it names
        return []
    text = q.text
    found = _cue_spans(q)
    forms = [(t.written, *t.alternatives) for t in q.topics if not t.inherited] + [(w,) for w in q.words]
    # the negated repeat of the cue's verb (还算数不算数？ → 不算数) is the asking, not what is asked about
    negations = tuple(config()["negation_prefixes"])
    forms = [f for f in forms if not (f[0].startswith(negations) and f[0][1:2] and any(f[0][1] in c for c in q.cues))]
    out = []
    for f in forms:  # any place it is written (五保户…，还算五保不算了？ asks of the second 五保)
        places = [m.start() for m in re.finditer(re.escape(f[0]), text)]
        if any(e <= at and not PART_END_RE.search(text[e:at]) for at in places for _, e in found):
            out.append(f)
    return out or _wrapped(text, forms, [s for s, _ in found])


def _wrapped(text: str, forms: list[tuple[str, ...]], starts: list[int]) -> list[tuple[str, ...]]:
    """The forms written between a wrapping verb (frames.yaml object_openers: 给, 发) and a later cue, in one
    part of the question (旧房拆了给补偿不？ → 补偿)."""
    openers = config()["object_openers"]
    # the verb alone, not 转给, 还给, nor inside a topic's written form (流转给合作社: 给 names who receives it)
    inside = {i for f in forms for m in re.finditer(re.escape(f[0]), text) for i in range(m.start(), m.end())}
    words = spans(text)
    verbs = {s for s, e, _ in words if text[s:e] in openers and s not in inside}
    # …and what is done with it after whom it is given to (流转给外村人盖房不？ → 盖房)
    placed = {text.find(f[0]): text.find(f[0]) + len(f[0]) for f in forms if f[0] in text}
    verbs |= {placed[s + 1] - 1 for s, e, _ in words if text[s:e] in openers and s in inside and s + 1 in placed}
    out = []
    for f in forms:
        at = text.find(f[0])
        end = at + len(f[0])
        if at - 1 in verbs and any(end <= s and not PART_END_RE.search(text[at:s]) for s in starts):
            out.append(f)
    return out


def states_object(s: Sentence, objects: list[tuple[str, ...]]) -> bool:
    """The sentence states one of the asked objects itself (not only the question's other words)."""
    return not objects or any(any(a in s.text for a in f) for f in objects)


def states_kept(s: Sentence) -> bool:
    """The sentence states that something stays (保持不变, 继续享受: frames.yaml kept_statements) or that a
    loss is prevented (确保不因搬迁出现漏保断保)."""
    cfg = config()["kept_statements"]
    if s.modality == "kept" or any(w in s.text for w in cfg["words"]):
        return True
    return re.search(cfg["prevented"], s.text) is not None


def states_loss(s: Sentence) -> bool:
    """The sentence states a loss (取消, 收回: frames.yaml loss_statements)."""
    return any(w in s.text for w in config()["loss_statements"])


def states_loss_or_kept(s: Sentence) -> bool:
    """A loss question is decided only by a sentence stating a loss (取消, 收回) or a kept right."""
    return states_loss(s) or states_kept(s)


def polarity(asks: str | None, scored: Scored, restriction: bool = False) -> str | None:
    """yes / no from what the question asks (may, must, loss) and what the sentence states; a question asking
    whether something is restricted is answered yes by a prohibition (不得出售) as by a restriction it states."""
    modality = scored.sentence.modality
    flip = scored.contradicted or scored.negated
    if asks == "must" and scored.acted and not scored.negated:
        flip = False  # 非得拆不？我想留着: the asked action is the sentence's (拆), the opposite is the asker's wish
    if asks is None:
        return None
    if asks == "loss":  # only a sentence stating the loss, or that it is kept (prevented), decides it
        if states_loss(scored.sentence):
            return "no" if flip else "yes"
        return ("yes" if flip else "no") if states_kept(scored.sentence) else None
    if asks == "must":
        if modality == "obliged":
            return "no" if flip else "yes"
        if modality == "prohibited":
            return "yes" if flip else "no"
        return "no" if modality in ("permitted", "kept") else None  # kept: it stays, nothing must be given up
    # may, keep: a provision that states the topic without forbidding it grants (keeps) it
    if modality == "prohibited" and not restriction:
        return "yes" if flip else "no"
    return "no" if flip else "yes"


def tie_break(asks: str | None, decided: list[Scored], th: dict) -> Scored:
    """Among sentences stating the asked topic as well as the best one (within the margin), one of the modality
    that decides this kind of question when tied (a may question: the prohibition, 不得出售, rather than the
    clause's title 稳妥推进不动产权登记) is the answer."""
    best = decided[0]
    tied = config()["tie_modality"].get(asks or "", [])
    return next(
        (
            x
            for x in decided
            if x.sentence.modality in tied and x.direct >= best.direct and x.score >= best.score - th["margin"]
        ),
        best,
    )
