"""The frame cue words of a question (part of stage 2, *understand*): which frames its cues (frames.yaml frames,
frame_patterns) name, in which order, and the question with its cues cut out (what is left names the topics)."""

from __future__ import annotations

import re
from functools import cache

from kb.answer.lexicon import config


def frames_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The frames whose cue words (or cue patterns) the question holds, in the order of frames.yaml, then
    moved by ``frame_precedence``. Cues claim their characters longest first: a cue inside or across a longer
    cue is not matched when it crosses the longer one (还给不给了 is a keep question, not 不给了); a cue inside a
    longer one still counts (什么时候出台 is a document cue and 什么时候 a period cue)."""
    cfg = config()
    spans: list[tuple[int, int, str, str]] = []  # start, end, frame, cue
    for frame, words in cfg["frames"].items():
        for word in words:
            start = text.find(word)
            while start >= 0:
                spans.append((start, start + len(word), frame, word))
                start = text.find(word, start + 1)
    for frame, patterns in (cfg.get("frame_patterns") or {}).items():
        for pattern in patterns:
            spans.extend((m.start(), m.end(), frame, m.group(0)) for m in re.finditer(pattern, text))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    hit: dict[str, list[str]] = {}
    for start, end, frame, word in spans:
        if any(start < e and s < end and not (s <= start and end <= e) for s, e in taken):
            continue  # crosses a longer cue
        taken.append((start, end))
        hit.setdefault(frame, [])
        if word not in hit[frame]:
            hit[frame].append(word)
    order = [f for f in (*cfg["frames"], *(cfg.get("frame_patterns") or {})) if f in hit]
    order = list(dict.fromkeys(order))
    for first, after in (cfg.get("frame_precedence") or {}).items():
        # only when asked in one part (承包地非得交回不？), not a loss the asker adds (…必须接续上，不能出现断保？)
        if first in order and any(f in order and _one_part(text, hit[first], hit[f]) for f in after):
            order.remove(first)
            order.insert(min(order.index(f) for f in after if f in order), first)
    order = _asked_last(text, order, hit)
    if "who" in order and asks_owner(text):
        order = [f for f in order if f != "who"] or ["what"]
        hit.setdefault("what", [])
    return tuple(order), tuple(w for f in order for w in hit[f])


def _asked_last(text: str, order: list[str], hit: dict[str, list[str]]) -> list[str]:
    """A frame of frames.yaml asked_part_frames leads only when its cue is in the question's last part, or no
    other frame's is: 那俺爹没了，俺继承中不中？ asks may one inherit (没了 tells the case)."""
    parts = [p for p in re.split(config()["patterns"]["clause_marks"], text) if p.strip()]
    last = parts[-1] if parts else text
    asked = [f for f in order if any(c in last for c in hit[f])]
    for frame in config()["asked_part_frames"]:
        if frame in order and frame not in asked and asked:
            order = [f for f in order if f != frame] + [frame]
    return order


def _one_part(text: str, cues: list[str], others: list[str]) -> bool:
    """Some cue of the first list is written in the same part of the question (between commas) as one of the
    others."""
    parts = re.split(config()["patterns"]["clause_marks"], text)
    return any(any(c in p for c in cues) and any(o in p for o in others) for p in parts)


def asks_owner(text: str) -> bool:
    """Whose a thing is (frames.yaml ownership): a cue, or 归谁 right after one of the owned things."""
    cfg = config()["ownership"]
    if any(c in text for c in cfg["cues"]):
        return True
    things = "|".join(re.escape(t) for t in cfg["things"])
    after = "|".join(re.escape(t) for t in cfg["not_after"])
    return re.search(f"(?:{things}){re.escape(cfg['ask'])}(?!{after})", text) is not None


@cache
def _cue_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The cue words a pattern would cut (longest first), the patterns, the other cue words (longest first):
    the same for every question, so computed once. Cue words of one length keep the order of frames.yaml (not a
    set's, which changes from run to run: 哪几个率 lost 哪几 or 几个 by chance)."""
    cfg = config()
    words = list(dict.fromkeys([w for ws in cfg["frames"].values() for w in ws] + list(cfg["followup"]["cues"])))
    patterns = tuple(p for ps in (cfg.get("frame_patterns") or {}).values() for p in ps)
    cut = [w for w in words if any(re.search(p, w) for p in patterns)]
    rest = [w for w in words if w not in cut]
    return tuple(sorted(cut, key=len, reverse=True)), patterns, tuple(sorted(rest, key=len, reverse=True))


def strip_cues(text: str) -> str:
    # whole-cue patterns (no group) first; then cue words a pattern would cut (会不会变, 需不需要); then the patterns,
    # which hold cue words (不拆不行吗); then the other cue words, all at once
    cut, patterns, rest = _cue_words()
    for pattern in patterns:  # a pattern with no group is a whole cue (会不会就断): before the words it holds
        if not re.compile(pattern).groups:
            text = re.sub(pattern, " ", text)
    for word in cut:
        text = text.replace(word, " ")
    for pattern in patterns:
        text = re.sub(pattern, lambda m: f" {m.group(1) if m.groups() else ''} ", text)
    # the other cue words claim their characters together: two cues sharing characters (哪几 and 几个 in 哪几个率)
    # both go, whichever is tried first (a replaced cue no longer matches its neighbour, and equal lengths have no
    # order)
    taken = [False] * len(text)
    for word in rest:
        start = text.find(word)
        while start >= 0:
            taken[start : start + len(word)] = [True] * len(word)
            start = text.find(word, start + 1)
    return "".join(" " if cut_here else ch for ch, cut_here in zip(text, taken, strict=True))
