"""A short action word (租, 住, 卖) written inside a longer word that means something else (公租房, 房租, 住房) is
no topic of the question (part of stage 2, *understand*): the documents' ban on 租赁 says nothing about public
rental housing. A longer word that is itself a topic word (出租, 租出去) or the action on a house (租房子, 卖房子:
the action followed by a character of ``object_actions.free_after``) keeps it. Words in frames.yaml
``inner_words``."""

from __future__ import annotations

from kb.answer.lexicon import config
from kb.answer.scope import _posseg_lock
from kb.answer.topic_words import Topic


def spans(text: str) -> list[tuple[int, int, str]]:
    """The words of the text (jieba part of speech) with their offsets: start, end, flag."""
    import jieba.posseg

    with _posseg_lock:
        words = list(jieba.posseg.cut(text))
    out, at = [], 0
    for word in words:
        out.append((at, at + len(word.word), word.flag))
        at += len(word.word)
    return out


def inside_term(text: str, start: int, end: int, corpus_text: str) -> bool:
    """The word with the characters either side of it is a term the documents write (公租房)."""
    return start > 0 and end < len(text) and text[start - 1 : end + 1] in corpus_text


def inside_noun(
    text: str, start: int, end: int, words: list[tuple[int, int, str]], others: list[tuple[int, int]]
) -> bool:
    """The word lies inside a longer noun of the question that is no topic word, shares no character with
    another topic without holding it whole (安置房租了 is 安置房 + 租), and is not the action on a house (租房子)."""
    cfg = config()
    for s, e, flag in words:
        if s <= start and end <= e and e - s > end - start:
            crossed = any(a < e and s < b and not (s <= a and b <= e) for a, b in others)
            if crossed or not flag.startswith(tuple(cfg["inner_words"]["noun_flags"])):
                return False
            action = cfg["object_actions"]
            return not (
                s == start and text[start:end] in action["actions"] and text[end : end + 1] in action["free_after"]
            )
    return False


def outside_words(topics: tuple[Topic, ...], text: str, corpus_text: str) -> tuple[Topic, ...]:
    """The topics without the short actions every occurrence of which is inside another word."""
    limit = config()["inner_words"]["max_chars"]
    short = [t for t in topics if t.weak and len(t.written) <= limit]
    if not short:
        return topics
    words = spans(text)

    def inside(topic: Topic) -> bool:
        size = len(topic.written)
        starts = _starts(text, topic.written)
        others = [(i, i + len(t.written)) for t in topics if t != topic for i in _starts(text, t.written)]
        return bool(starts) and all(
            inside_term(text, i, i + size, corpus_text) or inside_noun(text, i, i + size, words, others) for i in starts
        )

    return tuple(t for t in topics if t not in short or not inside(t))


def _starts(text: str, word: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(word, i)]
