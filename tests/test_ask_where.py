"""A where question (设在哪？ 建在哪？ 在什么地方？ 办公室在哪儿？: frames.yaml frames.where) is answered only from a
sentence stating the place of the asked thing (frames.yaml where); else it is refused citing the nearest provision,
with no place of its own: the documents never say where an office sits."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.frame_cues import frames_of
from kb.answer.places import states_place
from kb.messages import msg


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "领导小组办公室设在哪？",
        "这个事归哪个部门管，办公室在哪儿？",
        "日间照料中心建在哪？",
        "服务站在什么地方？",
        "办公室在哪？",
    ],
)
def test_a_where_cue_makes_a_where_question(text: str) -> None:
    assert frames_of(text)[0][0] == "where"


@pytest.mark.unit
@pytest.mark.parametrize(
    "text", ["搬迁群众在哪些方面跟当地居民享受同等待遇？", "在哪一年有效解决？", "在考核中处于什么位置？"]
)
def test_which_of_several_or_which_year_is_no_where_question(text: str) -> None:
    assert "where" not in frames_of(text)[0]


@pytest.mark.unit
def test_a_place_is_stated_in_the_part_writing_the_asked_thing() -> None:
    assert states_place("采取配建公租房、中心村建老年人日间照料中心等方式。", ("照料",))
    assert states_place("在大型安置区确定专门场所设立公共就业服务站或窗口。", ("服务站",))
    assert states_place("服务站设在安置社区。", ("服务站",))
    assert not states_place("因地制宜设立派出所（警务室、执勤点），强化安置区社会治安综合防控。", ("派出所",))
    assert not states_place("督导市县两级继续保留易地扶贫搬迁工作领导小组、指挥部。", ("领导小组",))
    assert not states_place("中心村建老年人日间照料中心。", ("派出所",))  # a place of something else



@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "领导小组办公室设在哪？",
        "易地扶贫搬迁领导小组办公室在什么地方？",
        "人社部门在哪儿？",
        "扶贫开发投资公司地址在哪？",
        "派出所设在哪里？",
    ],
)
def test_no_sentence_stating_the_place_refuses_citing_the_nearest(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert not answer.answered and answer.frame == "where" and answer.signals["refuse_kind"] == "not_stated"
    assert len(answer.citations) == 1 and len(answer.provisions) == 1
    nearest = answer.provisions[0]
    where = f"{nearest['doc']} {nearest['clause']}"
    assert answer.answer.startswith(
        msg("answer.refuse.fact_none", where=where, what=msg("answer.refuse.fact_none_where"))
    )
    assert service.grounding.check(answer).ok


@pytest.mark.slow
def test_a_where_follow_up_refuses_citing_the_previous_topic(service: AskService) -> None:
    first = service.ask("不动产权登记谁牵头？")
    answer = service.ask("这个事归哪个部门管，办公室在哪儿？", first.turn)
    assert not answer.answered and answer.frame == "where"
    assert answer.citations and answer.citations[0].key == first.citations[0].key


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, clause, place",
    [
        ("日间照料中心建在哪？", "五（四）", "中心村"),
        ("老年人日间照料中心在什么地方建？", "五（四）", "中心村"),
        ("公共就业服务站设在哪儿？", "二（五）", "大型安置区"),
        ("扶贫产业园区建在什么地方？", "三（一）", "县城大型安置点"),
    ],
)
def test_a_sentence_stating_the_place_answers(service: AskService, question: str, clause: str, place: str) -> None:
    answer = service.ask(question)
    assert answer.answered and answer.frame == "where" and answer.polarity is None
    assert answer.citations[0].key.endswith(clause) and place in answer.answer
