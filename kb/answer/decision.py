"""The result of stage 4, *decide* (decide.py, definitions.py): whether a provision states what is asked, the
deciding sentences and, for a refusal, its kind and the nearest sentence."""

from __future__ import annotations

from dataclasses import dataclass

from kb.answer.lexicon import config
from kb.answer.sentences import Sentence
from kb.answer.understand import Question


@dataclass(frozen=True)
class Decision:
    answered: bool
    sentences: tuple[Sentence, ...] = ()  # the deciding sentence(s), first is the main one
    extra: tuple[Sentence, ...] = ()  # sentences for a secondary frame (the period of a must question)
    polarity: str | None = None  # yes | no
    refuse_kind: str | None = None  # amount | not_stated | unrelated | undefined_term
    nearest: Sentence | None = None
    term: str = ""  # the undefined term


def missing_kind(q: Question) -> str:
    """The refusal kind when no sentence states the question's topic: an amount, or whether it has one."""
    if q.frame == "quantity" and config()["money_unit"] in q.units:
        return "amount"
    return "unrelated" if not q.has_topic else "not_stated"
