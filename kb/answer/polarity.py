"""The yes/no of a decided question: the question's frame (may, must, loss, keep) × the sentence's modality ×
the negation, contradiction or exception of the asked action; which of several equally good sentences decides
it; and questions asking whether something is restricted (受不受限制？), whose yes is the restriction."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from kb.answer.bounds import bound_polarity, bound_words, comparators
from kb.answer.conditions import denied_condition
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
    # … and the repeated verb of an A-not-A cue (鼓励不鼓励？ asks whether it is encouraged, not about 鼓励)
    forms = [f for f in forms if not any(c == f[0] + negations[0] for c in q.cues)]
    # … and the way it asks to go beyond an amount (可否低于500亩？) is stated by any bound (不少于500亩, …以内)
    forms = [(f[0], *bound_words()) if f[0] in comparators() else f for f in forms]
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


def foreign_action(q: Question, corpus: str) -> bool:
    """A may question ending in its cue whose asked action and what it is done to are both words the documents
    never write (俺家娃高考能加分不？: 加分 after the modal verb, frames.yaml may_modals, and 高考 before it): the
    documents do not state it, whatever else of the question (孩子) they state. An action written in any form the
    documents use — a topic word (往外租 → 租赁) or a pair of characters they write (多次贷: 多次) — or done to a
    thing they name (公益岗…能先上不？, 设施用地能被占用不？) is not; nor 还能… (医保还能报销吗？ asks whether it
    is kept)."""
    if q.asks != "may" or asked_objects(q):
        return False
    text = q.text.rstrip(config()["patterns"]["question_tail"])
    ends = [s for s, e in _cue_spans(q) if e >= len(text)]
    if not ends:
        return False
    part = PART_END_RE.split(text[: min(ends)])[-1]
    modals = sorted(config()["may_modals"], key=len, reverse=True)
    found = list(re.finditer("|".join(map(re.escape, modals)), part))
    if not found or part[: found[-1].start()].endswith(tuple(config()["still_marks"])):
        return False
    action, before = part[found[-1].end() :], part[: found[-1].start()]
    return _foreign(action, corpus) and _foreign(_last_word(before), corpus)


def _foreign(words: str, corpus: str) -> bool:
    """No topic word is written in the words and the documents write no two of their characters together."""
    if len(words) < 2 or any(w in words for row in config()["topics"] for w in row["words"]):
        return False
    return not any(words[i : i + 2] in corpus for i in range(len(words) - 1))


def _last_word(text: str) -> str:
    """The last content word of the text (jieba), function words and single characters left out."""
    ignored = set(config()["function_words"])
    words = [text[s:e] for s, e, _ in spans(text) if e - s >= 2 and text[s:e] not in ignored]
    return words[-1] if words else ""


def states_object(s: Sentence, objects: list[tuple[str, ...]]) -> bool:
    """The sentence states one of the asked objects itself (not only the question's other words); a prohibition
    (不得出售) states the restriction asked about (出售受不受限制？ 有没有限制？)."""
    limits = config()["restriction_words"] if s.modality == "prohibited" else ()
    return not objects or any(any(a in s.text or a in limits for a in f) for f in objects)


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


def writes_negated(q: Question, s: Sentence) -> bool:
    """The sentence writes a negated action of the question negated too (不搬行不行？ — 推动…未搬迁的群众尽快入住;
    住新不腾旧行不行？ — 杜绝“住新不腾旧”): it speaks of the asked case itself, not of the action done."""
    negations = config()["negation_prefixes"]
    forms = [(t.written, *t.alternatives) for t in q.topics if t.negated and not t.inherited]
    return any(n + a in s.text for f in forms for a in f for n in negations)


def beyond_scope(q: Question, s: Sentence) -> bool:
    """The sentence confines what it states to a region (在省域内流转) and the question goes beyond it (跨省流转？
    外省？): frames.yaml scope_limits."""
    cfg = config()["scope_limits"]
    levels = {m.group(1) for m in re.finditer(cfg["within"], s.text)}
    return any(b.format(level=level) in q.text for level in levels for b in cfg["beyond"])


def crosses_branches(question: str, s: Sentence) -> bool:
    """The question names what only one branch of the sentence writes and what only another writes (中心村 and
    县处级 of …由县处级负责人担任点长，乡镇或中心村集中安置点由乡镇负责人担任点长): frames.yaml branches. Not when
    it coordinates them (…和…都…吗？ asks both)."""
    cfg = config()["branches"]
    n = cfg["gram_chars"]
    parts = [p for p in re.split(cfg["marks"], s.text.rstrip(config()["patterns"]["sentence_tail"])) if p]
    grams = [{p[i : i + n] for i in range(len(p) - n + 1)} for p in parts]
    for i, a in enumerate(parts):
        for j in range(i + 1, len(parts)):
            if not _branches(a, parts[j], cfg["suffix_chars"]):
                continue
            only_a = [question.find(g) for g in grams[i] - grams[j] if g in question]
            only_b = [question.find(g) for g in grams[j] - grams[i] if g in question]
            if only_a and only_b:
                span = question[min(only_a + only_b) : max(only_a + only_b)]
                if not any(m in span for m in config()["coordination_marks"]):
                    return True
    return False


def _branches(a: str, b: str, least: int) -> bool:
    """Two parts are branches giving each case its own value: they end alike (担任点长) and share a run inside
    (集中安置点由) after what names the case, each of at least ``least`` characters (not 承包地…保持不变 and
    低保…保持不变, which name one thing each)."""
    end = next((k for k in range(min(len(a), len(b))) if a[-1 - k] != b[-1 - k]), min(len(a), len(b)))
    if end < least:
        return False
    ra, rb = a[:-end], b[:-end]
    m = SequenceMatcher(None, ra, rb, autojunk=False).find_longest_match(0, len(ra), 0, len(rb))
    return m.size >= least and m.a > 0 and m.b > 0


def polarity(asks: str | None, scored: Scored, restriction: bool = False, as_written: bool = False) -> str | None:
    """yes / no from what the question asks (may, must, loss) and what the sentence states; a question asking
    whether something is restricted is answered yes by a prohibition (不得出售) as by a restriction it states.
    ``as_written``: the sentence writes the question's negated action negated (writes_negated): no flip, and a
    may question is answered no by an obligation about that case (推动未搬迁的群众尽快入住)."""
    modality = scored.sentence.modality
    flip = scored.contradicted or (scored.negated and not as_written)
    if as_written and asks == "may" and modality == "obliged" and not flip:
        return "no"
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


def decided_polarity(q: Question, best: Scored, said: tuple[Sentence, ...]) -> str | None:
    """The yes/no of the deciding sentence ``best`` (quoted with ``said``): no for a may question going beyond the
    region a quoted sentence confines to (跨省流转？) or a may or must question crossing the sentence's branches
    (中心村的点长必须县处级负责人担任吗？); a may question going below or above an amount a quoted sentence bounds
    (可否低于500亩？ bounds.py) or saying a condition of the grant is not met (考核没合格: conditions.py); else
    polarity()."""
    if q.asks == "may" and any(beyond_scope(q, s) for s in said):
        return "no"
    if q.asks in ("may", "must") and crosses_branches(q.question, best.sentence):
        return "no"
    if q.asks in ("may", "keep") and any(denied_condition(q, s) for s in said):  # 考核没合格 — 考核合格的…优先续聘
        return "no"
    bounded = next((b for s in said if (b := bound_polarity(q.text, s.text)) is not None), None)
    if q.asks == "may" and bounded is not None:  # 可否低于500亩？ — 不少于500亩
        return bounded
    return polarity(q.asks, best, restricts(q), writes_negated(q, best.sentence))


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
