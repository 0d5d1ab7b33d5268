"""Segmentation of a cleaned body into sections (一、…) and items (（一）…).

Each item gets a stable clause label: section numeral + item numeral in full-width parentheses, e.g.
``六（一）``. Items numbered continuously across sections (``三（十）``) are detected and recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.corpus.clean import CorpusError, SourceLine
from kb.corpus.data import corpus_data
from kb.corpus.numerals import NUMERAL_CHARS, cn_to_int, int_to_cn
from kb.messages import msg

_MARKERS = corpus_data()["markers"]
SECTION_AFTER: str = _MARKERS["section_after"]  # 一、
ITEM_OPEN: str = _MARKERS["item_open"]  # （一）
ITEM_CLOSE: str = _MARKERS["item_close"]
PREAMBLE_LABEL: str = _MARKERS["preamble_label"]
SENTENCE_END: str = _MARKERS["sentence_end"]
ELLIPSIS: str = _MARKERS["ellipsis"]

SECTION_RE = re.compile(rf"^([{NUMERAL_CHARS}]+){re.escape(SECTION_AFTER)}(.*)$")
ITEM_RE = re.compile(rf"^{re.escape(ITEM_OPEN)}([{NUMERAL_CHARS}]+){re.escape(ITEM_CLOSE)}(.*)$")


def item_marker(number: int) -> str:
    """The numbering of item ``number`` as printed: ``（三）``."""
    return f"{ITEM_OPEN}{int_to_cn(number)}{ITEM_CLOSE}"


@dataclass(frozen=True)
class Clause:
    """An addressable unit of a document: an item, a section's lead-in, or the preamble."""

    label: str  # 六（一）, 六 (section lead-in) or 序言
    kind: str  # item | section | preamble
    section_no: int  # 0 for the preamble
    section_title: str
    item_no: int | None
    marker: str  # the numbering as printed: （一） or ""
    text: str  # verbatim after cleaning, without the marker
    line: int  # first source line

    @property
    def title(self) -> str:
        """The lead sentence of an item (its heading), or the first words of other text."""
        head = self.text.split(SENTENCE_END, 1)[0]
        return head if len(head) <= 60 else head[:30] + ELLIPSIS


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    line: int
    numeral: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "numeral", int_to_cn(self.number))


@dataclass
class _Block:
    kind: str  # section | item | text
    number: int | None
    text: str
    line: int
    parts: list[str] = field(default_factory=list)


def _blocks(lines: list[SourceLine], joiner: str, path: Path) -> list[_Block]:
    blocks: list[_Block] = []
    for line in lines:
        for kind, pattern in (("section", SECTION_RE), ("item", ITEM_RE)):
            match = pattern.match(line.text)
            if match:
                try:
                    number = cn_to_int(match.group(1))
                except ValueError as exc:
                    raise CorpusError(path, line.number, msg("corpus.bad_number", text=line.text[:20])) from exc
                blocks.append(_Block(kind, number, "", line.number, [match.group(2)]))
                break
        else:
            if blocks and (joiner == "" or blocks[-1].kind == "text"):
                blocks[-1].parts.append(line.text)
            else:
                blocks.append(_Block("text", None, "", line.number, [line.text]))
    for block in blocks:
        block.text = (joiner if block.kind != "section" else "").join(block.parts)
    return blocks


def segment(lines: list[SourceLine], layout: str, path: Path) -> tuple[list[Section], list[Clause], bool]:
    """Split body lines into sections and clauses. Returns (sections, clauses, continuous numbering)."""
    joiner = "" if layout == "pdf" else "\n"
    sections: list[Section] = []
    clauses: list[Clause] = []
    preamble: list[_Block] = []
    last_item = 0
    continuous = True
    restarts = 0
    current: Section | None = None
    for block in _blocks(lines, joiner, path):
        if block.kind == "section":
            expected = len(sections) + 1
            if block.number != expected:
                got = int_to_cn(block.number or 1)
                raise CorpusError(path, block.line, msg("corpus.section_gap", expected=int_to_cn(expected), got=got))
            if not block.text:
                raise CorpusError(path, block.line, msg("corpus.section_empty"))
            current = Section(expected, block.text, block.line)
            sections.append(current)
            section_items = 0
            continue
        if current is None:
            if block.kind == "item":
                raise CorpusError(path, block.line, msg("corpus.item_before_section"))
            preamble.append(block)
            continue
        if block.kind == "text":
            if section_items:
                raise CorpusError(path, block.line, msg("corpus.unnumbered_between_items"))
            clauses.append(_section_clause(current, block))
            continue
        number = block.number or 0
        if section_items == 0 and number == 1 and last_item > 0:
            continuous = False
            restarts += 1
        elif number != last_item + 1:
            next_key = "corpus.item_expected_next" if section_items else "corpus.item_expected_first_or_next"
            want = msg(next_key, next=int_to_cn(last_item + 1))
            raise CorpusError(path, block.line, msg("corpus.item_gap", expected=want, got=int_to_cn(number)))
        if not block.text:
            raise CorpusError(path, block.line, msg("corpus.item_empty"))
        last_item = number
        section_items += 1
        clauses.append(
            Clause(
                label=current.numeral + item_marker(number),
                kind="item",
                section_no=current.number,
                section_title=current.title,
                item_no=number,
                marker=item_marker(number),
                text=block.text,
                line=block.line,
            )
        )
    if not sections:
        first = lines[0].number if lines else 1
        raise CorpusError(path, first, msg("corpus.no_sections"))
    if preamble:
        text = joiner.join(b.text for b in preamble)
        clauses.insert(0, Clause(PREAMBLE_LABEL, "preamble", 0, "", None, "", text, preamble[0].line))
    return sections, clauses, continuous and restarts == 0


def _section_clause(section: Section, block: _Block) -> Clause:
    return Clause(section.numeral, "section", section.number, section.title, None, "", block.text, block.line)
