"""The entitlement rules: profile validation, the rules in the graph, the CLI and its JSON contract."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kb.cli import main
from kb.entitle import ProfileError, RuleError, add_period, entitle, load_rules, profile_questions, validate_profile
from kb.entitle.profile import field_specs
from kb.entitle.rules import walk

ROOT = Path(__file__).resolve().parents[1]
RULES_TTL = ROOT / "ontology" / "curated" / "entitlements.ttl"
PKB = "https://w3id.org/policykb/ontology#"
ACCEPTANCE = {"move_in_date": "2020-01-01", "as_of": "2020-08-01", "old_house_demolished": False}


@pytest.fixture(scope="module")
def rules(store):
    return load_rules(store)


@pytest.fixture
def cli_env(built_graph_dir, monkeypatch):
    monkeypatch.setenv("POLICYKB_BUILD", str(built_graph_dir))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- profile validation
@pytest.mark.parametrize(
    ("profile", "names"),
    [
        ({"registered_poor": "yes"}, "registered_poor"),
        ({"settlement_population": -5}, "settlement_population"),
        ({"settlement_population": "很多"}, "settlement_population"),
        ({"resettlement": "both"}, "resettlement"),
        ({"move_in_date": "2020-13-01"}, "move_in_date"),
        ({"as_of": "2020-01-01", "move_in_date": "2020-03-01"}, "move_in_date"),
        ({"income": 1000}, "income"),
        ({"members": [{"age": -3}]}, "members[0].age"),
        ({"members": [{"age": 30}, {"age": 40, "height": 170}]}, "members[1].height"),
        ({"members": [{"age": 30, "wants_job": 1}]}, "members[0].wants_job"),
        ({"members": [{"age": True}]}, "members[0].age"),
        ({"members": []}, "members"),
        ({"members": {"age": 30}}, "members"),
        ({"members": ["张三"]}, "members[0]"),
    ],
)
def test_invalid_profiles_name_the_field(profile, names) -> None:
    with pytest.raises(ProfileError) as err:
        validate_profile(profile)
    assert names in str(err.value)


def test_profile_not_a_mapping() -> None:
    with pytest.raises(ProfileError, match="键值对"):
        validate_profile(["registered_poor"])


def test_missing_fields_are_unknown_not_false() -> None:
    profile = validate_profile({"members": [{"age": 30}]}, today=dt.date(2021, 1, 1))
    assert profile.as_of == dt.date(2021, 1, 1)
    assert profile.get("registered_poor") is None
    assert profile.members is not None and profile.members[0].get("wants_job") is None
    assert validate_profile({}).members is None


def test_as_of_override_and_dates() -> None:
    profile = validate_profile({"as_of": "2019-01-01", "move_in_date": "2020-01-01"}, as_of="2020-08-01")
    assert profile.as_of == dt.date(2020, 8, 1) and profile.get("move_in_date") == dt.date(2020, 1, 1)
    with pytest.raises(ProfileError, match="--as-of"):
        validate_profile({}, as_of="明天")


@pytest.mark.parametrize(
    ("start", "value", "unit", "end"),
    [
        ("2020-01-01", 6, "month", "2020-07-01"),
        ("2019-08-31", 6, "month", "2020-02-29"),
        ("2020-01-01", 1, "year", "2021-01-01"),
        ("2020-02-29", 1, "year", "2021-02-28"),
        ("2020-01-01", 0.5, "year", "2020-07-01"),
        ("2020-01-01", 20, "year", "2040-01-01"),
    ],
)
def test_add_period(start, value, unit, end) -> None:
    assert add_period(dt.date.fromisoformat(start), value, unit) == dt.date.fromisoformat(end)


# ---------------------------------------------------------------- the rules in the graph
def test_rules_load_with_their_clauses(rules) -> None:
    ids = {r.id for r in rules}
    for wanted in (
        "five-unchanged-land",
        "job-postings",
        "vocational-training",
        "public-welfare-jobs",
        "employment-subsidies",
        "job-fairs-large-settlement",
        "startup-support",
        "poverty-microcredit",
        "safety-net",
        "dibao-inclusion",
        "equal-schooling",
        "social-insurance-continuity",
        "forest-ranger-keeps-post",
        "land-transfer-reward",
        "property-certificate",
        "move-in-reward",
        "demolish-old-house",
        "reclaim-land",
        "one-household-one-homestead",
        "no-mortgage-sale-transfer",
        "no-private-sale-or-rent",
    ):
        assert wanted in ids


def test_every_quote_is_verbatim_in_its_clause(rules, corpus) -> None:
    texts = {(doc.doc_number, c.label): c.text for doc in corpus for c in doc.clauses}
    for rule in rules:
        assert rule.basis, rule.id
        for citation in rule.basis:
            assert citation.text == texts[(citation.doc, citation.clause)], rule.id
            assert citation.quotes, f"{rule.id}: no quote from {citation.short()}"
            for quote in citation.quotes:
                assert quote in texts[(citation.doc, citation.clause)]
        for req in walk(rule.requirements):
            if req.citation:
                assert req.quote and req.quote in texts[(req.citation.doc, req.citation.clause)], req.iri


def test_numbers_come_from_extracted_thresholds(rules) -> None:
    periods = {r.id: (r.period.iri, r.period.value, r.period.unit) for r in rules if r.period}
    base = "https://w3id.org/policykb/id/fact/jinzhengbanfa-2019-57/"
    assert periods["demolish-old-house"] == (base + "s7-i2/6month", 6, "month")
    assert periods["reclaim-land"] == (base + "s7-i2/1year", 1, "year")
    assert periods["no-mortgage-sale-transfer"] == (base + "s6-i4/20year", 20, "year")
    fairs = next(r for r in rules if r.id == "job-fairs-large-settlement")
    (criterion,) = walk(fairs.requirements)
    assert criterion.threshold is not None and criterion.threshold.value == 3000
    assert criterion.threshold.iri.endswith("jintuopingongjianzu-2020-12/s2-i5/3000person")
    postings = next(r for r in rules if r.id == "job-postings")
    assert [t.iri.rsplit("/", 1)[-1] for t in postings.thresholds] == ["3count"]


def test_no_number_is_retyped_in_the_rules_file() -> None:
    """Literals of the rules file carry no digits, except quotes (verbatim), display order and the cited law."""
    graph = Graph().parse(RULES_TTL)
    exempt = {URIRef(PKB + "quote"), URIRef(PKB + "order"), URIRef("http://purl.org/dc/terms/source")}
    elderly = URIRef("https://w3id.org/policykb/id/interpretation/elderly-age")
    for s, p, o in graph:
        if isinstance(o, Literal) and p not in exempt and s != elderly:
            assert not re.search(r"[0-9０-９]", str(o)), (s, p, o)


def test_criteria_use_known_profile_fields(rules) -> None:
    specs = field_specs()
    for rule in rules:
        for req in walk(rule.requirements):
            if req.combination is None:
                assert req.field is not None and req.field.name in specs


class _BrokenStore:
    def __init__(self, store, table: str, change) -> None:
        self.store, self.table, self.change = store, table, change

    def select(self, name: str, **bindings):
        rows = self.store.select(name, **bindings)
        return [self.change(dict(r)) for r in rows] if name == self.table else rows


def test_rule_errors_are_loud(store) -> None:
    def bad_quote(row):
        if row.get("quote") == "住新必须拆旧":
            row["quote"] = "住新可以不拆旧"
        return row

    with pytest.raises(RuleError, match="住新可以不拆旧"):
        load_rules(_BrokenStore(store, "entitle_basis", bad_quote))

    def missing_threshold(row):
        if str(row["threshold"]).endswith("6month"):
            row["value"] = None
        return row

    with pytest.raises(RuleError, match="policykb build"):
        load_rules(_BrokenStore(store, "entitle_thresholds", missing_threshold))

    def bad_field(row):
        if row.get("field") == "wants_job":
            row["field"] = "wants_a_job"
        return row

    with pytest.raises(RuleError, match="wants_a_job"):
        load_rules(_BrokenStore(store, "entitle_requirements", bad_field))


# ---------------------------------------------------------------- evaluation details
def test_does_not_apply_only_on_request(store) -> None:
    profile = {"as_of": "2020-06-01", "registered_poor": False, "members": [{"age": 30, "wants_job": False}]}
    default = entitle(profile, store=store)
    assert all(r.status != "does_not_apply" for r in default.results)
    full = entitle(profile, store=store, include_not_applicable=True)
    assert full.get("five-unchanged-land").status == "does_not_apply"
    assert default.get("five-unchanged-land") is None


def test_may_apply_says_which_question_decides(store) -> None:
    report = entitle({"as_of": "2020-06-01", "members": [{"name": "甲", "age": 50}]}, store=store)
    postings = report.get("job-postings")
    assert postings.status == "may_apply"
    assert [(q.field, q.member) for q in postings.questions] == [("wants_job", "甲")]
    assert "这位家庭成员想找工作吗？" in postings.why[-1]


def test_restriction_expires(store) -> None:
    report = entitle({"as_of": "2041-01-01", "move_in_date": "2020-01-01"}, store=store, include_not_applicable=True)
    rule = report.get("no-mortgage-sale-transfer")
    assert rule.status == "does_not_apply" and rule.until == dt.date(2040, 1, 1)


# ---------------------------------------------------------------- CLI
def test_cli_acceptance_demolition_overdue(cli_env, capsys, tmp_path) -> None:
    path = tmp_path / "household.yaml"
    path.write_text("move_in_date: 2020-01-01\nas_of: 2020-08-01\nold_house_demolished: false\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "entitle", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"entitlements", "obligations"}
    demolish = next(o for o in data["obligations"] if o["id"] == "demolish-old-house")
    assert demolish["status"] == "overdue" and demolish["due"] == "2020-07-01"
    assert {"doc": "晋政办发〔2019〕57号", "clause": "七（二）"}.items() <= demolish["basis"][0].items()
    code, out, _ = run_cli(capsys, "entitle", str(path))
    assert code == 0 and "已逾期" in out and "2020-07-01" in out and "晋政办发〔2019〕57号 七（二）" in out


def test_cli_json_contract(cli_env, capsys, corpus) -> None:
    path = ROOT / "tests" / "households" / "job-seeker-large-urban.yaml"
    import yaml

    profile = yaml.safe_load(path.read_text(encoding="utf-8"))["profile"]
    stdin = io.StringIO(json.dumps(profile, default=str, ensure_ascii=False))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", stdin)
        code, out, _ = run_cli(capsys, "entitle", "-", "--json", "--as-of", "2020-06-01")
    assert code == 0
    data = json.loads(out)
    texts = {(doc.doc_number, c.label): c.text for doc in corpus for c in doc.clauses}
    assert data["entitlements"] and data["obligations"]
    for kind in ("entitlements", "obligations"):
        for item in data[kind]:
            assert {"id", "label", "status", "members", "why", "basis"} <= set(item)
            assert item["status"] in {"applies", "may_apply", "due", "overdue", "done"}
            assert isinstance(item["members"], list) and isinstance(item["why"], list) and item["why"]
            for basis in item["basis"]:
                assert set(basis) >= {"doc", "clause", "text"}
                assert basis["text"] in texts[(basis["doc"], basis["clause"])]
            if kind == "obligations":
                assert "due" in item and (item["due"] is None or dt.date.fromisoformat(item["due"]))


def test_cli_questions(capsys) -> None:
    code, out, _ = run_cli(capsys, "entitle", "--questions")
    assert code == 0
    for q in profile_questions():
        assert q["question"] in out
    assert "您家是建档立卡贫困户吗？" in out
    code, out, _ = run_cli(capsys, "entitle", "--questions", "--json")
    fields = {q["field"] for q in json.loads(out)}
    assert {"registered_poor", "move_in_date", "members", "age", "forest_ranger"} <= fields


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("registered_poor: 是的\n", "registered_poor"),
        ("members:\n  - age: -1\n", "members[0].age"),
        ("as_of: 2020-01-01\nmove_in_date: 2020-05-01\n", "move_in_date"),
        ("colour: red\n", "colour"),
        ("a: [\n", "无法解析"),
    ],
)
def test_cli_invalid_profile_is_a_clear_error(cli_env, capsys, tmp_path, content, message) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    code, out, err = run_cli(capsys, "entitle", str(path))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_cli_missing_file_and_missing_profile(cli_env, capsys, tmp_path) -> None:
    code, _, err = run_cli(capsys, "entitle", str(tmp_path / "none.yaml"))
    assert code == 2 and "无法读取" in err
    code, _, err = run_cli(capsys, "entitle")
    assert code == 2 and "--questions" in err


def test_open_questions_most_useful_first(store) -> None:
    report = entitle({"as_of": "2020-08-01"}, store=store)
    fields = [q.field for q in report.open_questions()]
    assert fields[:2] == ["members", "registered_poor"]
    assert len(fields) == len(set(fields))
    assert report.to_json()["questions"][0]["field"] == "members"
