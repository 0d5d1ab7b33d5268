"""Stage 4, *decide*: does a provision state what is asked? The question's topics must be stated by the
sentence (or, with less weight, by its clause: a topic the provision is linked to); a period question needs
a sentence stating a period, a where question one stating a place (places.py), a how-much question a value in
the asked unit, a yes/no question a sentence with a modality; a question asking what a term means needs a
sentence that defines it (definitions.py). Below the threshold the pipeline abstains. The yes/no comes from the
question's frame × the sentence's modality × the negation, contradiction or exception of the asked action."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kb.answer.decision import Decision, missing_kind
from kb.answer.definitions import definition
from kb.answer.lexicon import config
from kb.answer.means import stating_means
from kb.answer.named import named_only
from kb.answer.periods import timed_sentence, value_sentence
from kb.answer.places import placed
from kb.answer.polarity import (
    asked_objects,
    decided_polarity,
    foreign_action,
    states_loss_or_kept,
    states_object,
    tie_break,
)
from kb.answer.polarity import polarity as polarity  # re-exported (tests)
from kb.answer.sentences import Scored, Sentence
from kb.answer.subjects import subject_sentences
from kb.answer.understand import Question

LIST_MARK = config()["patterns"]["list_mark"]
PART_RE = re.compile(config()["patterns"]["parts"])
PROVISION_FRAMES = ("list", "must", "loss", "keep", "yes_no", "period", "quantity", "what", "open")


def decide(
    q: Question, scored: list[Scored], prefer: frozenset[str] = frozenset(), sentences: Sequence[Sentence] = ()
) -> Decision:
    """``sentences``: every provision sentence (a term the documents only name is looked up in all of them)."""
    th = config()["thresholds"]
    good = stating_means(q.text, [x for x in scored if x.coverage >= th["min_focus"]])
    if prefer:  # a follow-up without a topic of its own: the previous answer's clauses first
        good = [x for x in scored if x.sentence.key in prefer] + [x for x in good if x.sentence.key not in prefer]
    nearest = scored[0].sentence if scored else None
    named = named_only(q, sentences, scored) if sentences else None
    if named is not None:  # 质量终身负责制具体是怎么规定的？ — the documents only say to enforce it
        return named
    if q.asks_definition:
        defined = definition(q, scored, nearest)
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
        return Decision(False, refuse_kind=missing_kind(q), nearest=nearest)
    if q.frame == "where":  # 设在哪？ — only a sentence stating the place of the asked thing answers it
        stating = placed(q, good)
        if not stating:
            return Decision(False, refuse_kind="not_stated", nearest=good[0].sentence)
        return Decision(True, (stating[0].sentence,))
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
        if foreign_action(q, "".join(s.text for s in sentences or [x.sentence for x in scored])):  # 高考能加分不？
            return Decision(False, refuse_kind="not_stated", nearest=best.sentence)
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
        return Decision(True, said, extra, decided_polarity(q, best, said))
    chosen = _clause_sentences(good, th, scored)
    if frame == "list":
        forms = [(t.written, *t.alternatives) for t in q.own_topics if not t.weak]
        chosen = _enumeration_first(chosen, good[0], scored, th, forms)
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
    chosen: tuple[Sentence, ...],
    top: Scored,
    scored: list[Scored],
    th: dict,
    forms: Sequence[tuple[str, ...]] = (),
) -> tuple[Sentence, ...]:
    """A list question is answered by the sentence that enumerates (护林、护路、绿化…) the asked topic: when the
    best sentence does not, an enumerating sentence stating the question's own topic nearly as well leads; so
    does one whose items are the asked thing (哪些补贴？ — 以工代训补贴、吸纳就业补助、社会保险补贴…) when the best
    enumerates other things (职业培训、以工代训…)."""
    near = [x for x in scored if x.states_main and x.direct > 0 and x.score >= top.score - th["list_margin"]]
    named = [x.sentence for x in near if _items_named(x.sentence, forms) >= th["list_min_marks"]]
    if named and _items_named(chosen[0], forms) < th["list_min_marks"]:
        return tuple(dict.fromkeys([named[0], *chosen]))[: th["max_list"]]
    if _enumerates(chosen[0]):
        return chosen
    lists = [x.sentence for x in near if _enumerates(x.sentence)]
    if not lists:
        return chosen
    return tuple(dict.fromkeys([lists[0], *chosen]))[: th["max_list"]]


def _items_named(s: Sentence, forms: Sequence[tuple[str, ...]]) -> int:
    """How many items of the sentence's enumeration (between 、) end in a form of one asked topic (补贴, 补助)."""
    items = PART_RE.split(s.text.rstrip(config()["patterns"]["sentence_tail"]))
    return max((sum(i.endswith(f) for i in items) for f in forms), default=0)


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
