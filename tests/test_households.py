"""Household cases as data: tests/households/*.yaml (profile in, expected entitlements/obligations out).

Each case: ``description``, ``profile`` (as a user would write it), ``expect`` with ``entitlements`` and
``obligations`` mappings from rule id to either a status or ``{status, members, due, until, questions,
basis}``. ``expect_failure: true`` marks a case whose expectations are wrong on purpose: the harness must
report mismatches for it (proof that the harness can fail). ``expect_error: TEXT`` marks an invalid profile:
it must be refused with an error naming TEXT (the field).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.entitle import ProfileError, Report, entitle

CASES_DIR = Path(__file__).with_name("households")
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
CASE_KEYS = {"description", "profile", "expect", "expect_failure", "expect_error"}
EXPECT_KEYS = {"status", "members", "due", "until", "questions", "basis"}


def load_case(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{path.name}: unknown keys {unknown}"
    assert case.get("expect") or case.get("expect_error"), f"{path.name}: no expectations"
    return case


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def mismatches(report: Report, expect: dict[str, Any]) -> list[str]:
    """Every difference between the report and the expectations, as readable lines (empty = pass)."""
    problems = []
    for kind in ("entitlements", "obligations"):
        results = {r.id: r for r in getattr(report, kind)}
        for rule_id, wanted in (expect.get(kind) or {}).items():
            wanted = {"status": wanted} if isinstance(wanted, str) else dict(wanted)
            unknown = set(wanted) - EXPECT_KEYS
            if unknown:
                problems.append(f"{rule_id}: unknown expectation keys {sorted(unknown)}")
            result = results.get(rule_id)
            if result is None:
                problems.append(f"{kind}/{rule_id}: not in the result")
                continue
            got = result.to_json()
            for key in ("status", "members", "due", "until"):
                if key in wanted and _iso(wanted[key]) != got.get(key):
                    problems.append(f"{rule_id}.{key}: expected {_iso(wanted[key])!r}, got {got.get(key)!r}")
            asked = {q["field"] for q in got["questions"]}
            for field in wanted.get("questions") or []:
                if field not in asked:
                    problems.append(f"{rule_id}.questions: {field!r} not asked (asked: {sorted(asked)})")
            cited = {f"{b['doc']} {b['clause']}" for b in got["basis"]}
            for citation in wanted.get("basis") or []:
                if citation not in cited:
                    problems.append(f"{rule_id}.basis: {citation!r} not cited (cited: {sorted(cited)})")
    return problems


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_household_case(path: Path, store) -> None:
    case = load_case(path)
    if case.get("expect_error"):
        with pytest.raises(ProfileError) as err:
            entitle(case["profile"] or {}, store=store)
        assert case["expect_error"] in str(err.value)
        return
    report = entitle(case["profile"] or {}, store=store, include_not_applicable=True)
    problems = mismatches(report, case["expect"])
    if case.get("expect_failure"):
        assert problems, f"{path.name} is marked expect_failure but all its expectations held"
    else:
        assert not problems, f"{path.name} ({case.get('description')}):\n" + "\n".join(problems)


def test_required_household_situations_are_covered() -> None:
    names = {p.stem for p in CASE_FILES}
    for wanted in (
        "job-seeker-large-urban",
        "elderly-alone-rural",
        "forest-ranger",
        "school-children",
        "overdue-demolition",
        "entrepreneur",
        "land-transfer",
        "mostly-unknown",
    ):
        assert wanted in names
    assert any(load_case(p).get("expect_failure") for p in CASE_FILES), "no must-fail case"


def test_harness_reports_each_kind_of_mismatch(store) -> None:
    report = entitle({"as_of": "2020-08-01", "move_in_date": "2020-01-01", "old_house_demolished": False}, store=store)
    expect = {
        "obligations": {
            "demolish-old-house": {
                "status": "due",
                "due": dt.date(2020, 6, 30),
                "basis": ["晋脱贫攻坚组〔2020〕12号 二（五）"],
            },
            "no-such-rule": "applies",
        },
        "entitlements": {"equal-medical-care": {"status": "applies", "questions": ["registered_poor"]}},
    }
    problems = mismatches(report, expect)
    assert any("demolish-old-house.status" in p for p in problems)
    assert any("demolish-old-house.due" in p for p in problems)
    assert any("demolish-old-house.basis" in p for p in problems)
    assert any("no-such-rule" in p for p in problems)
    assert any("equal-medical-care.questions" in p for p in problems)
