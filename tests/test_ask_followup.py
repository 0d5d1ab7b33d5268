"""Follow-ups through the real graph and embedding model (paraphrases, not gold cases): a question without a
topic of its own refers to the whole last question, its other words too."""

from __future__ import annotations

import pytest

from kb.answer import AskService

pytestmark = pytest.mark.slow



def dialogue(service: AskService, *questions: str):
    previous, answer = None, None
    for question in questions:
        answer = service.ask(question, previous)
        previous = answer.turn
    assert answer is not None
    return answer


def test_who_leads_this_refers_to_the_last_questions_words_too(service: AskService) -> None:
    # the last answer's clause names no measure: the words of the question (岗位, 劳动力) find it
    answer = dialogue(service, "扶貧車間的崗位留多少給貧困勞動力？", "這事誰牽頭？")
    assert answer.answered and answer.departments[0]["name"] == "省人力资源社会保障厅"


def test_a_list_follow_up_naming_its_items_lists_them(service: AskService) -> None:
    # 岗位 is part of the inherited 公益性岗位: the clause enumerating the posts, not the last answer's clause
    answer = dialogue(service, "公益性岗位安置就业归哪个部门管？", "那都有哪些岗位？")
    assert answer.answered and "护林" in answer.answer
    assert answer.citations[0].clause == "三（六）"


def test_a_follow_up_asking_what_there_is_takes_no_who_frame(service: AskService) -> None:
    # 有什么激励？ asks what the documents give, not the last turn's question who leads it
    answer = dialogue(service, "拆舊復墾由哪個部門牽頭？", "進度快、成效好的有啥激励？")
    assert answer.answered and answer.frame == "what"


def test_a_follow_up_putting_a_case_asks_what_then(service: AskService) -> None:
    # no topic of its own, a negated word (不合格, 没通过) or a condition cue: what then, not who leads again
    for case in ("驗收不合格呢？", "要是验收没通过呢？"):
        answer = dialogue(service, "工程竣工验收啥时候前完成？", "谁牵头？", case)
        assert answer.answered and answer.frame == "what", case


def test_a_follow_up_asking_the_same_of_another_kind_takes_its_own_duty(service: AskService) -> None:
    # 乡镇 is the follow-up's own word: the duty of the 乡镇 settlements, not the last answer's (县城安置点)
    answer = dialogue(service, "县城安置点的点长由谁担任？", "乡镇的集中安置点呢？")
    assert answer.answered and answer.departments[0]["name"] == "乡镇负责人"


def test_who_does_a_task_the_clause_assigns_names_that_department(service: AskService) -> None:
    # 技术培训 is 县级林草主管部门's task in 三（八）: its sentence, not the clause's lead line (省林草局牵头负责)
    answer = dialogue(service, "俺们几户想组个造林合作社揽活儿，能成不？", "合作社的技术培训谁来管？")
    assert answer.answered and answer.departments[0]["name"] == "县级林草主管部门"
    lead = dialogue(service, "俺们几户想组个造林合作社揽活儿，能成不？", "这一块省里哪个部门牵头？")
    assert lead.departments[0]["name"] == "省林草局"


def test_a_contrasting_adjective_asks_of_its_own_case(service: AskService) -> None:
    # 快 (jieba adjective) is all the follow-up says: the sentence on the fast counties is quoted
    for case in ("快的呢？", "那进度快的呢？"):
        answer = dialogue(service, "拆旧复垦进度慢的县会怎么样？", case)
        assert answer.answered and "倾斜支持" in answer.answer, case


def test_asking_for_more_stays_with_the_first_clause_and_is_no_yes_no(service: AskService) -> None:
    # 还有啥？ 别的呢？ 还有别的没？: more of the clause answered (五（四）), a list, not "可以。"
    for first, more in (
        ("俺娘是五保户，搬过去咋安置？", "还有啥？"),
        ("俺娘是五保户，搬过去咋安置？", "别的呢？"),
        ("老人搬迁有啥安置办法？", "还有别的没？"),
        ("孤寡老人搬迁咋安置？", "还有其他的吗？"),
    ):
        answer = dialogue(service, first, more)
        assert answer.answered and answer.citations[0].clause == "五（四）", more
        assert answer.polarity is None and answer.frame == "list", more


def test_an_implementing_unit_asks_who(service: AskService) -> None:
    # 实施单位 is a who cue: the level's implementing departments of the last measure
    answer = dialogue(service, "后续扶持工作考核的牵头单位是？", "考核啥内容？", "市县具体实施单位呢？")
    assert answer.frame == "who"
    assert {d["name"] for d in answer.departments} == {"各市、县发展改革部门", "各市、县扶贫部门"}
    answer = dialogue(service, "拆旧复垦谁牵头？", "那县里具体实施单位呢？")
    assert [d["name"] for d in answer.departments] == ["各市、县自然资源部门"]


def test_an_amount_replaced_is_asked_as_its_question_asked(service: AskService) -> None:
    # 800人 replaces the 3000人 of the first question (what help), not the who of the turn between
    for between in ("谁牵头？", "谁管？"):
        answer = dialogue(service, "3000人以上的大型安置区有什么专项帮扶？", between, "那800人以上的呢？")
        assert answer.answered and answer.frame == "what" and "实施方案" in answer.answer, between
    answer = dialogue(service, "3000人以上的大型安置区有啥专项帮扶？", "800人以上的安置区呢？")
    assert answer.citations[0].clause == "七（二十二）"


def test_whether_there_is_one_ends_in_mei(service: AskService) -> None:
    # 有…没？ is a yes/no whose object must be stated (幼儿园 is not)
    assert dialogue(service, "安置区有啥服务窗口？", "有派出所没？").polarity == "yes"
    assert dialogue(service, "安置区公共服务窗口都有啥？", "有法律咨询没？").polarity == "yes"
    assert not dialogue(service, "安置区有幼儿园没？").answered


def test_a_follow_up_naming_a_word_of_its_own_is_not_the_last_measure(service: AskService) -> None:
    # 学校, 医院: words the last measure's clause never writes choose the measure, not the last one
    answer = dialogue(service, "安置区配套设施啥时候完成？", "谁牵头？", "那学校呢？")
    assert answer.answered and "省教育厅" in [d["name"] for d in answer.departments]
    answer = dialogue(service, "拆旧复垦谁牵头？", "那电商呢？")
    assert answer.departments[0]["name"] == "省商务厅"


def test_the_kinds_of_training_are_listed(service: AskService) -> None:
    # 形式 names the kind of answer asked: not 各种形式 of 盘活土地资源
    for question in ("培训都有哪几种形式？", "那培训都有哪些形式？"):
        answer = service.ask(question)
        assert answer.answered and "以工代训" in answer.answer, question


def test_a_duty_written_in_another_form_of_the_topic_answers_who(service: AskService) -> None:
    # 公益岗位 asked, 公益性岗位开发与安置 written in 人社部门's duty; 上学 asked, 按时接受教育 written in 教育部门's
    answer = dialogue(service, "安置区的公益岗位都有哪些？", "这些岗位归哪个部门开发安置？")
    assert answer.departments[0]["name"] == "人社部门"
    answer = dialogue(service, "护林员岗位优先给谁？", "那公益岗位呢？", "这个归谁管？")
    assert answer.departments[0]["name"] == "人社部门"
    assert service.ask("孩子按时上学谁来保证？").departments[0]["name"] == "教育部门"
    assert service.ask("安置小区吃水不干净，这事归哪个部门管？").departments[0]["name"] == "水利部门"


def test_this_piece_of_work_is_the_matter_last_asked(service: AskService) -> None:
    # 这项工作 refers to the last answer (not the topic 工作 = 就业)
    answer = dialogue(service, "拆旧复垦要多久？", "这项工作由谁负责？")
    assert answer.departments[0]["name"] == "省自然资源厅"
    answer = dialogue(service, "多少人以上的集中安置区要制定巩固脱贫成果实施方案？", "这项工作由哪些部门牵头？")
    assert answer.departments[0]["name"] == "省发展改革委"
