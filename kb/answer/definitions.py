"""Part of stage 4, *decide*: a question asking what a term means (是什么意思, 哪几个“一批”) is answered by the
sentence that defines the term or spells out its instances, else refused naming the term."""

from __future__ import annotations

import re

from kb.answer.decision import Decision, missing_kind
from kb.answer.lexicon import config
from kb.answer.named import asked_term
from kb.answer.sentences import Scored, Sentence
from kb.answer.understand import Question

LIST_MARK = config()["patterns"]["list_mark"]
MIN_TERM_CHARS = 4  # a term asked about without quotes is a word this long (集中连片特困地区), not 集中
MAX_TITLE_CHARS = 20  # longer "titles" are a preamble's first words, not a heading that names a term
QUOTED_RE = re.compile(r"“([^”]{2,12})”")
COUNTED_RE = re.compile(config()["patterns"]["counted_term"])
NUMBERED_RE = re.compile(config()["patterns"]["numbered_term"])
PART_RE = re.compile(config()["patterns"]["parts"])


def definition(q: Question, scored: list[Scored], nearest: Sentence | None) -> Decision | None:
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
    if not candidates:  # 深度贫困自然村怎么认定？ — jieba's words are short: the phrase the cue asks about, else
        # the longest phrase the sentences write
        written = "\n".join(x.sentence.text for x in scored)
        candidates = [t for t in dict.fromkeys([_before_cue(q.text, written), asked_term(q, written)]) if t]
    refusal: Decision | None = None
    for term in candidates:
        if refusal is not None and not (term in refusal.term or refusal.term in term):
            continue  # after a refusal only a term it holds (一批 of 扶贫车间安排一批) is tried
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
            if _defines(term, x.sentence) or _ends(head, x.sentence, spelled) >= count or _starts(term, x.sentence):
                return Decision(True, (x.sentence,))
        if using and refusal is None:  # “扶贫车间安排一批”那几个“一批”…: the term it holds may be spelled out
            refusal = Decision(False, refuse_kind="undefined_term", nearest=using[0].sentence, term=term)
    if refusal is not None:
        return refusal
    if any(c in q.text for c in config()["definition_cues"]):  # 是什么意思 / 怎么界定: nothing defines it
        if scored and scored[0].coverage >= config()["thresholds"]["min_focus"]:
            return Decision(False, refuse_kind="not_stated", nearest=nearest)
        return Decision(False, refuse_kind=missing_kind(q), nearest=nearest)
    return None  # a quoted name the documents do not use (“四个不摘”): an ordinary question


def _before_cue(text: str, written: str) -> str:
    """The longest phrase (at least MIN_TERM_CHARS) the sentences write that ends right before the question's
    first definition cue (…合作社的造林项目包括哪些类型？ → 造林项目); "" when there is none."""
    at = [text.find(c) for c in config()["definition_cues"] if c in text]
    before = text[: min(at)] if at else ""
    fillers = tuple(config()["definition_cue_fillers"])  # …造林项目都包括哪些？: 都 is no end of the term
    while before.endswith(fillers):
        before = before[: -len(next(f for f in fillers if before.endswith(f)))]
    return next((before[i:] for i in range(len(before) - MIN_TERM_CHARS + 1) if before[i:] in written), "")


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


def _starts(term: str, s: Sentence) -> bool:
    """A numbered term (五通: 五 + 通) whose instances begin with its head: a run of exactly that many parts of
    the sentence, each after the first starting with the head, the first writing it (达到通路、通电、通水、通电视、
    通网络 — five instances of 通, the first after its verb)."""
    m = NUMBERED_RE.fullmatch(term)
    if not m:
        return False
    head = m.group(2)
    runs, run = [], 0
    for part in PART_RE.split(s.text.rstrip(config()["patterns"]["sentence_tail"])):
        if run and part.startswith(head) and len(part) > len(head):
            run += 1
        else:
            runs.append(run)
            run = 1 if head in part[:-1] else 0
    return config()["numeral_values"][m.group(1)] in [*runs, run]


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
            if enumerated and not introduced and span.endswith(tuple(config()["enumeration_ends"])):
                return True  # 道路绿化、公园绿化、荒山绿化等造林项目: its instances, listed right before it
            after = text.split(written, 1)[1]
            if after.startswith(tuple(config()["definition_after"])):
                return True
    return f"“{term}”" in s.clause_title and len(s.clause_title) <= MAX_TITLE_CHARS
