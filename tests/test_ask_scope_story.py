"""The asker's own case told as a story (a lapse reported done, an event then 怎么回事, what to do in 我家这种情况,
a request to change the asker's flat, a person's phone), a village outside the relocation plan, and a
department's duty that names 搬迁对象 (frames.yaml case_signs, case_requests, case_signs.eligibility,
not_with_department); the in-scope twins with the same words stay questions."""

from __future__ import annotations

import pytest

from kb.answer.scope import refuse_kind


def kind(text: str, department: bool = False) -> str | None:
    return refuse_kind(text, (), "", set(), text, department=department)


@pytest.mark.unit
def test_a_story_of_the_askers_own_case_is_a_personal_case() -> None:
    assert kind("俺娘的养老金搬到县城以后两个月没到了，这可咋弄？") == "personal_case"
    assert kind("我家的五保补助半年都没给了") == "personal_case"
    assert kind("我的护林员补助搬下来就取消了，这到底是怎么回事？") == "personal_case"
    assert kind("房子一直没验收，村里又催着拆旧房，我们家这种情况咋整？") == "personal_case"
    assert kind("俺分的安置房楼层太高，能不能给俺调个低点的？") == "personal_case"
    assert kind("能给我们家换一套离学校近的安置房不？") == "personal_case"
    assert kind("乡里管搬迁的干部联系电话是多少？") == "personal_case"
    assert kind("安置点点长是谁？手机号给一个") == "personal_case"


@pytest.mark.unit
def test_the_rules_with_the_same_words_stay_questions() -> None:
    assert kind("搬迁后低保会不会停？") is None
    assert kind("公益岗位工资几个月发一次？") is None
    assert kind("拿到钥匙半年不搬会怎么样？") is None
    assert kind("旧房拆除了，为什么还要复垦？") is None
    assert kind("“人人持证，技能社会”工程是怎么回事？") is None  # a term, not an event
    assert kind("安置区要通电话、通网络吗？") is None
    assert kind("村集体收益分配还有俺家的份儿不？") is None  # a share kept, not a list the asker is on
    assert kind("名单里有我家没有？") == "personal_case"


@pytest.mark.unit
def test_a_village_outside_the_relocation_plan_asks_who_qualifies() -> None:
    assert kind("我们村没列进搬迁计划，想整村搬，能申请吗？") == "eligibility"
    assert kind("俺家不在易地扶贫搬迁名单里，还能搬吗？") == "eligibility"
    assert kind("没纳入搬迁范围的村子能搬不？") == "eligibility"
    assert kind("搬迁计划什么时候完成？") is None


@pytest.mark.unit
def test_a_departments_duty_is_no_eligibility_question() -> None:
    duty = "民政部门还要把哪些搬迁对象纳入低保？"
    assert kind(duty) == "eligibility"  # without the department the cue 搬迁对象 reads as who qualifies
    assert kind(duty, department=True) is None
    assert kind("扶贫部门说我不是搬迁对象，这咋整？", department=True) == "eligibility"  # the asker's own case
