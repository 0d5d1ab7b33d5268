"""Yes/no answers the cited sentence decides (session 8, dev9a): a loss asked with 会 + the losing verb (低保会停吗),
a cave dwelling as the old house, a person inheriting with a modal verb between (娃能继承不？), the act told right
before a lone cue in a story (想把这房子卖了…，能成不？), a bound on an amount (可否低于500亩？ — 不少于500亩), a cap
asked of what is not restricted (有没有卡着上限？ — 不受限制) and a condition of the grant the asker says is not met
(考核没合格 — 年度考核合格的护林员优先续聘). Paraphrases beyond the gold cases, through the real service."""

from __future__ import annotations

import pytest
from questions import understood

from kb.answer import AskService
from kb.answer.bounds import asked_bound, bound_polarity, stated_bound
from kb.answer.conditions import attributes
from kb.answer.topic_words import focus_part, topic_table
from kb.graph.store import GraphStore
from kb.model import Repository

pytestmark = pytest.mark.slow




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
    q = understood(store, "俺家安置房住了五六年了，娃要去城里念书，想把这房子卖了凑点钱，能成不？")
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


def test_bounds() -> None:
    floor = "按照人均管护面积不少于500亩的要求"
    assert asked_bound("可否低于500亩？") == ("below", "500亩")
    assert asked_bound("是不是不能少于500亩？") is None  # restates the floor
    assert stated_bound(floor, "500亩") == "floor" and stated_bound("3000人以上大型安置区", "3000人") == "floor"
    assert stated_bound("6个月内完成旧房拆除", "6个月") == "ceiling"
    assert bound_polarity("可否低于500亩？", floor) == "no"
    assert bound_polarity("能超过500亩吗？", floor) == "yes"
    assert bound_polarity("能超过6个月吗？", "6个月内完成旧房拆除") == "no"
    assert bound_polarity("可否低于300亩？", floor) is None  # another amount: not decided by the bound


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("护林员搬迁后重新调整管护责任区，人均管护面积可否低于500亩？", "no"),
        ("人均管护面积能少于500亩吗？", "no"),
        ("护林员人均管护面积能超过500亩吗？", "yes"),
        ("护林员搬迁后调整管护责任区，人均管护面积是不是不能少于500亩？", "yes"),
        ("贫困县搞城乡建设用地增减挂钩，规模指标上头有没有卡着上限？", "no"),
        ("增减挂钩规模指标封不封顶？", "no"),
        ("安置房出售有没有限制？", "yes"),
        ("安置房出售受不受限制？", "yes"),
        ("护林员要是当年考核没合格，搬迁以后还能优先续聘吗？", "no"),
        ("考核不合格的护林员还能优先续聘吗？", "no"),
        ("不符合条件的护林员能优先续聘不？", "no"),
        ("护林员考核合格了，搬迁以后还能优先续聘吗？", "yes"),
        ("没有就业意愿的搬迁劳动力也能参加培训吗？", "no"),
    ],
)
def test_decided_paraphrases(service: AskService, text: str, expected: str) -> None:
    answer = service.ask(text)
    assert answer.answered and answer.polarity == expected, (text, answer.answer)


def test_a_limit_question_is_answered_in_its_words(service: AskService) -> None:
    assert service.ask("增减挂钩规模指标有没有卡着上限？").answer.startswith("不受限制")


def test_the_condition_is_what_a_part_writes_before_its_attribute_mark() -> None:
    text = "搬迁后已脱贫的生态护林员继续享受相关政策，符合条件、履职尽责、年度考核合格的护林员优先续聘。"
    assert attributes(text) == ["搬迁后已脱贫", "符合条件、履职尽责、年度考核合格"]
