"""The asker's own pay unpaid for a time, and a request to act for the asker, are personal cases (frames.yaml
case_signs, case_requests); the rules on the same pay stay questions."""

from __future__ import annotations

import pytest

from kb.answer.scope import refuse_kind


def kind(text: str) -> str | None:
    return refuse_kind(text, (), "", set(), text)


@pytest.mark.unit
def test_pay_unpaid_for_a_time_and_a_request_to_act_are_personal_cases() -> None:
    assert kind("我的公益刚位工资两个月没发了，能帮我催一下吗") == "personal_case"
    assert kind("俺的护林员补助三个月没发下来了，你帮俺催催") == "personal_case"
    assert kind("我在扶贫车间干活，工资半年都没给了") == "personal_case"
    assert kind("公益岗位的钱好几个月了还没发，帮我反映一下") == "personal_case"
    assert kind("能不能替我们去争取一下产业奖补") == "personal_case"


@pytest.mark.unit
def test_the_rules_on_the_same_pay_are_no_case() -> None:
    assert kind("公益岗位工资多久发一次？") is None
    assert kind("搬迁后补贴还发不发？") is None
    assert kind("公益岗位工资由谁发？") is None
    assert kind("帮我说说文件对公益岗位怎么规定的") is None
