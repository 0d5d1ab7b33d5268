"""The typed repository and ``policykb provisions`` on the real build (issue 10)."""

from __future__ import annotations

import json

import pytest
import yaml

from kb.cli import main
from kb.model import Repository

pytestmark = pytest.mark.integration

DOC57 = "晋政办发〔2019〕57号"


@pytest.fixture(scope="module")
def repo() -> Repository:
    return Repository.open()


def test_rental_sentence_is_a_prohibition(capsys) -> None:
    assert main(["provisions", "六（四）", "--doc", DOC57, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    rental = [r for r in rows if "禁止私下交易、租赁" in r["text"]]
    assert rental and rental[0]["modality"] == "prohibition"
    assert set(rows[0]) >= {
        "doc",
        "clause",
        "index",
        "text",
        "modality",
        "actors",
        "targets",
        "topics",
        "conditions",
        "quantities",
        "items",
    }


def test_residents_word_finds_the_old_house_clause(capsys) -> None:
    assert main(["provisions", "--topic", "老宅子", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["doc"] == DOC57 and r["clause"] == "七（二）" for r in rows)


def test_unknown_topic_and_modality_are_clear_errors(capsys) -> None:
    assert main(["provisions", "--topic", "火星移民"]) == 2
    assert main(["provisions", "--modality", "maybe"]) == 2
    assert "错误" in capsys.readouterr().err


def test_provisions_reproduce_every_clause(repo: Repository) -> None:
    for clause in repo.clauses():
        assert "".join(p.text for p in repo.provisions(clause=clause)) == clause.text


def test_double_signing_names_its_two_agreements(repo: Repository) -> None:
    (clause,) = repo.clause("七（二）", DOC57)
    items = [i for p in repo.provisions(clause=clause) for i in p.items if i.list_name == "双签协议"]
    assert [i.text for i in items] == ["搬迁安置", "拆除复垦"]


def test_deadline_is_linked_to_the_sentence_that_states_it(repo: Repository) -> None:
    (clause,) = repo.clause("七（二）", DOC57)
    stated = {q.text: p.index for p in repo.provisions(clause=clause) for q in p.quantities}
    assert stated.get("搬迁入住6个月内完成旧房拆除") == 2
    assert {f.quote for f in repo.facts() if f.clause_iri == clause.iri} <= set(stated)


def test_sentence_subject_is_an_actor(repo: Repository) -> None:
    (clause,) = repo.clause("四（二）", DOC57)
    actors = {a.name: a.role for p in repo.provisions(clause=clause) for a in p.actors}
    assert actors.get("各地") == "addressee"


def test_figures_on_the_gold_sample(repo: Repository) -> None:
    with open("tests/gold/provisions_gold.yaml", encoding="utf-8") as handle:
        gold = yaml.safe_load(handle)
    found = {(p.doc, p.clause, p.index): p for p in repo.provisions()}
    right = sum(found[(g["doc"], g["clause"], g["index"])].modality == g["modality"] for g in gold)
    assert right / len(gold) >= 0.95


def test_handbook_lists_what_households_must_not_do_per_topic(repo: Repository) -> None:
    from kb.export.handbook import build_handbook
    from kb.messages import msg

    doc = build_handbook(repo.store)
    texts = [getattr(block, "text", "") for block in doc.blocks]
    start = texts.index(msg("provisions.handbook.title"))
    section = texts[start:]
    (rental,) = [p for p in repo.provisions(clause="六（四）", doc=DOC57) if "租赁" in p.text]
    assert rental.household_obligation
    quoted = msg("provisions.handbook.item", text=rental.text.rstrip("。；"), ref=f"{DOC57} 六（四）")
    assert any(quoted.replace(" ", "") in t.replace(" ", "") for t in section)
    topic_heading = section.index(repo.topic("安置房").label)
    assert topic_heading > 0


def test_household_obligations_are_obligations_or_prohibitions(repo: Repository) -> None:
    chosen = [p for p in repo.provisions() if p.household_obligation]
    assert chosen and {p.modality for p in chosen} <= {"obligation", "prohibition"}
    assert any(p.clause == "七（二）" and "6个月" in p.text for p in chosen)


def test_search_result_names_its_best_provision(search_index) -> None:
    from kb.search import Searcher

    (hit,) = Searcher.open(search_index, auto_build=False).search("安置房能不能抵押或者卖掉？", k=1)
    assert hit.clause == "六（四）"
    assert hit.provision is not None and hit.provision_text in hit.text
    assert {"provision", "provision_text", "clause", "doc", "text"} <= set(hit.to_json())
