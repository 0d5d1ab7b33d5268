"""Quizzes generated from the graph: every answer checked against the graph, seeds, duplicates, sizes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_export import PKB, docx_headings, md_tables

from kb.cli import main
from kb.entitle import add_period
from kb.export import ExportError
from kb.export.api import export
from kb.export.quiz import make_quiz, pool_size, question_pool
from kb.graph.api import PolicyQueries
from kb.graph.store import GraphStore, iri


def check_answer(store: GraphStore, policy: PolicyQueries, q: dict) -> None:
    """The answer is what the graph says, and no distractor is (asked of the graph per question kind)."""
    answer, options, subject = q["answer_text"], q["options"], q["subject"]
    wrong = [o for o in options if o != answer]
    assert options[ord(q["answer"]) - ord("A")] == answer and len(set(options)) == len(options)
    if q["kind"] in ("role", "dept_role"):
        rows = store.run(
            PKB
            + "PREFIX cv: <http://data.europa.eu/m8g/> SELECT ?m ?dept ?name ?role WHERE { ?m cv:hasParticipation ?p . "
            "?p cv:role/skos:prefLabel ?role ; pkb:participant ?dept . ?dept skos:prefLabel ?name }",
            m=iri(subject["item"]),
        )
        if q["kind"] == "role":
            names = [r["name"] for r in rows if r["role"] == subject["role"]]
            assert names and sorted(answer) == sorted("、".join(names)) and all(n in answer for n in names)
            assert subject["role"] in q["question"]
        else:
            roles = {r["role"] for r in rows if r["dept"] == subject["dept"]}
            assert answer in roles and not roles & set(wrong)
    elif q["kind"] == "duty":
        rows = store.run(PKB + "SELECT ?d ?name WHERE { ?d pkb:dutyOf/skos:prefLabel ?name }", d=iri(subject["item"]))
        names = {r["name"] for r in rows}
        assert answer in names and not names & set(wrong)
    elif q["kind"] == "quantity":
        facts = policy.facts()
        assert [f.display for f in facts if f.quote == q["quote"] and f.clause == q["source"]["clause"]] == [answer]
        assert answer not in wrong
        periods = {
            f.display: add_period(dt.date(2000, 1, 1), f.value, f.unit_code) for f in facts if f.kind == "deadline"
        }
        if answer in periods:  # no wrong option is the same period in another unit (半年 = 6个月)
            assert periods[answer] not in {periods.get(o) for o in wrong}
    elif q["kind"] in ("five_in", "five_out"):
        five = {r["label"] for r in store.select("five_unchanged")}
        if q["kind"] == "five_in":
            assert answer in five and not five & set(wrong)
        else:
            assert answer not in five and set(wrong) <= five
    else:
        pytest.fail(f"unknown question kind {q['kind']}")
    clauses = {(r["doc"], r["clause"]) for r in store.select("clauses")}
    assert (q["source"]["doc"], q["source"]["clause"]) in clauses


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_answer_matches_the_graph(store: GraphStore, policy: PolicyQueries, seed: int) -> None:
    data = json.loads(export("quiz", "json", store=store, n=30, seed=seed).content)
    assert data["seed"] == seed and len(data["questions"]) == 30
    texts = [q["question"] for q in data["questions"]]
    assert len(set(texts)) == len(texts)
    assert len({q["kind"] for q in data["questions"]}) >= 5  # a mix, not one kind
    for q in data["questions"]:
        check_answer(store, policy, q)


def test_whole_pool_is_correct(store: GraphStore, policy: PolicyQueries) -> None:
    pool = question_pool(store)
    quiz = make_quiz(store, n=pool_size(pool), seed=7)
    assert len({q.question for q in quiz.questions}) == pool_size(pool)
    for q in quiz.questions:
        check_answer(store, policy, q.to_json())


def test_seeds_differ_and_repeat(store: GraphStore) -> None:
    def texts(seed: int) -> list[str]:
        return [q.question for q in make_quiz(store, n=20, seed=seed).questions]

    assert texts(11) == texts(11)
    assert texts(11) != texts(12)
    assert len({tuple(texts(s)) for s in range(5)}) == 5


def test_too_many_questions_is_a_clear_error(store: GraphStore, capsys: pytest.CaptureFixture) -> None:
    size = pool_size(question_pool(store))
    with pytest.raises(ExportError, match=f"题库只有 {size} 道"):
        make_quiz(store, n=size + 1, seed=1)
    assert main(["export", "quiz", "--n", str(size + 1), "--seed", "1"]) == 2
    assert f"最多 {size}" in capsys.readouterr().err


def test_quiz_documents_have_answer_key(store: GraphStore) -> None:
    md = export("quiz", "md", store=store, n=8, seed=5).content
    key = md_tables(md)[-1]
    assert key[0] == ["题号", "答案", "出处", "原文"] and len(key) == 9
    data = json.loads(export("quiz", "json", store=store, n=8, seed=5).content)
    for row, q in zip(key[1:], data["questions"], strict=True):
        assert row[1] == f"{q['answer']}. {q['answer_text']}"
        assert row[2] == f"{q['source']['doc']} {q['source']['clause']}"
    headings = docx_headings(export("quiz", "docx", store=store, n=8, seed=5).content)
    assert "一、题目" in headings and "二、答案与出处" in headings
