"""The one normaliser of user text, shared by ``ask``, ``search`` and the graph queries (who, duties, facts).

NFKC (full-width letters and digits become ASCII), traditional → simplified characters (OpenCC, the
``t2s`` dictionary), markup and query syntax stripped, spaces glued to Chinese text dropped, document
numbers and clause labels written the way the documents write them (``晋政办发[2019]57号`` →
``晋政办发〔2019〕57号``, ``六(四)`` → ``六（四）``).

    from kb.normalise import normalise
    normalise("搬遷後補貼<b>會不會</b>取消？")  # '搬迁后补贴会不会取消?'
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MARKUP_RE = re.compile(r"<[^>]{0,200}>|[{}<>`;$\\]")
DATA = yaml.safe_load(Path(__file__).with_name("normalise.yaml").read_text(encoding="utf-8"))
DOC_NUMBER_RE = re.compile(DATA["doc_number"])
WIDE = r"\u2018-\u201d\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
SPACE_NEXT_TO_WIDE_RE = re.compile(rf"(?<=[{WIDE}])\s+|\s+(?=[{WIDE}])")
# NFKC turns these full-width punctuation marks into ASCII; the documents (and the answers) use the wide forms
WIDE_PUNCTUATION = str.maketrans(DATA["wide_punctuation"])

_lock = threading.Lock()


@dataclass(frozen=True)
class Normalised:
    """A user's text before and after normalisation."""

    raw: str
    text: str

    @property
    def changed(self) -> bool:
        return self.raw != self.text


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (text already simplified is left as it is)."""
    if not text or text.isascii():
        return text
    with _lock:  # one OpenCC converter shared by threads
        return _converter().convert(text)


def normalise(text: str | None) -> str:
    """The normalised form of a user's text (may be empty)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    text = to_simplified(text)
    text = MARKUP_RE.sub(" ", text)  # markup and query syntax are never meaningful here
    written = DATA["doc_number_written"]
    text = DOC_NUMBER_RE.sub(lambda m: written.format(name=m.group(1), year=m.group(2), number=m.group(3)), text)
    text = text.translate(WIDE_PUNCTUATION)
    text = SPACE_NEXT_TO_WIDE_RE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def normalised(text: str | None) -> Normalised:
    return Normalised(text or "", normalise(text))
