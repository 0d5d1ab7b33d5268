"""Segmentation of a clause into provisions: its lead sentence, then every sentence ending in 。 or ；.

Lossless: the provisions of a clause, joined in order, give back the clause text exactly. A sentence mark
inside brackets or quotation marks does not end a provision, and a closing bracket or quotation mark right
after the mark stays with the sentence it closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.paths import ontology_dir

MARKS_FILE = "provisions.ttl"


@dataclass(frozen=True)
class TextMarks:
    """The punctuation segmentation and extraction read (pkb:TextMarks in ontology/provisions.ttl)."""

    sentence_ends: str
    lead_end: str
    openers: str
    closers: str
    item_separator: str
    phrase_separator: str
    relative_marker: str
    quote_open: str
    quote_close: str
    other: str
    context_separator: str

    def bracketed(self, text: str) -> str:
        """``text`` in the documents' round brackets: （…）."""
        return f"{self.openers[0]}{text}{self.closers[0]}"

    @property
    def punctuation(self) -> str:
        """Every mark that ends a word run (for character classes)."""
        return "".join(
            dict.fromkeys(
                self.sentence_ends
                + self.openers
                + self.closers
                + self.item_separator
                + self.phrase_separator
                + self.other
            )
        )


@cache
def text_marks(folder: Path | None = None) -> TextMarks:
    from rdflib import Graph

    from kb.graph.namespaces import PKB

    graph = Graph().parse((folder or ontology_dir()) / MARKS_FILE, format="turtle")

    def value(name: str) -> str:
        found = graph.value(PKB.TextMarks, PKB[name])
        if found is None:
            raise ValueError(f"ontology/{MARKS_FILE}: pkb:TextMarks needs pkb:{name}")
        return str(found)

    return TextMarks(
        value("sentenceEnd"),
        value("leadEnd"),
        value("opener"),
        value("closer"),
        value("itemSeparator"),
        value("phraseSeparator"),
        value("relativeMarker"),
        value("quoteOpen"),
        value("quoteClose"),
        value("otherPunctuation"),
        value("contextSeparator"),
    )


@dataclass(frozen=True)
class Segment:
    index: int  # 0 = the clause's lead sentence
    start: int  # character offset in the clause text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _cut_points(text: str, ends: str, marks: TextMarks) -> list[int]:
    """Offsets just after each sentence end that is outside brackets and quotes."""
    depth, cuts = 0, []
    for pos, char in enumerate(text):
        if char in marks.openers:
            depth += 1
        elif char in marks.closers:
            depth = max(0, depth - 1)
        elif char in ends and depth == 0:
            cuts.append(pos + 1)
    return cuts


def segment_clause(text: str) -> list[Segment]:
    """The ordered provisions of a clause text; provision 0 runs to the first 。 (the title)."""
    if not text:
        return []
    marks = text_marks()
    lead_cuts = _cut_points(text, marks.lead_end, marks)
    lead_end = lead_cuts[0] if lead_cuts else len(text)
    cuts = [lead_end] + [c for c in _cut_points(text, marks.sentence_ends, marks) if c > lead_end]
    if cuts[-1] != len(text):
        cuts.append(len(text))
    segments: list[Segment] = []
    start = 0
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
