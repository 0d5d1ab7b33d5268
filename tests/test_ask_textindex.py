"""Which texts contain a word (kb/answer/textindex.py): the same answer as ``word in text`` for every text."""

from __future__ import annotations

import pytest

from kb.answer import textindex
from kb.answer.textindex import TextIndex

pytestmark = pytest.mark.unit

TEXTS = ["安置房不得出租。", "", "出租出租", "租", "房屋出租和出售", "出"]


@pytest.mark.parametrize("word", ["出租", "租", "出", "房", "不得", "售出", "出租出租", "", "\x00", "无"])
def test_containing_is_word_in_text(word: str) -> None:
    index = TextIndex(TEXTS)
    expected = frozenset(i for i, text in enumerate(TEXTS) if word in text)
    assert index.containing(word) == expected
    assert index.containing(word) == expected  # the second time from what it keeps


def test_a_word_never_spans_two_texts() -> None:
    assert TextIndex(["安置", "房"]).containing("安置房") == frozenset()


def test_any_of_is_the_union() -> None:
    index = TextIndex(TEXTS)
    assert index.any_of(["出售", "不得"]) == {0, 4}
    assert index.any_of([]) == frozenset()


def test_it_forgets_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textindex, "MAX_WORDS", 2)
    index = TextIndex(TEXTS)
    for word in ["出", "租", "房", "售"]:
        assert index.containing(word) == frozenset(i for i, t in enumerate(TEXTS) if word in t)
    assert len(index._known) <= 2
