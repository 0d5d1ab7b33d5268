"""The app's logic without a browser: the household form → profile (unknown is not 0, Chinese messages
naming the question, only the questions that can still change the result), the summary and cards, the
chat turn (plain-text question, follow-up state), the duty table, the unknown department, the 培训材料
checks, and the one catalogue (no Chinese text in chat/*.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from chat.duties_tab import COLUMNS, closest_departments, department_choices, duty_message, duty_rows, write_csv
from chat.household_form import (
    MEMBER_SLOTS,
    NO,
    UNKNOWN,
    YES,
    build_form_profile,
    evaluate,
    flow,
    household_fields,
    member_fields,
    relevant_questions,
    shown_fields,
)
from chat.household_tab import build_profile, card, evaluate_form, render_report
from chat.qa_tab import example_questions, respond
from chat.source_tab import clause_choices, outline
from chat.training_tab import Checks
from kb.answer import AskService
from kb.entitle import ProfileError, entitle, validate_profile
from kb.entitle.profile import field_specs
from kb.graph.store import GraphStore

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CJK = re.compile(r"[\u4e00-\u9fff]")
CHAT = Path(__file__).resolve().parents[1] / "chat"



def form(household: dict[str, object], first_member: dict[str, object] | None = None) -> list[object]:
    """Form values as the browser sends them: untouched radios are 不清楚, untouched boxes empty."""
    values: list[object] = [
        household.get(s.name, UNKNOWN if s.type in ("bool", "enum") else "") for s in household_fields()
    ]
    for slot in range(MEMBER_SLOTS):
        given = (first_member or {}) if slot == 0 else {}
        values += [given.get(s.name, UNKNOWN if s.type in ("bool", "enum") else "") for s in member_fields()]
    return values


def test_form_values_become_a_profile():
    profile = build_profile(
        form(
            {"registered_poor": YES, "old_house_demolished": NO, "move_in_date": "2020-01-01"},
            {"forest_ranger": YES, "age": "45岁"},
        )
    )
    assert profile == {
        "registered_poor": True,
        "old_house_demolished": False,
        "move_in_date": "2020-01-01",  # the raw text: the profile's parser reads it
        "members": [{"forest_ranger": True, "age": 45}],
    }
    assert build_profile(form({})) == {}  # empty everywhere: nothing known, nothing invented (no 0-year-old)
    assert build_profile(form({}, {"age": "四十五"}))["members"] == [{"age": 45}]


def test_empty_settlement_size_is_unknown_not_zero(store: GraphStore):
    report = evaluate(build_form_profile(form({"resettlement": "centralized"}, {"age": "40"})), store)
    large = next(e for e in report["entitlements"] if e["id"] == "job-fairs-large-settlement")
    assert large["status"] == "may_apply"
    question = field_specs()["settlement_population"].question
    assert any(q["field"] == "settlement_population" for q in report["questions"])
    assert question in "".join(large["why"])  # the question that decides it


def test_bad_values_get_chinese_messages_naming_the_question(store: GraphStore):
    html = evaluate_form(form({"settlement_population": "-5"}, {"age": "很老"}), store)
    population, age = field_specs()["settlement_population"], field_specs()["age"]
    assert 'class="form-error"' in html
    assert f"「{population.question}」" in html and f"「{age.question}」" in html
    assert "settlement_population" not in html and "age" not in html and "less than" not in html
    html = evaluate_form(form({"move_in_date": "去年春天"}), store)
    assert field_specs()["move_in_date"].question in html and "move_in_date" not in html


def test_people_write_dates_in_their_own_forms(store: GraphStore):
    try:
        validate_profile({"move_in_date": "2026年4月1日"})
    except ProfileError:
        pytest.skip("the profile parser does not read 2026年4月1日 yet (kb/entitle/profile.py, issue 14)")
    for typed in ("2026年4月1日", "2026/4/1", "2026.4.1", "2026-04-01"):
        values = form({"move_in_date": typed, "as_of": "2026-06-01"})
        assert build_profile(values)["move_in_date"] == typed
        assert 'class="form-error"' not in evaluate_form(values, store), typed


def test_a_move_in_date_after_the_day_of_calculation_is_explained(store: GraphStore):
    html = evaluate_form(form({"move_in_date": "2026年4月1日", "as_of": "2026年3月1日"}), store)
    assert 'class="form-error"' in html and field_specs()["move_in_date"].question in html
    assert field_specs()["as_of"].question in html and "as_of" not in html and "move_in_date" not in html


def test_no_job_questions_for_a_child(store: GraphStore):
    child = build_form_profile(form({}, {"age": "9"}))
    report = evaluate(child, store)
    _, per_slot, asked = shown_fields(child, report)
    jobs = set(flow()["adult_only"])
    assert not jobs & per_slot[0] and not {f for slot, f in asked if slot == 0} & jobs
    assert not [q for q in relevant_questions(child, report) if q["field"] in jobs]
    adult = build_form_profile(form({}, {"age": "40"}))
    _, per_slot, _ = shown_fields(adult, evaluate(adult, store))
    assert "wants_job" in per_slot[0]  # an adult is asked


def test_report_opens_with_a_summary_and_marks_due_dates(store: GraphStore):
    profile = build_profile(
        form({"registered_poor": YES, "old_house_demolished": NO, "move_in_date": "2020-01-01", "as_of": "2020-09-01"})
    )
    report = entitle(profile, store=store).to_json()
    html = render_report(report)
    overdue = [o for o in report["obligations"] if o["status"] == "overdue"]
    assert overdue and html.startswith('<div class="hh-summary">')
    summary = html.split("</div>", 1)[0]
    assert overdue[0]["label"] in summary
    assert all(e["label"] in summary for e in report["entitlements"] if e["status"] == "applies")
    due = [o for o in report["obligations"] if o.get("due")]
    assert 'class="due"' in html and all(b["clause"] in html for o in due for b in o["basis"])
    hostile = card({"id": "x", "label": "<script>alert(1)</script>", "status": "applies", "why": ["<b>"]})
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile


def test_chat_turn_shows_the_question_as_plain_text(service: AskService):
    box, history, turn = respond(service, "<img src=x onerror=alert(1)>护林员由谁负责？", [], None)
    assert box == "" and "<img" not in history[0]["content"]
    assert "三（十）" in history[1]["content"] and turn is not None
    _, markdown, _ = respond(service, "[点我](http://example.com) **护林员**", [], None)
    user = markdown[0]["content"]
    assert user.startswith('<div class="user-text">')  # an HTML block: Markdown is not applied inside
    assert "[点我](http://example.com) **护林员**" in user
    _, history, turn2 = respond(service, "那市县呢？", history, turn)
    assert len(history) == 4 and "林草部门" in history[3]["content"]
    _, history, turn3 = respond(service, "北京明天天气怎么样", history, turn2)
    assert turn3 == turn2  # a refusal does not replace the topic a follow-up refers to


def test_answer_shows_the_first_citation_and_folds_the_rest(service: AskService):
    answer = service.ask("护林员搬迁后还能继续当吗？")
    _, history, _ = respond(service, "护林员搬迁后还能继续当吗？", [], None)
    html = history[1]["content"]
    assert html.startswith('<div class="answer-text">') and html.count('<details class="citation" open>') == 1
    if len(answer.citations) > 1:
        assert html.index("more-citations") > html.index(answer.citations[0].clause)


def test_every_example_question_is_answered(service: AskService):
    assert example_questions()
    for question in example_questions():
        assert service.ask(question).answered, question


def test_duty_table_and_csv(service: AskService, tmp_path: Path):
    rows = duty_rows(service, "省林草局")
    assert rows and all(len(r) == len(COLUMNS) for r in rows)
    path = write_csv(rows, "省林草局", tmp_path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == len(rows) + 1
    assert duty_rows(service, "") == []


def test_unknown_department_gets_the_closest_known_names(service: AskService):
    text = duty_message(service, "外交部", duty_rows(service, "外交部"))
    close = closest_departments(service, "外交部")
    assert "外交部" in text and close and all(name in text for name in close)
    assert set(close) <= set(department_choices(service))
    assert duty_message(service, "林草", duty_rows(service, "林草")).count("林草") >= 1  # an alias is found


def test_training_checks_speak_chinese_without_command_line_words(store: GraphStore):
    checks = Checks(store)
    problems = [
        checks.problem("quiz", "md", "", "0", "", "ontology", ""),
        checks.problem("quiz", "md", "", str(checks.quiz_max + 1), "", "ontology", ""),
        checks.problem("duties", "md", "外交部", "", "", "ontology", ""),
        checks.problem("diagram", "dot", "", "", "", "measure", ""),
        checks.problem("diagram", "dot", "", "", "", "measure", "火星基地"),
    ]
    assert all(problems) and not any(re.search(r"--|policykb", p) for p in problems)
    assert checks.problem("quiz", "md", "", "5", "3", "ontology", "") is None
    assert checks.problem("diagram", "dot", "", "", "", "ontology", "") is None  # a bad quiz count does not matter


def test_source_outline_lists_every_clause(service: AskService):
    for doc in service.lexicon.documents:
        labels = [label for _, label in clause_choices(service, doc["doc"])]
        html = outline(service, doc["doc"])
        assert labels and all(label in html for label in labels)


@pytest.mark.unit
def test_no_chinese_text_in_the_app_code():
    """Every Chinese text of chat/ comes from kb/messages/app.yaml (docstrings and comments may explain)."""
    found = []
    for path in sorted(CHAT.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and CJK.search(node.value)
        ]
    assert not found
