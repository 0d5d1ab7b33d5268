"""Segmentation of a clause into provisions: its lead sentence, then every sentence ending in 。 or ；.

Lossless: the provisions of a clause, joined in order, give back the clause text exactly. A sentence mark
inside brackets or quotation marks does not end a provision, and a closing bracket or quotation mark right
after the mark stays with the sentence it closes.
"""

from __future__ import annotations

from dataclasses import dataclass

SENTENCE_ENDS = "。；"
LEAD_END = "。"
OPENERS = "（(“「《"
CLOSERS = "）)”」》"


@dataclass(frozen=True)
class Segment:
    index: int  # 0 = the clause's lead sentence
    start: int  # character offset in the clause text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _cut_points(text: str, ends: str) -> list[int]:
    """Offsets just after each sentence end that is outside brackets and quotes."""
    depth, cuts = 0, []
    for pos, char in enumerate(text):
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth = max(0, depth - 1)
        elif char in ends and depth == 0:
            cuts.append(pos + 1)
    return cuts


def segment_clause(text: str) -> list[Segment]:
    """The ordered provisions of a clause text; provision 0 runs to the first 。 (the title)."""
    if not text:
        return []
    lead_cuts = _cut_points(text, LEAD_END)
    lead_end = lead_cuts[0] if lead_cuts else len(text)
    cuts = [lead_end] + [c for c in _cut_points(text, SENTENCE_ENDS) if c > lead_end]
    if cuts[-1] != len(text):
        cuts.append(len(text))
    segments, start = [], 0
    for cut in cuts:
        piece = text[start:cut]
        if piece.strip():
            segments.append(Segment(len(segments), start, piece))
        elif segments:  # whitespace between sentences stays with the sentence before it
            last = segments[-1]
            segments[-1] = Segment(last.index, last.start, last.text + piece)
        else:
            segments.append(Segment(0, start, piece))
        start = cut
    return segments
