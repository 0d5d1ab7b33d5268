"""Stage 5, *compose*: the deciding part of a long provision sentence. The 「五个不变」 sentence keeps five kinds
of rights, part by part (…低保、五保等社会保障权益保持不变，…); a resident asking 低保还有吗？ is shown the part
that keeps 低保, and told in the first sentence what the part keeps, in the document's words. A may/must answer
leads with the part stating the asked action when that part states the rule itself (…原则上20年内不得抵押、出售、
转让（依法继承的除外）。). The full sentence stays in the provisions and citations. Words and marks are data
(frames.yaml deciding_part)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.answer.lexicon import config
from kb.answer.sentences import PERIOD_RE, VALUE_RE, Sentence
from kb.answer.understand import Question
from kb.messages import msg

CFG = config()["deciding_part"]
PART_END_RE = re.compile(config()["patterns"]["clause_marks"] + "|" + config()["patterns"]["sentence_end"])


@dataclass(frozen=True)
class Cut:
    """The quoted span of a sentence: its parts from ``start`` to ``end``, the asked forms it states."""

    sentence: Sentence
    start: int
    end: int
    named: tuple[str, ...]  # the asked forms the span states, as the sentence writes them, in its order
    statement: str  # the kept end its last part ends with (保持不变), or ""

    @property
    def text(self) -> str:
        """The span as quoted: the omission mark where the sentence goes on before or after it."""
        full = self.sentence.text
        tail = full.rstrip(config()["patterns"]["sentence_tail"])
        lead = msg("answer.omitted") if self.start > 0 else ""
        end = full[self.end :] if self.end >= len(tail) else msg("answer.omitted")
        return lead + full[self.start : self.end] + end


def part_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentence's parts, split at the part marks outside brackets and quotes, without the
    sentence's final mark."""
    tail = len(text.rstrip(config()["patterns"]["sentence_tail"]))
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(text[:tail]):
        if ch in CFG["open_marks"]:
            depth += 1
        elif ch in CFG["close_marks"]:
            depth = max(0, depth - 1)
        elif ch in CFG["part_marks"] and depth == 0:
            spans.append((start, i))
            start = i + 1
    spans.append((start, tail))
    return [(s, e) for s, e in spans if e > s]


def nearness(q: Question) -> list[tuple[tuple[str, ...], float, bool]]:
    """The question's own topics and words, each weighted by how close it is to the asking cue (旧房拆了以后地多长
    时间要复垦好？ asks the period of 复垦, not of 拆), and whether it is an action (a weak topic: 拆, 卖)."""
    cues = [(q.text.find(c), q.text.find(c) + len(c)) for c in q.cues if c in q.text] or [(len(q.text),) * 2]
    forms = [((*t.alternatives, t.written), t.written, t.weak) for t in q.topics]
    out = []
    for alternatives, written, weak in forms + [((w,), w, False) for w in q.words]:
        at = q.text.find(written)
        end = at + len(written)
        gap = min(max(0, start - end, at - stop) for start, stop in cues) if at >= 0 else len(q.text)
        same_part = at >= 0 and any(not PART_END_RE.search(q.text[min(at, c) : max(end, c)]) for c, _ in cues)
        out.append((alternatives, float(same_part) + 1.0 / (1 + gap), weak))
    return out


def _stated(text: str, alternatives: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the sentence writes one of the forms (longest first, not overlapping)."""
    found: list[tuple[int, int]] = []
    for a in sorted(set(alternatives), key=len, reverse=True):
        for m in re.finditer(re.escape(a), text):
            if not any(s < m.end() and m.start() < e for s, e in found):
                found.append((m.start(), m.end()))
    return found


def deciding_cut(q: Question, s: Sentence) -> Cut | None:
    """The part(s) of a long sentence that decide the question, or None when the whole sentence does (a short
    sentence, a sentence of one part, no part telling the asked thing apart)."""
    spans = part_spans(s.text)
    if len(s.text) < CFG["min_chars"] or len(spans) < 2:
        return None
    weighted = [(f, w, weak) for f, w, weak in nearness(q) if _stated(s.text, f)]
    own = {a for t in q.topics if not t.inherited for a in (t.written, *t.alternatives)} | set(q.words)
    weighted = [x for x in weighted if own & set(x[0])]
    if s.modality == "kept":  # the objects kept (not 搬迁): the parts stating most of them
        groups = [f for f, _, weak in weighted if not weak]
        counts = [sum(bool(_stated(s.text[a:b], f)) for f in groups) for a, b in spans]
        chosen = [i for i, c in enumerate(counts) if c and c == max(counts)]
    elif weighted:  # the asked action or object nearest the cue, in a part that states the rule itself
        best = max(weighted, key=lambda x: (x[1], x[2]))
        groups = [best[0]]
        chosen = [i for i, (a, b) in enumerate(spans) if _stated(s.text[a:b], best[0])]
        cues = CFG["rule_cues"].get(s.modality or "", [])
        if not chosen or not all(any(c in s.text[spans[i][0] : spans[i][1]] for c in cues) for i in chosen):
            return None
        chosen = list(range(chosen[0], len(spans)))  # the rule and what follows it (its exception, its sanction)
    else:
        return None
    if not chosen or len(chosen) == len(spans):
        return None
    first, last = chosen[0], chosen[-1]
    if first and spans[first - 1][1] - spans[first - 1][0] <= CFG["lead_chars"]:
        first -= 1  # 原则上，
    start, end = spans[first][0], spans[last][1]
    if _drops_asked_value(q, s.text[:start] + s.text[end:]):
        return None  # 从什么时候起允许…？ — the period (2020年后) is in a part the cut would leave out
    named = []  # one part's asked object(s), from the first form to the last (退耕还林等各类政策补贴)
    stating = [(a, b) for a, b in spans[first : last + 1] if any(_stated(s.text[a:b], f) for f in groups)]
    if len(stating) == 1:  # objects kept by different parts are not run together into one name
        a, b = stating[0]
        located = [span for f in groups for span in _stated(s.text[a:b], f)]
        named.append(_name(s.text[a:b], min(x for x, _ in located), max(y for _, y in located)))
    statement = next((k for k in CFG["kept_ends"] if s.text[spans[last][0] : end].endswith(k)), "")
    return Cut(s, start, end, tuple(dict.fromkeys(named)), statement)


def _drops_asked_value(q: Question, left_out: str) -> bool:
    """The question also asks a period or an amount, and the text left out of the cut states one; or the text
    left out states a period or value the question writes (…2020年后能在省内流转吗？)."""
    periods, values = PERIOD_RE.findall(left_out), VALUE_RE.findall(left_out)
    if any(v in q.text for v in (*periods, *values)):
        return True
    return ("period" in q.frames and bool(periods)) or ("quantity" in q.frames and bool(values))


def _name(part: str, start: int, end: int) -> str:
    """The asked object as the part writes it, to the end of its list item (承包 → 承包地); one followed by a
    class mark (退耕还林等各类政策补贴) up to the kept end, since the part keeps the class, not the programme."""
    kept = next((part.rfind(k) for k in CFG["kept_ends"] if part.endswith(k)), len(part))
    while end < kept and part[end] not in CFG["item_marks"] and part[end] not in CFG["class_marks"]:
        end += 1
    if end < kept and part[end] in CFG["class_marks"]:
        return part[start:kept]
    return part[start:end]
