"""The ask gold-case loader, scorer and report (kb/answer/cases.py, case_scoring.py, case_report.py) and the
grounding rule (grounding_rule.py) on small synthetic cases and answers, and the gold files themselves against
the built graph (every clause exists, every value is in its clause)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kb.answer.case_report import aggregate
from kb.answer.case_scoring import run_set, score, score_case
from kb.answer.cases import DIALOGUE, CaseFileError, Expectation, load_file, load_set, set_files
from kb.answer.grounding_rule import Grounding, norm, numbers
from kb.corpus import load_corpus

RENT = "晋政办发〔2019〕57号 六（四）"
OLD_HOUSE = "晋政办发〔2019〕57号 七（二）"
OLD_HOUSE_TEXT = "严格落实“一户一宅”政策。原则上，搬迁入住6个月内完成旧房拆除，一年内完成土地复垦。"

VALID = """
- id: t-1
  category: must
  style: [dialect]
  question: 老房子非得拆不？
  expect: {answered: true, polarity: yes, values: ["6个月"], clauses: ["晋政办发〔2019〕57号 七（二）"]}
- id: t-2
  category: out_of_scope
  oos_kind: amount
  style: [short]
  question: 补多少钱？
  expect: {answered: false, forbid: ["10亿元"]}
- id: td-1
  category: dialogue
  style: [short]
  turns:
    - question: 安置房能租吗？
      expect: {answered: true, polarity: no, clauses: ["晋政办发〔2019〕57号 六（四）"]}
    - question: 那卖呢？
      expect: {answered: true, polarity: no, values: ["20年"], clauses: ["晋政办发〔2019〕57号 六（四）"]}
"""


def write(tmp_path: Path, text: str, name: str = "cases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def answer(text: str = "", answered: bool = True, **fields: Any) -> dict[str, Any]:
    return {"answered": answered, "answer": text, "departments": [], "citations": [], **fields}


def cite(*keys: str, text: str = "") -> list[dict[str, str]]:
    return [{"doc": k.split(" ")[0], "clause": k.split(" ")[1], "text": text} for k in keys]


@pytest.mark.unit
def test_valid_file_loads_singles_and_dialogue_turns(tmp_path: Path) -> None:
    single, refusal, dialogue = load_file(write(tmp_path, VALID))
    assert single.expect == Expectation(True, "yes", values=("6个月",), clauses=(OLD_HOUSE,))
    assert refusal.oos_kind == "amount" and refusal.expect.forbid == ("10亿元",)
    assert [t.id for t in dialogue.turns] == ["td-1#1", "td-1#2"]
    assert {t.category for t in dialogue.turns} == {DIALOGUE} and dialogue.turns[1].dialogue == "td-1"
    assert dialogue.turns[0].expect.polarity == "no"  # a bare YAML no is read as polarity "no"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "case_id"),
    [
        ("- {id: x-1, category: nonsense, question: q, expect: {answered: true, clauses: [a]}}", "x-1"),
        ("- {id: x-2, category: out_of_scope, question: q, expect: {answered: false}}", "x-2"),
        ("- {id: x-3, category: who, question: q, expect: {answered: true}}", "x-3"),
        (
            "- {id: x-4, category: out_of_scope, oos_kind: amount, question: q,"
            " expect: {answered: false, values: [v]}}",
            "x-4",
        ),
        ("- {id: x-5, category: who, style: [poetic], question: q, expect: {answered: true, clauses: [a]}}", "x-5"),
        ("- {id: x-6, category: who, question: q, expect: {answered: true, polarity: maybe, clauses: [a]}}", "x-6"),
        ("- {id: x-7, category: dialogue, turns: [{question: q, expect: {answered: false}}]}", "x-7"),
        ("- {id: x-8, category: who, question: '', expect: {answered: true, clauses: [a]}}", "x-8"),
        ("- {id: x-9, category: who, question: q, expect: {answered: true, clauses: [a], extra: 1}}", "x-9"),
        ("- {id: x-10, category: yes_no, question: q, expect: {answered: false}}", "x-10"),
        ("- {category: who, question: q, expect: {answered: true, clauses: [a]}}", "#1"),
    ],
)
def test_malformed_case_names_file_and_case(tmp_path: Path, text: str, case_id: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CaseFileError) as error:
        load_file(path)
    assert str(path) in str(error.value) and case_id in str(error.value)


@pytest.mark.unit
def test_malformed_files(tmp_path: Path) -> None:
    for text in ("id: not-a-list", "- [unclosed"):
        with pytest.raises(CaseFileError, match=r"cases\.yaml"):
            load_file(write(tmp_path, text))
    with pytest.raises(CaseFileError, match="t-1"):
        load_file(write(tmp_path, VALID + VALID))
    with pytest.raises(CaseFileError, match=r"missing\.yaml"):
        load_file(tmp_path / "missing.yaml")
    with pytest.raises(CaseFileError, match="nonsense"):
        set_files("nonsense")


@pytest.mark.unit
def test_ids_unique_across_files_of_a_set(tmp_path: Path) -> None:
    files = [write(tmp_path, VALID, "a.yaml"), write(tmp_path, VALID, "b.yaml")]
    with pytest.raises(CaseFileError, match=r"b\.yaml"):
        load_set("heldout", files=files)
    loaded = load_set("heldout", files=[files[0], tmp_path / "not-yet-written.yaml"])
    assert len(loaded.singles) == 2 and len(loaded.all_cases()) == 4


EXPECT = Expectation(
    True, "yes", values=("6个月",), departments=("省林草局",), leads=("省林草局",), clauses=(OLD_HOUSE, RENT)
)
GOOD = answer(
    "需要。搬迁入住 6个月 内完成旧房拆除。",
    polarity="yes",
    departments=[{"name": "省林草局", "role": "lead"}],
    citations=cite("晋政办发〔2019〕57号 一（一）", "晋政办发〔2019〕57号 一（二）", RENT, OLD_HOUSE),
)


@pytest.mark.unit
def test_a_right_answer_passes() -> None:
    assert score(GOOD, EXPECT) == []
    refusal = answer("文件没有规定。", answered=False, polarity=None)
    assert score(refusal, Expectation(False, forbid=("10亿元",))) == []


@pytest.mark.unit
@pytest.mark.parametrize(
    ("change", "failure"),
    [
        ({"answered": False}, "answered"),
        ({"polarity": "no"}, "polarity:no"),
        ({"answer": "需要。尽快拆除。"}, "value:6个月"),
        ({"departments": [{"name": "省民政厅"}]}, "department:省林草局"),
        ({"departments": [{"name": "省林草局", "role": "implement"}]}, "lead:省林草局"),
        (
            {
                "citations": cite(
                    "晋政办发〔2019〕57号 一（一）",
                    "晋政办发〔2019〕57号 一（二）",
                    "晋政办发〔2019〕57号 一（三）",
                    RENT,
                )
            },
            "clause",
        ),
        ({"answer": "需要。6个月内拆除，另有10亿元。"}, "forbid:10亿元"),
    ],
)
def test_a_wrong_answer_fails(change: dict[str, Any], failure: str) -> None:
    expect = Expectation(**{**EXPECT.__dict__, "forbid": ("10亿元",)})
    assert failure in score({**GOOD, **change}, expect)


@pytest.mark.unit
def test_missing_polarity_fails_and_never_raises() -> None:
    old = {k: v for k, v in GOOD.items() if k != "polarity"}
    assert score(old, EXPECT) == ["polarity:None"]
    assert score({}, EXPECT) == ["answered"]
    assert score({"answered": True}, Expectation(False)) == ["answered"]


ROWS = [
    {"label": "省林草局", "node": "n1", "doc": "晋脱贫攻坚组〔2020〕12号", "clause": "三（十）"},
    {"label": "省林业和草原局", "node": "n1", "doc": "晋脱贫攻坚组〔2020〕12号", "clause": "三（十）"},
    {"label": "省民政厅", "node": "n2", "doc": "晋脱贫攻坚组〔2020〕12号", "clause": "四（十一）"},
    {"label": "各市、县扶贫部门", "node": "n3", "doc": "晋脱贫攻坚组〔2020〕12号", "clause": "七（二十五）"},
]


@pytest.mark.unit
def test_grounding_finds_numbers_and_departments_not_in_cited_text() -> None:
    grounding = Grounding.from_rows(ROWS, strip=["晋政办发〔2019〕57号"])
    cited = cite(OLD_HOUSE, text=OLD_HOUSE_TEXT + "（省林业和草原局牵头负责）")
    grounded = answer(
        "晋政办发〔2019〕57号 七（二）：6个月内拆除旧房，一年内复垦；省林草局牵头。请先提出一个问题。", citations=cited
    )
    assert grounding.violations(grounded) == []
    invented = answer("每户补贴3万元，二十年内不得出售，由省民政厅负责。", citations=cited)
    assert grounding.violations(invented) == ["3万元", "二十年", "省民政厅"]
    assert grounding.violations(answer("文件没有规定。")) == []


@pytest.mark.unit
def test_numbers_with_a_unit_are_the_grounding_rules() -> None:
    """One notion of a number with a unit (grounding_rule.yaml) for the service, the scorer and the old scorer: the
    longest unit, a spaced number normalised, an article (一个) none."""
    assert numbers(norm("原则上20年内，低 2 个百分点，6个月内完成，请先提出一个问题")) == ["20年", "2个百分点", "6个月"]


@pytest.mark.unit
def test_the_service_does_not_import_the_gold_scorer() -> None:
    """The runtime grounding check uses the grounding rule, not the scorer's modules (cases, case_scoring)."""
    import subprocess
    import sys

    probe = (
        "import sys, kb.answer.service, kb.answer.grounding; "
        "print(sorted(m for m in sys.modules if m.startswith('kb.answer.case')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.unit
def test_a_department_read_from_a_cited_clause_is_grounded() -> None:
    grounding = Grounding.from_rows(ROWS)
    text = "各市县发展改革、扶贫部门具体实施"  # the clause writes the list; the graph names each department
    spelled_out = answer(
        "由各市、县扶贫部门具体实施。", citations=cite("晋脱贫攻坚组〔2020〕12号 七（二十五）", text=text)
    )
    assert grounding.violations(spelled_out) == []
    elsewhere = answer("由各市、县扶贫部门具体实施。", citations=cite(OLD_HOUSE, text=text))
    assert grounding.violations(elsewhere) == ["各市、县扶贫部门"]


@pytest.mark.unit
def test_aggregate_per_category_kind_style_and_dialogue(tmp_path: Path) -> None:
    single, refusal, dialogue = load_file(write(tmp_path, VALID))
    grounding = Grounding.from_rows(ROWS)
    scores = [
        score_case(
            single,
            answer("必须拆，6个月内。", polarity="yes", citations=cite(OLD_HOUSE, text=OLD_HOUSE_TEXT)),
            grounding,
        ),
        score_case(refusal, answer("大约3万元。"), grounding),
        score_case(dialogue.turns[0], answer("不可以。", polarity="no", citations=cite(RENT)), grounding),
        score_case(dialogue.turns[1], answer("不可以。", polarity="no", citations=cite(RENT)), grounding),
    ]
    figures = aggregate(scores)
    assert figures["overall"] == {"passed": 2, "total": 4, "rate": 0.5}
    assert figures["category"]["must"]["passed"] == 1 and figures["category"]["out_of_scope"]["passed"] == 0
    assert figures["oos_kind"] == {"amount": {"passed": 0, "total": 1, "rate": 0.0}}
    assert figures["style"]["short"] == {"passed": 1, "total": 3, "rate": 0.333}
    assert figures["dialogues_whole"] == {"passed": 0, "total": 1, "rate": 0.0}
    assert figures["grounding_violations"] == 1


@pytest.mark.integration
def test_gold_files_agree_with_the_built_graph() -> None:
    from kb.graph.store import GraphStore

    store = GraphStore.open()
    texts = {f"{r['doc']} {r['clause']}": str(r["text"]) for r in store.select("clauses")}
    for d in load_corpus():  # a document's metadata and dated signature (落款) answer from its preamble
        meta = (d.doc_number, d.title, d.short_title, d.issuer, *d.colophon)
        texts[f"{d.doc_number} 序言"] = texts.get(f"{d.doc_number} 序言", "") + "".join(meta)
    departments = {str(r["label"]) for r in store.select("department_sources")}
    cases = load_set("all")  # every file of every set loads, and ids are unique across them
    assert len(cases.singles) >= 110 and len(cases.dialogues) >= 14
    problems = []
    for case in cases.all_cases():
        expect = case.expect
        problems += [f"{case.id}: no clause {k}" for k in expect.clauses if k not in texts]
        problems += [
            f"{case.id}: {s!r} is in none of its clauses"
            for s in expect.strings()
            if not any(s in texts.get(k, "") for k in expect.clauses)
        ]
        named = expect.departments + expect.leads
        problems += [f"{case.id}: no department {d}" for d in named if d not in departments]
    assert problems == []


@pytest.mark.integration
def test_eval_runner_scores_real_answers(search_index: Path, tmp_path: Path) -> None:
    """The runner (case_scoring.run_set, scripts/eval_ask.py's) with the real AskService: singles alone, dialogue
    turns with `.turn`."""
    import importlib.util

    from kb.answer import AskService

    spec = importlib.util.spec_from_file_location("eval_ask", Path(__file__).parents[1] / "scripts" / "eval_ask.py")
    assert spec is not None and spec.loader is not None
    eval_ask = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_ask)
    cases = load_set("heldout", files=[write(tmp_path, VALID)])
    service = AskService.open(search_index)
    scores, answers = run_set(service.ask, cases, eval_ask.grounding_checker(search_index))
    assert [s.case.id for s in scores] == ["t-1", "t-2", "td-1#1", "td-1#2"]
    assert set(answers) == {"t-1", "t-2", "td-1#1", "td-1#2"}
    assert all("answered" in a and "citations" in a for a in answers.values())
    assert aggregate(scores)["answers"] == 4
