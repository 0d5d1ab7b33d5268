"""How a question names the documents: each one by its 文号, title, short title and the short forms residents
write its 文号 in (57号文, 〔2019〕57号, 晋政办发57号), and all of them together (两个文件, 这些文件). The forms
are data (kb/answer/frames.yaml ``document_names``); the count of ``all`` is the corpus's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from kb.corpus.numerals import int_to_cn


def config() -> dict[str, Any]:
    from kb.answer.lexicon import config as frames  # lexicon imports this module

    return frames()


def short_forms(doc_number: str) -> list[str]:
    """The short forms of one 文号 (none when it is not written 机关代字〔年份〕序号号)."""
    cfg = config()["document_names"]
    match = re.match(cfg["number"], doc_number)
    if not match:
        return []
    return [form.format(**match.groupdict()) for form in cfg["short"]]


def count_words(count: int) -> list[str]:
    """The Chinese numerals of the corpus's count of documents, written and spoken (二, 两, 俩)."""
    if not 0 < count < 100:
        return []
    written = int_to_cn(count)
    return [written, *config()["document_names"]["spoken_numerals"].get(written, [])]


def document_labels(documents: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Every label a question may name documents by → the documents' IRIs (a label of all: every IRI)."""
    docs = list(documents)
    labels: dict[str, list[str]] = {}
    for d in docs:
        for label in (d["doc"], d["title"], d["shortTitle"], *short_forms(d["doc"])):
            if d["docIri"] not in labels.setdefault(label, []):
                labels[label].append(d["docIri"])
    everyone = [d["docIri"] for d in docs]
    for form in config()["document_names"]["all"]:
        for n in count_words(len(docs)) if "{n}" in form else [""]:
            labels.setdefault(form.format(n=n), everyone)
    return labels


def fits(question: str, start: int, end: int) -> bool:
    """A label starting with a digit (57号) is no part of a longer number, a date (4月12号) or an address (12号楼)."""
    if not question[start].isdigit():
        return True
    cfg = config()["document_names"]
    before = question[start - 1] if start > 0 else ""
    after = question[end] if end < len(question) else ""
    return not (before and before in cfg["not_after"]) and not (after and after in cfg["not_before"])


def refers_to_document(text: str) -> bool:
    """The question points at a document without naming it (这文件, 下的文) and asks its metadata (哪天发, 谁下)."""
    cfg = config()
    return any(r in text for r in cfg["document_refs"]) and any(c in text for c in cfg["document_ref_cues"])


def other_words(words: Iterable[str]) -> list[str]:
    """The words of a document question that are no part of its cues (天发 of 哪天发): what else it names."""
    cfg = config()
    cues = (*cfg["frames"]["document"], *cfg["document_ref_cues"], *cfg["document_refs"])
    return [w for w in words if not any(w in c for c in cues)]
