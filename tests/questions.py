"""A question read by the understand stage as the service reads it (the real lexicon and topic table of a store):
shared by the tests of the answer stages."""

from __future__ import annotations

from kb.answer.lexicon import Lexicon
from kb.answer.understand import Question, clean_question, topic_table, understand
from kb.graph.store import GraphStore
from kb.model import Repository


def understood(store: GraphStore, text: str) -> Question:
    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    return understand(clean_question(text), lexicon, lexicon.corpus_text(), table=table)
