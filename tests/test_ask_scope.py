"""Signs in the question itself that it asks what the documents never state: the asker's own errand (where to go,
which window, what to bring, who repairs their flat), what holds after a period, a fine, who owns land; and that
in-scope who/when questions using the same characters keep passing."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.scope import refuse_kind
from kb.graph.store import GraphStore
from kb.messages import msg


def kind(text: str) -> str | None:
    return refuse_kind(text, (), "", set())


@pytest.mark.unit
def test_the_askers_own_errand_is_not_stated() -> None:
    assert kind("不动产权证去哪儿办？") == "errand"
    assert kind("补助款到哪里领？") == "errand"
    assert kind("电商培训在哪报名？") == "errand"
    assert kind("得找哪个窗口？") == "errand"
    assert kind("要交哪些材料？") == "errand"
    assert kind("房子漏水了找谁修？") == "errand"
    assert kind("墙裂了谁来给俺家修？") == "errand"
    assert kind("安置区设了哪些服务窗口？") is None  # the windows the documents set up
    assert kind("剩下的钱往哪儿用？") is None


@pytest.mark.unit
def test_what_holds_after_a_period_is_not_stated() -> None:
    assert kind("20年以后能卖吗？") == "after_period"
    assert kind("二十年之后呢？") == "after_period"
    assert kind("过了这个年限就能卖了？") == "after_period"
    assert kind("住满二十年能抵押不？") == "after_period"
    assert kind("多少年以后才能卖？") is None  # the period itself is stated
    assert kind("指标从哪一年后可以流转？") is None
    assert kind("还是非得等够年限？") is None
    assert kind("2025年以后还有扶持吗？") == "later_policy"  # a year, not a period


@pytest.mark.unit
def test_a_fine_and_who_owns_land_are_not_stated() -> None:
    assert kind("一直不拆会罚钱不？") == "not_stated"
    assert kind("复垦的地以后归谁？") == "not_stated"
    assert kind("收成归谁？") == "not_stated"
    assert kind("吃水的事归谁管？") is None
    assert kind("那吃水的事归谁？") is None
    assert kind("物业费交多少？") == "unrelated"


@pytest.mark.slow
def test_an_errand_refusal_says_what_the_documents_do_not_state(store: GraphStore) -> None:
    service = AskService(store)
    answer = service.ask("不动产权证去哪儿办？找哪个窗口？")
    assert not answer.answered and answer.answer.startswith(msg("answer.refuse.errand"))
    answer = service.ask("那20年以后是不是就能随便卖了？")
    assert not answer.answered and answer.answer.startswith(msg("answer.refuse.after_period"))
    assert service.ask("安置社区吃水的事儿归谁管？").answered
    assert service.ask("安置房多少年以后才能卖？").answered
