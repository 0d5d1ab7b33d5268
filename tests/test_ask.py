"""``policykb ask``: the answer contract, the issue's acceptance questions, bad input, batch mode,
follow-ups, and answers that agree with the graph and quote the documents verbatim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.answer import AskService
from kb.answer.result import ROLES
from kb.corpus import Document
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore
from kb.messages import msg

pytestmark = pytest.mark.slow

FORESTER = "护林员搬迁后还能继续当吗？"
WEATHER = "北京明天天气怎么样"
KEYS = {"question", "answered", "intent", "answer", "departments", "citations"}


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", "ask", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=180,
        cwd=cwd,
        encoding="utf-8",
    )


def assert_contract(data: dict) -> None:
    assert set(data) >= KEYS
    assert isinstance(data["answered"], bool) and isinstance(data["answer"], str) and data["answer"]
    for dept in data["departments"]:
        assert set(dept) == {"name", "role"} and dept["role"] in ROLES
    for citation in data["citations"]:
        assert set(citation) == {"doc", "clause", "text"}
        assert " " not in citation["doc"] and citation["text"]


# ------------------------------------------------------------------ acceptance (through the real CLI)
def test_cli_forester_answers_yes_with_the_2020_clause():
    result = run_cli(FORESTER, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert_contract(data)
    assert data["answered"] is True and data["question"] == FORESTER
    first = data["answer"].split("。")[0]  # the direct answer, with the provision's condition (原则上)
    yes = (msg("answer.polarity.may_yes").rstrip("。"), msg("answer.polarity_word.keep_yes"))  # 可以 / 是的 (keep)
    assert first.startswith(yes) and "不可以" not in first and data["polarity"] == "yes"
    assert (data["citations"][0]["doc"], data["citations"][0]["clause"]) == ("晋脱贫攻坚组〔2020〕12号", "三（十）")


def test_cli_weather_is_not_answered():
    data = json.loads(run_cli(WEATHER, "--json").stdout)
    assert_contract(data)
    assert data["answered"] is False and data["citations"] == []
    assert "没有" in data["answer"] and "咨询" in data["answer"]  # says so, and who to ask


def test_cli_batch_prints_one_object_per_line(tmp_path: Path):
    questions = tmp_path / "q.txt"
    questions.write_text(f"{FORESTER}\n\n{WEATHER}\n人社部门负责什么？\n", encoding="utf-8")
    result = run_cli("--batch", str(questions), "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["question"] for d in lines] == [FORESTER, WEATHER, "人社部门负责什么？"]
    assert [d["answered"] for d in lines] == [True, False, True]


def test_cli_empty_question_is_a_clear_error():
    result = run_cli("", "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["answered"] is False and data["intent"] == "invalid" and "不能为空" in data["answer"]


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("护" * 501, "500"),
        ("Who leads the forest ranger measure?", "中文"),
        ("<script>alert(1)</script>", "中文"),
    ],
)
def test_bad_input_gets_a_chinese_message(service: AskService, question: str, message: str):
    answer = service.ask(question)
    assert answer.answered is False and answer.intent == "invalid" and message in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        '谁负责" } ; DROP GRAPH <x> ; SELECT * WHERE { ?s ?p ?o',
        "<img src=x onerror=alert(1)>谁牵头？",
        "护林员'))) UNION { ?s ?p ?o } #由谁负责",
    ],
)
def test_injection_attempts_are_plain_text(service: AskService, question: str):
    answer = service.ask(question)
    assert_contract(answer.to_json())
    assert "<img" not in answer.answer and "?s ?p" not in answer.answer


def test_nothing_is_written_to_disk(tmp_path: Path, built_graph_dir: Path):
    def snapshot() -> dict[str, float]:
        return {str(p): p.stat().st_mtime for p in built_graph_dir.rglob("*") if p.is_file()}

    before = snapshot()
    result = run_cli("我的身份证号是140100199001011234，护林员还能当吗？", "--json", cwd=tmp_path)
    assert result.returncode == 0
    assert list(tmp_path.iterdir()) == []
    assert snapshot() == before


# ------------------------------------------------------------------ answers agree with the graph and the text
def test_who_answers_list_the_graph_participants(service: AskService, policy: PolicyQueries):
    for measure in service.lexicon.measures:
        answer = service.ask(f"「{measure.title}」由哪个部门牵头？")
        expected = [
            {"name": p.name, "role": p.role}
            for r in policy.who(measure.clause)
            if (r.doc, r.clause) == (measure.doc, measure.clause)
            for p in r.participants
        ]
        assert answer.intent == "who" and answer.departments == expected, measure.title
        assert (answer.citations[0].doc, answer.citations[0].clause) == (measure.doc, measure.clause)
        for dept in expected:
            assert dept["name"] in answer.answer


def test_citations_quote_the_clause_verbatim(service: AskService, corpus: list[Document]):
    texts = {(d.doc_number, c.label): c.text for d in corpus for c in d.clauses}
    for question in (FORESTER, "旧房多久要拆除？", "人社部门负责什么？", "五个不变是哪五个？"):
        for citation in service.ask(question).citations:
            assert texts[(citation.doc, citation.clause)] == citation.text


def test_fact_answer_states_the_graph_value(service: AskService, policy: PolicyQueries):
    answer = service.ask("安置房多少年内不能抵押？")
    fact = next(f for f in policy.facts("抵押"))
    assert answer.intent == "fact" and f"{fact.value:g}" in answer.answer
    assert (answer.citations[0].doc, answer.citations[0].clause) == (fact.doc, fact.clause)


def test_document_answer_uses_the_metadata(service: AskService, store: GraphStore):
    for doc in store.select("documents"):
        answer = service.ask(f"{doc['doc']}是哪个单位印发的？")
        assert answer.intent == "document" and doc["issuer"] in answer.answer and doc["title"] in answer.answer


def test_amounts_the_documents_do_not_state_are_refused(service: AskService):
    for question in ("搬迁补贴每人发多少钱？", "护林员每个月工资多少钱？", "上海的安置房多少钱一平？"):
        answer = service.ask(question)
        assert answer.answered is False, (question, answer.answer)


# ------------------------------------------------------------------ follow-ups
def test_followup_resolves_against_the_previous_turn(service: AskService):
    first = service.ask("护林员的事由谁负责？")
    second = service.ask("那市县呢？", first.turn)
    assert second.answered and second.followup
    assert second.citations[0].key == first.citations[0].key
    assert second.departments and all(d["role"] != "lead" for d in second.departments)
    third = service.ask("它的期限是多久？", service.ask("安置住房不动产权登记由谁牵头？").turn)
    assert third.intent == "fact" and third.citations[0].clause == "六（四）"


def test_followup_about_a_period_the_clause_does_not_set_is_refused(service: AskService, policy: PolicyQueries):
    first = service.ask("护林员的事由谁负责？")
    key = first.citations[0].key
    assert not [f for f in policy.facts() if f"{f.doc} {f.clause}" == key and f.kind == "deadline"]
    answer = service.ask("它的期限是多久？", first.turn)
    assert answer.answered is False and answer.intent == "fact" and key in answer.answer and "期限" in answer.answer


def test_a_clause_named_by_label_is_the_topic(service: AskService, policy: PolicyQueries):
    for measure in service.lexicon.measures:
        answer = service.ask(f"{measure.doc}{measure.clause}由谁牵头？")
        assert answer.citations[0].key == measure.key
        leads = {
            p.name
            for r in policy.who(measure.clause)
            if r.doc == measure.doc
            for p in r.participants
            if p.role == "lead"
        }
        assert leads and leads <= {d["name"] for d in answer.departments if d["role"] == "lead"}
    content = service.ask("三（十）是什么内容？")
    assert [c.key for c in content.citations][:1] == ["晋脱贫攻坚组〔2020〕12号 三（十）"]


def test_followup_without_a_previous_turn_asks_for_a_question(service: AskService):
    answer = service.ask("那市县呢？")
    assert answer.answered is False


def test_a_duration_question_is_not_answered_by_a_calendar_year(service: AskService):
    for question in ("后续扶持要搞多少年？", "後續扶持得搞幾年？"):
        result = service.ask(question)
        assert not result.answered and "2020年" not in result.answer.split("：")[0], question
    often = service.ask("工程建设的现场调度多久搞一回？")
    assert often.answered and "每半月" in often.answer
