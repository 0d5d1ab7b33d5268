"""Which of many texts contain a word: one search over the joined texts instead of one test per text, kept per
word for the process (the topic words of questions recur, so a new question mostly finds its words known).

Scoring a question tested every topic word against every provision sentence in Python, about 10 ms of a first
ask (docs/benchmarks.md, "Answers, fourth session"); here a word costs one ``str.find`` pass the first time."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

SEPARATOR = "\x00"  # joins the texts; no word contains it (a word that does is tested text by text)
MAX_WORDS = 50_000  # words kept per index; a long-running server forgets them all when this many are known


class TextIndex:
    """``containing(word)``: the positions of the texts that contain ``word``, as ``word in text`` says."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._joined = SEPARATOR.join(self._texts)
        self._starts: list[int] = []
        at = 0
        for text in self._texts:
            self._starts.append(at)
            at += len(text) + len(SEPARATOR)
        self._known: dict[str, frozenset[int]] = {}

    def containing(self, word: str) -> frozenset[int]:
        found = self._known.get(word)
        if found is None:
            found = self._find(word)
            if len(self._known) >= MAX_WORDS:
                self._known = {}
            self._known[word] = found
        return found

    def any_of(self, words: Iterable[str]) -> frozenset[int]:
        """The texts that contain at least one of ``words``."""
        out: frozenset[int] = frozenset()
        for word in words:
            out = out | self.containing(word)
        return out

    def _find(self, word: str) -> frozenset[int]:
        if not word or SEPARATOR in word:
            return frozenset(i for i, text in enumerate(self._texts) if word in text)
        found = set()
        at = self._joined.find(word)
        while at >= 0:
            i = bisect_right(self._starts, at) - 1
            found.add(i)
            if i + 1 >= len(self._starts):
                break
            at = self._joined.find(word, self._starts[i + 1])
        return frozenset(found)
