"""Household profiles under hostile or careless input (issue 14): every bad profile is a ProfileError naming
the field, never another exception or a hang; property-based (hypothesis, bounded) plus the reproducers."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.cli import main
from kb.entitle import Profile, ProfileError, entitle, parse_date, validate_profile
from kb.entitle.errors import limits
from kb.entitle.profile import field_specs, parse_profile_text, specs_of

pytestmark = pytest.mark.unit
BOUNDED = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

FIELD_NAMES = list(field_specs())
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["centralized", "dispersed", "urban", "rural", "2020-01-01", "2020年1月1日", "2020-13-45"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
members = st.lists(
    st.dictionaries(st.sampled_from([*list(specs_of("member")), "height"]), values, max_size=6), max_size=4
)
profiles = st.dictionaries(st.sampled_from([*FIELD_NAMES, "income"]), values, max_size=8).flatmap(
    lambda data: st.one_of(st.just(data), members.map(lambda m: {**data, "members": m}))
)


def _validated_or_profile_error(data: object) -> Profile | None:
    try:
        return validate_profile(data, today=dt.date(2021, 1, 1))
    except ProfileError as exc:
        assert str(exc) and len(str(exc)) < 2000
        return None


@BOUNDED
@given(profiles)
def test_any_profile_mapping_is_valid_or_a_profile_error(data: dict) -> None:
    _validated_or_profile_error(data)


@BOUNDED
@given(values)
def test_any_value_is_valid_or_a_profile_error(data: object) -> None:
    _validated_or_profile_error(data)


@BOUNDED
@given(st.text(max_size=200))
def test_any_text_parses_or_is_a_profile_error(text: str) -> None:
    for as_json in (False, True):
        with contextlib.suppress(ProfileError):
            _validated_or_profile_error(parse_profile_text(text, as_json=as_json))


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_entitle_on_any_profile_reports_or_refuses(store, data: dict) -> None:
    profile = _validated_or_profile_error(data)
    if profile is not None:
        report = entitle(profile, store=store).to_json()
        assert {"entitlements", "obligations", "questions"} <= set(report)


# ---------------------------------------------------------------- the reproducers of issue 14
@pytest.mark.parametrize(
    ("text", "as_json", "names"),
    [
        ("resettlement: [centralized]", False, "resettlement（"),
        ("settlement_population: " + "9" * 5000, False, "数字太长"),
        ('{"settlement_population": ' + "9" * 5000 + "}", True, "数字太长"),
        ("move_in_date: 2020-13-45", False, "move_in_date（"),
        ("as_of: 9999-12-31", False, "as_of（"),
        ("a: " + "[" * 1000 + "]" * 1000, False, "嵌套太深"),
        ('{"a": ' + "[" * 1000 + "]" * 1000 + "}", True, "嵌套太深"),
        ("dibao: true\ndibao: false", False, "重复"),
        ('{"dibao": true, "dibao": false}', True, "重复"),
        ('a: &a ["x","x"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nresettlement: [*c,*c,*c]', False, "别名"),
        ("x" * (limits()["file_bytes"] + 1), False, "太大"),
        ("members:\n" + "  - {age: 30}\n" * (limits()["members"] + 1), False, "成员太多"),
    ],
)
def test_reproducers_are_clear_errors(text: str, as_json: bool, names: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ProfileError, match=names.replace("(", r"\(").replace("[", r"\[")):
        validate_profile(parse_profile_text(text, as_json=as_json))
    assert time.perf_counter() - started < 5  # a bound on a hang, not a timing figure


def test_a_bom_is_accepted_in_yaml_and_json() -> None:
    assert validate_profile(parse_profile_text("\ufeffdibao: true")).get("dibao") is True
    assert validate_profile(parse_profile_text('\ufeff{"dibao": true}', as_json=True)).get("dibao") is True


def test_entitle_of_none_is_a_profile_error() -> None:
    with pytest.raises(ProfileError, match="户情应为"):
        entitle(None)  # type: ignore[arg-type]


def test_unknown_stays_unknown_not_zero() -> None:
    profile = validate_profile({"members": [{"name": "甲"}]}, today=dt.date(2021, 1, 1))
    assert profile.get("settlement_population") is None and profile.members[0].get("age") is None


@pytest.mark.parametrize(
    "text", ["2026年4月1日", "2026/4/1", "2026.4.1", "2026-04-01", "２０２６年４月１日", " 2026 年 4 月 1 日 "]
)
def test_dates_in_the_forms_people_write_them(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 4, 1)


@pytest.mark.parametrize("text", ["2026年13月1日", "2026/2/30", "明天", "20260401", "9999-12-31", "0001-01-01", ""])
def test_bad_dates_are_profile_errors(text: str) -> None:
    with pytest.raises(ProfileError):
        parse_date(text, "move_in_date")


def test_members_are_linear(store) -> None:
    profile = validate_profile(
        {"members": [{"age": 30 + i % 40, "wants_job": True} for i in range(limits()["members"])]}
    )
    report = entitle(profile, store=store).to_json()
    assert report["entitlements"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.yaml", "resettlement: [centralized]\n"),
        ("deep.json", '{"a": ' + "[" * 1000 + "]" * 1000 + "}"),
        ("bad.yaml", "as_of: 9999-12-31\n"),
        ("latin1.yaml", b"\xff\xfe\x00"),
    ],
)
def test_cli_exits_2_with_a_message(tmp_path, capsys, name: str, content: str | bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert main(["entitle", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：户情有误") and "Traceback" not in err


def test_cli_reads_a_json_file_with_a_bom(tmp_path, capsys, built_graph_dir, monkeypatch) -> None:
    monkeypatch.setenv("POLICYKB_BUILD", str(built_graph_dir))
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"as_of": "2026年4月1日"}).encode())
    assert main(["entitle", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-04-01"
