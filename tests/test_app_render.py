"""The app's logic without a browser: the household form → profile, cards (escaped, due dates marked),
the chat turn (escaped question, follow-up state), the duty table and CSV, the example questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.duties_tab import COLUMNS, duty_rows, write_csv
from chat.household_tab import (
    MEMBER_SLOTS,
    NO,
    UNKNOWN,
    YES,
    build_profile,
    card,
    household_fields,
    member_fields,
    render_report,
)
from chat.qa_tab import example_questions, respond
from chat.source_tab import clause_choices, outline
from kb.answer import AskService
from kb.entitle import entitle
from kb.graph.store import GraphStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(store: GraphStore) -> AskService:
    return AskService(store)


def form(household: dict[str, object], first_member: dict[str, object] | None = None) -> list[object]:
    values: list[object] = [
        household.get(s.name, UNKNOWN if s.type in ("bool", "enum") else None) for s in household_fields()
    ]
    for slot in range(MEMBER_SLOTS):
        given = (first_member or {}) if slot == 0 else {}
        values += [given.get(s.name, UNKNOWN if s.type in ("bool", "enum") else None) for s in member_fields()]
    return values


def test_form_values_become_a_profile():
    profile = build_profile(
        form(
            {"registered_poor": YES, "old_house_demolished": NO, "move_in_date": "2020-01-01"},
            {"forest_ranger": YES, "age": 45},
        )
    )
    assert profile == {
        "registered_poor": True,
        "old_house_demolished": False,
        "move_in_date": "2020-01-01",
        "members": [{"forest_ranger": True, "age": 45}],
    }
    assert build_profile(form({})) == {}  # 不清楚 everywhere: nothing known, nothing invented


def test_report_cards_mark_due_dates_and_escape(store: GraphStore):
    profile = build_profile(
        form({"registered_poor": YES, "old_house_demolished": NO, "move_in_date": "2020-01-01", "as_of": "2020-03-01"})
    )
    report = entitle(profile, store=store).to_json()
    html = render_report(report)
    due = [o for o in report["obligations"] if o.get("due")]
    assert due and 'class="due"' in html
    assert all(b["clause"] in html for o in due for b in o["basis"])
    hostile = card({"id": "x", "label": "<script>alert(1)</script>", "status": "applies", "why": ["<b>"]})
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile


def test_chat_turn_escapes_the_question_and_keeps_the_topic(service: AskService):
    box, history, turn = respond(service, "<img src=x onerror=alert(1)>护林员由谁负责？", [], None)
    assert box == "" and "<img" not in history[0]["content"]
    assert "三（十）" in history[1]["content"] and turn is not None
    _, history, turn2 = respond(service, "那市县呢？", history, turn)
    assert len(history) == 4 and "林草部门" in history[3]["content"]
    _, history, turn3 = respond(service, "北京明天天气怎么样", history, turn2)
    assert turn3 == turn2  # a refusal does not replace the topic a follow-up refers to


def test_every_example_question_is_answered(service: AskService):
    for question in example_questions():
        assert service.ask(question).answered, question


def test_duty_table_and_csv(service: AskService, tmp_path: Path):
    rows = duty_rows(service, "省林草局")
    assert rows and all(len(r) == len(COLUMNS) for r in rows)
    path = write_csv(rows, "省林草局", tmp_path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == len(rows) + 1
    assert duty_rows(service, "") == []


def test_source_outline_lists_every_clause(service: AskService):
    for doc in service.lexicon.documents:
        labels = [label for _, label in clause_choices(service, doc["doc"])]
        html = outline(service, doc["doc"])
        assert labels and all(label in html for label in labels)
