"""Homophone typos (part of stage 2, *understand*): residents type a word of the documents with one character
replaced by another of the same sound (林第 for 林地, 医宝 for 医保, 安直区 for 安置区). A run of the question that
the documents never write, that is no dictionary word, and that differs from a word of the documents in exactly
one character of the same sound group (kb/answer/frames.yaml ``homophones``) is read as that word — unless the
character it changes is part of a correctly written word across the run's edge (政府有 is no typo of 富有: 府 is
written right in 政府; 山上搬到 is none of 上班: 搬到 is a word)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kb.answer.lexicon import _jieba_lock as _lock
from kb.answer.lexicon import config

MIN_CHARS, MAX_CHARS = 2, 4
CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")


@cache
def sound_group() -> dict[str, int]:
    """Character → the number of its sound group."""
    return {ch: i for i, group in enumerate(config()["homophones"]) for ch in group}


@cache
def _index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """word with one character masked (林?) → the words of the vocabulary it may stand for."""
    index: dict[str, list[str]] = {}
    groups = sound_group()
    for word in vocabulary:
        for i, ch in enumerate(word):
            if ch in groups:
                index.setdefault(word[:i] + "?" + word[i + 1 :], []).append(word)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def vocabulary(corpus_text: str, tokenizer: Any, extra: tuple[str, ...] = ()) -> frozenset[str]:
    return _vocabulary(corpus_text, tokenizer, extra)


@cache
def _vocabulary(corpus_text: str, tokenizer: Any, extra: tuple[str, ...]) -> frozenset[str]:
    with _lock:
        words = set(tokenizer.lcut(corpus_text))
    words |= set(extra)
    return frozenset(w for w in words if MIN_CHARS <= len(w) <= MAX_CHARS and CJK_RUN_RE.fullmatch(w))


def _known_word(word: str, tokenizer: Any) -> bool:
    with _lock:
        tokenizer.check_initialized()
        return bool(tokenizer.FREQ.get(word))


def _breaks_word(text: str, start: int, end: int, pos: int, vocab: frozenset[str], tokenizer: Any) -> bool:
    """The character at ``pos`` of the run text[start:end] is part of a word (of the documents or the dictionary)
    that reaches outside the run: it is written right, and changing it would break that word."""
    for a in range(max(0, pos - MAX_CHARS + 1), pos + 1):
        for b in range(max(pos + 1, a + MIN_CHARS), min(len(text), a + MAX_CHARS) + 1):
            if (a < start or b > end) and (text[a:b] in vocab or _known_word(text[a:b], tokenizer)):
                return True
    return False


def fix_homophones(text: str, corpus_text: str, tokenizer: Any, extra: tuple[str, ...] = ()) -> str:
    """The text with each homophone typo of a word of the documents replaced by that word (longest first)."""
    groups = sound_group()
    vocab = vocabulary(corpus_text, tokenizer, extra)
    index = _index(vocab)
    out = list(text)
    taken = [False] * len(text)
    for size in range(MAX_CHARS, MIN_CHARS - 1, -1):
        for start in range(len(text) - size + 1):
            run = text[start : start + size]
            if any(taken[start : start + size]) or run in corpus_text or _known_word(run, tokenizer):
                continue
            candidates = {
                word
                for i, ch in enumerate(run)
                if ch in groups
                for word in index.get(run[:i] + "?" + run[i + 1 :], ())
                if groups.get(word[i]) == groups[ch]
                and word[i] != ch
                and not _breaks_word(text, start, start + size, start + i, vocab, tokenizer)
            }
            if len(candidates) != 1:
                continue  # none, or ambiguous
            word = candidates.pop()
            out[start : start + size] = list(word)
            for i in range(start, start + size):
                taken[i] = True
    return "".join(out)
