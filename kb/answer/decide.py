"""Stage 4, *decide*: does a provision state what is asked? The question's topics must be stated by the
sentence (or, with less weight, by its clause: a topic the provision is linked to); a period question needs
a sentence stating a period, a how-much question a value in the asked unit, a yes/no question a sentence
with a modality; a question asking what a term means needs a sentence that defines it. Below the threshold
the pipeline abstains. The yes/no comes from the question's frame × the sentence's modality × the negation,
contradiction or exception of the asked action."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.answer.lexicon import config
from kb.answer.means import stating_means
from kb.answer.periods import timed_sentence, value_sentence
from kb.answer.polarity import asked_objects, polarity, restricts, states_loss_or_kept, states_object, tie_break
from kb.answer.sentences import Scored, Sentence
from kb.answer.subjects import subject_sentences
from kb.answer.understand import Question

LIST_MARK = config()["patterns"]["list_mark"]
MIN_TERM_CHARS = 4  # a term asked about without quotes is a word this long (集中连片特困地区), not 集中
MAX_TITLE_CHARS = 20  # longer "titles" are a preamble's first words, not a heading that names a term
PROVISION_FRAMES = ("list", "must", "loss", "keep", "yes_no", "period", "quantity", "what", "open")
QUOTED_RE = re.compile(r"“([^”]{2,12})”")
COUNTED_RE = re.compile(config()["patterns"]["counted_term"])
PART_RE = re.compile(config()["patterns"]["parts"])


@dataclass(frozen=True)
class Decision:
    answered: bool
    sentences: tuple[Sentence, ...] = ()  # the deciding sentence(s), first is the main one
    extra: tuple[Sentence, ...] = ()  # sentences for a secondary frame (the period of a must question)
    polarity: str | None = None  # yes | no
    refuse_kind: str | None = None  # amount | not_stated | unrelated | undefined_term
    nearest: Sentence | None = None
    term: str = ""  # the undefined term


def decide(q: Question, scored: list[Scored], prefer: frozenset[str] = frozenset()) -> Decision:
    th = config()["thresholds"]
    good = stating_means(q.text, [x for x in scored if x.coverage >= th["min_focus"]])
    if prefer:  # a follow-up without a topic of its own: the previous answer's clauses first
        good = [x for x in scored if x.sentence.key in prefer] + [x for x in good if x.sentence.key not in prefer]
    nearest = scored[0].sentence if scored else None
    if q.asks_definition:
        defined = _definition(q, scored, nearest)
        if defined is not None:
            return defined
    if q.frame in ("list", "what", "open", "duties") and q.asks is None:
        about = subject_sentences(q.text, scored)
        if about:
            return Decision(True, about)
    sanction = _sanction(q, scored)
    if sanction is not None:
        return Decision(True, (sanction,))
    focused = [x for x in good if x.focused or q.frame not in config()["focus_frames"]]
    if good and not focused:  # only sentences sharing generic words with the question: the nearest is cited
        return Decision(False, refuse_kind="not_stated", nearest=good[0].sentence)
    good = focused
    if not good:
        return Decision(False, refuse_kind=_missing_kind(q), nearest=nearest)
    frame = q.frame if q.frame in PROVISION_FRAMES else "open"
    if frame in ("period", "quantity") or (frame == "open" and q.units):
        sentence, kind = value_sentence(q, frame, good, prefer, scored)
        if sentence is None:
            return Decision(False, refuse_kind=kind, nearest=good[0].sentence)
        return Decision(True, (sentence,))
    if q.asks is not None:
        preferred = config()["preferred_modality"].get(q.asks or "", [])
        # a sentence of the deciding modality that states the topic itself (not only through its clause's title)
        decided = [x for x in good if x.sentence.modality in preferred and x.direct >= th["min_focus"]] or good
        best = tie_break(q.asks, decided, th)
        objects = asked_objects(q)
        if not states_object(best.sentence, objects):  # 有没有幼儿园？ — a sentence stating the asked object
            stating = [x for x in good if states_object(x.sentence, objects)]
            if not stating:
                return Decision(False, refuse_kind="not_stated", nearest=best.sentence)
            best = tie_break(q.asks, stating, th)
        if q.asks == "loss" and not states_loss_or_kept(best.sentence):  # 会不会被收回？ — no loss stated
            losing = [x for x in good if states_loss_or_kept(x.sentence)]
            if not losing:
                return Decision(False, refuse_kind="not_stated", nearest=best.sentence)
            best = tie_break(q.asks, losing, th)
        extra: tuple[Sentence, ...] = ()
        timed = timed_sentence(q, best, good)
        if timed is not None and timed != best.sentence:
            extra = (timed,)
        said = (best.sentence, *_title_body(best, good))
        return Decision(True, said, extra, polarity(q.asks, best, restricts(q)))
    chosen = _clause_sentences(good, th, scored)
    if frame == "list":
        chosen = _enumeration_first(chosen, good[0], scored, th)
    return Decision(True, _second_conjunct(q, chosen, scored, th))


def _title_body(best: Scored, good: list[Scored]) -> tuple[Sentence, ...]:
    """A yes/no decided by a clause's title (跟踪帮扶分散搬迁户就业。): the heading says little, so the body
    sentence of its clause that states most of the topic is quoted with it."""
    if best.sentence.index != 0:
        return ()
    body = [x for x in good if x.sentence.key == best.sentence.key and x.sentence.index > 0 and x.direct > 0]
    return (max(body, key=lambda x: x.direct).sentence,) if body else ()


def _second_conjunct(q: Question, chosen: tuple[Sentence, ...], scored: list[Scored], th: dict) -> tuple[Sentence, ...]:
    """城镇安置区和农村安置区分别…？ — when the quoted sentences leave out a word of the part after the
    coordination (和, 与), the best sentence stating it as the question does (农村安置…) is added."""
    text = q.text
    marks = [text.find(m) for m in config()["coordination_marks"] if m in text]
    if not marks:
        return chosen
    start = min(marks) + 1
    end = next((i for i in range(start, len(text)) if text[i] in config()["patterns"]["clause_mark"]), len(text))
    forms = [(t.written, *t.alternatives) for t in q.topics if not t.weak] + [(w,) for w in q.words]
    after = [f for f in forms if start <= text.find(f[0]) < end]
    said = "".join(s.text for s in chosen)
    missing = [f for f in after if not any(a in said for a in f)]
    for f in missing:
        at = text.find(f[0])
        phrase = text[at : at + len(f[0]) + config()["thresholds"]["conjunct_chars"]]  # 农村 → 农村安置
        stating = next((x.sentence for x in scored if phrase in x.sentence.text and x.sentence not in chosen), None)
        if stating is not None:
            return (*chosen, stating)[: th["max_list"]]
    return chosen


def _enumerates(s: Sentence) -> bool:
    return s.text.count(LIST_MARK) >= config()["thresholds"]["list_min_marks"]


def _enumeration_first(
    chosen: tuple[Sentence, ...], top: Scored, scored: list[Scored], th: dict
) -> tuple[Sentence, ...]:
    """A list question is answered by the sentence that enumerates (护林、护路、绿化…) the asked topic: when the
    best sentence does not, an enumerating sentence stating the question's own topic nearly as well leads."""
    if _enumerates(chosen[0]):
        return chosen
    lists = [
        x.sentence
        for x in scored
        if x.states_main and x.direct > 0 and _enumerates(x.sentence) and x.score >= top.score - th["list_margin"]
    ]
    if not lists:
        return chosen
    return tuple(dict.fromkeys([lists[0], *chosen]))[: th["max_list"]]


def _clause_sentences(good: list[Scored], th: dict, scored: list[Scored]) -> tuple[Sentence, ...]:
    """The best sentence and the other sentences of its clause that state a topic (a heading alone says
    little); for a list, also other clauses' sentences as good as the best."""
    top = good[0]
    same = [x.sentence for x in good if x.sentence.key == top.sentence.key and x.direct > 0]
    if len(same) > 1:  # the title only when it states more of the question than any sentence of the body
        body_best = max(
            (x.direct for x in good if x.sentence.key == top.sentence.key and x.sentence.index > 0), default=0
        )
        title_leads = top.sentence.index == 0 and top.direct > body_best
        same = [s for s in same if s.index > 0 or title_leads] or same
    if all(s.index == 0 for s in same):  # only the clause's title states the topic: its body says what it means
        body = sorted(
            {x.sentence for x in scored if x.sentence.key == top.sentence.key and x.sentence.index > 0},
            key=lambda s: s.index,
        )
        same = [*same, *body[: th["max_body"]]]
    others = [
        x.sentence
        for x in good
        if x.sentence.key != top.sentence.key and x.direct >= th["min_focus"] and x.score >= top.score - th["margin"]
    ]
    return tuple([*same, *others][: th["max_list"]]) or (top.sentence,)


def _sanction(q: Question, scored: list[Scored]) -> Sentence | None:
    """会怎么处理？ after a broken rule: the sentence stating the sanction (取消, 扣减…) of an asked action
    (租, 卖) or, when the question names none, of an asked topic; None when no such sentence exists."""
    cfg = config()
    if q.frame not in ("what", "open") or not any(c in q.text for c in cfg["consequence_cues"]):
        return None
    acting = any(t.weak for t in q.topics)
    # 旧房不拆会怎么样？ — the broken rule is the negated action: the sanction states it (not 搬 of 搬迁资格)
    broken = [t.alternatives for t in q.topics if t.weak and t.negated]
    stating = [
        x
        for x in scored
        if x.direct > 0
        and (x.acted or not acting)
        and all(any(a in x.sentence.text for a in forms) for forms in broken)
        and any(m in x.sentence.text for m in cfg["consequence_marks"])
    ]
    return stating[0].sentence if stating else None


def _missing_kind(q: Question) -> str:
    if q.frame == "quantity" and config()["money_unit"] in q.units:
        return "amount"
    return "unrelated" if not q.has_topic else "not_stated"


def _definition(q: Question, scored: list[Scored], nearest: Sentence | None) -> Decision | None:
    """A question asking what a term means: the sentence that defines it, or a refusal naming the term."""
    quoted = QUOTED_RE.findall(q.text)
    in_corpus = [
        t
        for x in scored
        for t in QUOTED_RE.findall(x.sentence.text)
        if t in q.text or t.replace(LIST_MARK, "") in q.text.replace(LIST_MARK, "")
    ]
    words = [w for w in [t.written for t in q.own_topics] + list(q.words) if len(w) >= MIN_TERM_CHARS]
    counted = [  # 那五个一批是哪几样: a counted term written without quotes, its head as long as it may be
        q.text[m.start() : m.start() + n]
        for m in COUNTED_RE.finditer(q.text)
        for n in range(m.end() - m.start(), len(m.group(0)) - len(m.group(2)) + 1, -1)
    ]
    candidates = quoted or list(dict.fromkeys(in_corpus)) or counted or sorted(words, key=len, reverse=True)
    for term in candidates:
        head, count = _counted(term)
        spelled = head != term  # a counted term (五个一批): its instances end its parts
        using = [
            x
            for x in scored
            if term in x.sentence.text
            or term.replace(LIST_MARK, "") in x.sentence.text
            or _ends(head, x.sentence, spelled) >= count
        ]
        for x in using:
            if _defines(term, x.sentence) or _ends(head, x.sentence, spelled) >= count:
                return Decision(True, (x.sentence,))
        if using:
            return Decision(False, refuse_kind="undefined_term", nearest=using[0].sentence, term=term)
    if any(c in q.text for c in config()["definition_cues"]):  # 是什么意思 / 怎么界定: nothing defines it
        if scored and scored[0].coverage >= config()["thresholds"]["min_focus"]:
            return Decision(False, refuse_kind="not_stated", nearest=nearest)
        return Decision(False, refuse_kind=_missing_kind(q), nearest=nearest)
    return None  # a quoted name the documents do not use (“四个不摘”): an ordinary question


def _counted(term: str) -> tuple[str, int]:
    """“五个一批” names five things, each written …一批: (一批, 5); another term, as in 哪几个“一批”？, names at
    least list_min_marks of them."""
    m = COUNTED_RE.fullmatch(term)
    if m:
        return m.group(2), config()["numeral_values"][m.group(1)]
    return term, config()["thresholds"]["list_min_marks"]


def _ends(head: str, s: Sentence, counted: bool = True) -> int:
    """How many parts of the sentence (between commas) name an instance of the term: end in a counted term's
    head (扶贫车间安排一批，公益岗位吸纳一批…), or use another quoted term (退耕还林优先布局，光伏扶贫优先覆盖… for
    哪几个“优先”): the sentence spells out that many of its instances."""
    parts = PART_RE.split(s.text.rstrip(config()["patterns"]["sentence_tail"]))
    return sum(p.endswith(head) if counted else head in p for p in parts)


def _defines(term: str, s: Sentence) -> bool:
    """The sentence spells the term out: an enumeration (、 or 与) right before “term”, the term followed by
    是指/指/即/包括, or the term heads a clause whose text lists what it means."""
    text = s.text
    for written in (f"“{term}”", term):
        if written in text:
            before = text.split(written)[0]
            span = before.rsplit(config()["patterns"]["clause_mark"], 1)[-1]
            introduced = any(w in span for w in config()["not_definition_before"])
            enumerated = any(m in span for m in config()["enumeration_marks"])
            if written.startswith("“") and enumerated and not introduced:
                return True
            after = text.split(written, 1)[1]
            if after.startswith(tuple(config()["definition_after"])):
                return True
    return f"“{term}”" in s.clause_title and len(s.clause_title) <= MAX_TITLE_CHARS
