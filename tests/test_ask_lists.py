"""List, period and duty questions through the real graph and embedding model (paraphrases of our own, not gold
cases): what a thing includes is the enumeration written before it (…等造林项目); a by-when question in
residents' words (啥时候以前, 当初定的) is a deadline; a level named (县里的, 县级) gets that level's own duty
sentence and its department, not the province's lead; a who question about a task the chosen measure never
writes is answered by the one sentence assigning it (…项目县…解决…遗留问题和具体困难); of a list question, a
sentence whose items are the asked thing (…补贴、…补助) leads over another enumeration."""

from __future__ import annotations

import pytest

from kb.answer import AskService
from kb.answer.sentences import Sentence
from kb.answer.subjects import level_own


def sentence(text: str, subjects: tuple[str, ...] = ()) -> Sentence:
    return Sentence("文号", "一（一）", 1, text, "obliged", "", "", subjects=subjects)


@pytest.mark.unit
def test_level_own_needs_the_level_and_a_word_of_the_question_in_a_department_subject() -> None:
    county = sentence("县级交通主管部门负责养护乡村道路。", ("县级交通主管部门",))
    province = sentence("省级交通主管部门负责规划干线。", ("省级交通主管部门",))
    leader = sentence("县处级负责人担任组长。", ("县处级负责人",))
    found = level_own(("县",), ("县里", "交通", "道路"), [province, leader, county])
    assert found == (county, "县级交通主管部门")
    assert level_own(("县",), ("县里", "部门"), [county]) is None  # 部门 alone names no department
    assert level_own(("市",), ("市里", "交通"), [county, province]) is None  # no city-level subject
    assert level_own(("县",), ("负责人",), [leader]) is None  # a person, not a department



@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "合作社优先议标承揽的造林项目具体包括哪些？",
        "优先发包给合作社的那些造林项目包括哪些？",
    ],
)
def test_what_a_thing_includes_is_the_enumeration_written_before_it(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered
    assert all(item in answer.answer for item in ("道路绿化", "公园绿化", "荒山绿化"))
    assert answer.citations[0].clause == "三（八）"


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "安置点的基础设施和公共服务啥时候以前基本配套？",
        "当初定的安置点配套啥时候以前基本弄好？",
    ],
)
def test_by_when_in_residents_words_is_a_deadline(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered and "2019年9月底" in answer.answer
    assert answer.citations[0].clause == "一（二）"


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "县里林草部门对造林合作社要管些啥？",
        "县级林草主管部门对合作社该干什么？",
    ],
)
def test_a_named_level_gets_its_own_duty_sentence(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered and answer.answer.count("技术培训和指导") == 1  # the duty once, not once a mechanism
    names = [d["name"] for d in answer.departments]
    assert "县级林草主管部门" in names and "省林草局" not in names
    assert answer.citations[0].clause == "三（八）"


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "出去打工的搬迁群众能拿哪些补助？",
        "搬迁劳动力就业创业，文件里提到了哪些补贴？",
    ],
)
def test_a_list_of_the_asked_thing_leads_over_another_enumeration(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered
    assert all(item in answer.answer for item in ("以工代训补贴", "吸纳就业补助", "求职创业补贴", "交通费补助"))
    assert answer.citations[0].clause == "二（五）"


@pytest.mark.slow
@pytest.mark.parametrize("question", ["遗留问题谁来解决？", "搬完以后的遗留问题和具体困难归谁管？"])
def test_a_task_the_measure_never_writes_is_answered_by_the_sentence_assigning_it(
    service: AskService, question: str
) -> None:
    answer = service.ask(question)
    assert answer.answered and "专门机构和人员" in answer.answer
    assert [d["name"] for d in answer.departments] == ["项目县"]
    assert answer.citations[0].clause == "六（三）"


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    ["“外出务工转移一批”那几个“一批”分别是什么？", "文件说“扶持创业带动一批”，那几个“一批”都是指什么？"],
)
def test_a_term_that_holds_the_counted_term_does_not_stop_its_spelling_out(service: AskService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answered
    assert all(i in answer.answer for i in ("扶贫车间安排一批", "公益岗位吸纳一批", "扶持创业带动一批"))
    assert answer.citations[0].clause == "二（五）"
