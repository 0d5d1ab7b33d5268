"""Yes/no answers the cited sentence decides (session 8, dev9a): a loss asked with 会 + the losing verb (低保会停吗),
a cave dwelling as the old house, a person inheriting with a modal verb between (娃能继承不？) and the act told right
before a lone cue in a story (想把这房子卖了…，能成不？). Paraphrases beyond the gold cases, through the
real service."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.lexicon import Lexicon
from kb.answer.topic_words import focus_part, topic_table
from kb.answer.understand import Question, clean_question, understand
from kb.graph.store import GraphStore
from kb.model import Repository

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(store: GraphStore) -> AskService:
    return AskService(store)


def ask(store: GraphStore, text: str) -> Question:
    lexicon = Lexicon(store)
    table = topic_table(tuple(Repository(store).topics()))
    return understand(clean_question(text), lexicon, lexicon.corpus_text(), table=table)


@pytest.mark.parametrize("text", ["搬了低保会停吗", "医保会断不？", "搬走以后养老保险会没吗", "低保搬过去会断吗？"])
def test_hui_and_the_losing_verb_ask_a_loss(service: AskService, text: str) -> None:
    answer = service.ask(text)
    assert answer.frame == "loss" and answer.answered and answer.polarity == "no", (text, answer.answer)


@pytest.mark.parametrize("text", ["分了新房，老窑洞能不能先留着不拆，放个杂物啥的？", "老窑能留着不拆吗？"])
def test_a_cave_dwelling_is_the_old_house(service: AskService, text: str) -> None:
    answer = service.ask(text)
    assert answer.answered and answer.polarity == "no", (text, answer.answer)


@pytest.mark.parametrize(
    "turns",
    [
        ("俺家安置房能卖不？", "那要是俺老了走了，娃能继承不？"),
        ("安置房能出售吗？", "子女可以继承吗？"),
    ],
)
def test_a_person_inheriting_with_a_modal_between(service: AskService, turns: tuple[str, str]) -> None:
    first = service.ask(turns[0])
    answer = service.ask(turns[1], first.turn)
    assert answer.answered and answer.polarity == "yes", (turns, answer.answer)


def test_a_lone_cue_asks_of_the_act_before_it(store: GraphStore) -> None:
    table = topic_table(tuple(Repository(store).topics()))
    q = ask(store, "俺家安置房住了五六年了，娃要去城里念书，想把这房子卖了凑点钱，能成不？")
    written = {t.written for t in q.topics}
    assert "安置房" in written and "卖了" in written and "孩子" not in written and "念书" not in written
    # a cue with a topic of its own keeps the old reading (its parts with topics)
    assert "承包地" in focus_part("俺搬到县城了，老家的承包地还是俺的不？", ("还是",), table)


@pytest.mark.parametrize(
    "text",
    [
        "俺家安置房住了五六年了，娃要去城里念书，想把这房子卖了凑点钱，能成不？",
        "俺家分的安置房一直空着，孩子要到城里上学，想把这房卖了，行不行？",
    ],
)
def test_a_story_about_selling_the_house(service: AskService, text: str) -> None:
    answer = service.ask(text)
    assert answer.answered and answer.polarity == "no", (text, answer.answer)
    assert answer.citations[0].clause == "六（四）", text
