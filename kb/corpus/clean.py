"""Cleaning of raw document text: spacing, PDF page-break artefacts, front matter and tail.

Every step keeps the source line number of each line, so a later parse error can name the spot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kb.corpus.data import corpus_data
from kb.messages import msg

# CJK ideographs, CJK punctuation and full-width forms: spaces next to them are PDF artefacts.
_WIDE = r"\u2018-\u201d\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEXT_TO_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_WIDE}])")
_TAIL = corpus_data()["tail"]
_COPY_TO: str = _TAIL["copy_to"]  # the 抄送 line that opens the closing block
_DATE_LINE = re.compile(_TAIL["date_line"])
_PRINTED_LINE = re.compile(_TAIL["printed_line"])


class CorpusError(ValueError):
    """A source document or its metadata cannot be parsed. Names the file and line."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line number in the source file
    text: str


def normalise(text: str) -> str:
    """Drop spaces glued to Chinese text (``2020 年`` → ``2020年``) and trim the line."""
    return _SPACE_NEXT_TO_WIDE.sub("", text).strip()


def read_lines(raw: str) -> list[SourceLine]:
    """Normalised, non-blank lines of a raw text, with their source line numbers."""
    lines = []
    for number, text in enumerate(raw.splitlines(), start=1):
        cleaned = normalise(text)
        if cleaned:
            lines.append(SourceLine(number, cleaned))
    return lines


def cut_front_matter(lines: list[SourceLine], marker: str | None, path: Path) -> list[SourceLine]:
    """Drop everything up to and including the lines that spell ``marker``.

    The marker may be broken over several lines (PDF extraction), so runs of consecutive lines are
    joined and compared. Without a marker nothing is dropped.
    """
    if not marker:
        return lines
    target = normalise(marker)
    for start in range(len(lines)):
        joined = ""
        for end in range(start, len(lines)):
            joined += lines[end].text
            if joined == target:
                return lines[end + 1 :]
            if len(joined) >= len(target) or not target.startswith(joined):
                break
    first = lines[0].number if lines else 1
    raise CorpusError(path, first, msg("corpus.no_start_marker", marker=target))


def _signs(line: SourceLine, issuer: str) -> bool:
    return line.text == issuer or bool(_DATE_LINE.match(line.text) or _PRINTED_LINE.search(line.text))


def cut_tail(lines: list[SourceLine], issuer: str) -> list[SourceLine]:
    """Drop the 抄送 block and the closing signature (issuer, date, 印发 line)."""
    return split_tail(lines, issuer)[0]


def split_tail(lines: list[SourceLine], issuer: str) -> tuple[list[SourceLine], list[SourceLine]]:
    """The body without its closing block, and the document's colophon (落款): the signature lines the body
    ends with (issuer, date) and the 印发 line of the 抄送 block, as the source states them (cleaned)."""
    kept: list[SourceLine] = []
    copy_block: list[SourceLine] = []
    for line in lines:
        if copy_block or line.text.startswith(_COPY_TO):
            copy_block.append(line)
        else:
            kept.append(line)
    signature: list[SourceLine] = []
    while kept and _signs(kept[-1], issuer):
        signature.insert(0, kept.pop())
    printed = [line for line in copy_block if _PRINTED_LINE.search(line.text)]
    return kept, signature + printed
