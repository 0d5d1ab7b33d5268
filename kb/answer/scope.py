"""What the question itself shows is out of the documents' scope (part of stage 2, *understand*): places the
documents never mention, other documents, later years, and the refusal cue words of kb/answer/frames.yaml."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache

from kb.answer.lexicon import config

YEAR_RE = re.compile(config()["patterns"]["year"])
_posseg_lock = threading.Lock()


def foreign_places(question: str, corpus_text: str) -> tuple[str, ...]:
    """Place names (jieba part-of-speech ``ns``) the documents never mention, with or without the
    administrative suffix: the documents cannot say anything about them."""
    import jieba.posseg

    with _posseg_lock:
        words = list(jieba.posseg.cut(question))
    places = []
    cfg = config()
    for word in words:
        if word.flag != "ns" or len(word.word) < 2:
            continue
        if word.word not in cfg["regions"] and not word.word.endswith(tuple(cfg["region_suffixes"])):
            continue  # jieba calls many words places (里弄, 下山)
        stem = word.word.rstrip("".join(cfg["region_suffixes"]))
        if word.word not in corpus_text and (len(stem) < 2 or stem not in corpus_text):
            places.append(word.word)
    return tuple(places)


@cache
def refuse_patterns(key: str = "refuse_patterns") -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """The refusal patterns of frames.yaml (``refuse_patterns``, ``case_signs``, ``own_dispute``,
    ``case_requests``), compiled once: (kind, patterns) in their order."""
    if key == "own_dispute":
        return ((config()[key]["kind"], (_dispute_re(),)),)
    return tuple((kind, tuple(re.compile(p) for p in patterns)) for kind, patterns in config()[key].items())


def _dispute_re() -> re.Pattern[str]:
    """frames.yaml own_dispute as one pattern: (an actor and its act) and the asker, then (a legality cue); the
    groups are the sign's words."""
    cfg = config()["own_dispute"]

    def one_of(words: list[str]) -> str:
        return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"

    # the actor's act and the asker in one sentence, either first (俺家宅基地，县里说要收回); the cue after them, in
    # that sentence or the next (…宅基地。这合法不合法？)
    marks = config()["patterns"]
    act = f"({one_of(cfg['actors'])}{marks['in_part']}{{0,{cfg['act_gap']}}}?{one_of(cfg['acts'])})"
    asker, within, rest = one_of(cfg["askers"]), marks["in_sentence"], marks["before_question_end"]
    return re.compile(f"(?:{act}{within}{asker}|{asker}{within}{act}){rest}({one_of(cfg['legality'])})")


def matched_kind(text: str, key: str, skipped: set[str] | frozenset[str] = frozenset()) -> str | None:
    return next(
        (
            kind
            for kind, patterns in refuse_patterns(key)
            if kind not in skipped and any(p.search(text) for p in patterns)
        ),
        None,
    )


DOC_NUMBER_RE = re.compile(config()["patterns"]["doc_number"])
# the pattern lists of frames.yaml refuse_kind() reads, in order (and cue_spans() with them); a request
# (case_requests) anywhere in the question, the others in its asked part
PATTERN_KEYS = ("refuse_patterns", "case_signs", "own_dispute", "case_requests")
WHOLE_QUESTION_KEYS = ("case_requests",)


def refuse_kind(
    text: str,
    places: tuple[str, ...],
    corpus_text: str,
    documents: set[str],
    whole: str = "",
    department: bool = False,
) -> str | None:
    """The refusal kind the question itself shows; ``text`` is its asked part, ``whole`` all of it (a request
    to look a record up, 你给查查, may follow the question). A question naming a department (``department``)
    and not the asker asks what it does: the kinds of frames.yaml not_with_department are not read off its words."""
    if places:
        return "other_region"
    if any(number not in documents for number in DOC_NUMBER_RE.findall(text)):
        return "other_document"
    numbers = {n for d in documents for n in re.findall(config()["patterns"]["doc_number_of"], d)}
    if any(n not in numbers for n in re.findall(config()["patterns"]["doc_number_short"], text)):
        return "other_document"  # 244号文 (12号文 is one of the documents)
    asker = any(a in text for a in config()["own_dispute"]["askers"])  # 扶贫部门说我不是搬迁对象: the asker's case
    skipped = set(config()["not_with_department"]) if department and not asker else set()
    for kind, cues in config()["refuse_cues"].items():
        if kind not in skipped and any(str(c) in text for c in cues):
            return kind
    for key in PATTERN_KEYS:
        kind = matched_kind(whole or text if key in WHOLE_QUESTION_KEYS else text, key, skipped)
        if kind:
            return kind
    if any(year not in corpus_text for year in YEAR_RE.findall(text)):
        return "later_policy"
    latest = max((int(y) for y in YEAR_RE.findall(corpus_text)), default=0)
    for match in YEAR_RE.finditer(text):
        after = text[match.end() : match.end() + 2]
        if int(match.group(1)) >= latest and after.startswith(tuple(config()["after_year"])):
            return "later_policy"
    signs = config()["unwritten_signs"]
    if any(m.group(1) not in corpus_text for p in signs for m in re.finditer(p, text)):
        return "not_stated"  # 疫情期间…有什么补助？ 工钱谁出？ — what the documents never speak of
    return None


def cue_spans(text: str, kind: str) -> tuple[tuple[int, int], ...]:
    """Where the refusal cues and patterns of ``kind`` occur in the text (哪个窗口, 20年以后, 没打过来, 给查查):
    the words they cover ask the errand, the period or the asker's own case, not a topic of the documents."""
    spans = [
        (m.start(), m.end())
        for c in config()["refuse_cues"].get(kind, ())
        for m in re.finditer(re.escape(str(c)), text)
    ]
    for key in PATTERN_KEYS:
        for k, patterns in refuse_patterns(key):
            if k == kind:  # a pattern with groups: its groups are the cue's words (own_dispute), else all of it
                spans += [s for p in patterns for m in p.finditer(text) for s in _matched(m)]
    return tuple(spans)


def _matched(m: re.Match[str]) -> list[tuple[int, int]]:
    if not m.re.groups:
        return [m.span()]
    return [m.span(i) for i in range(1, m.re.groups + 1) if m.start(i) >= 0]


def outside_cues(text: str, kind: str) -> Callable[[str], bool]:
    """Whether a word of the question is asked outside the refusal cues of ``kind``: not written inside one of
    their spans (窗口 of 哪个窗口, 过来 of 没打过来, 查查 of 给查查)."""
    spans = cue_spans(text, kind)

    def outside(written: str) -> bool:
        at = text.find(written)
        return at < 0 or not any(at < end and start < at + len(written) for start, end in spans)

    return outside
