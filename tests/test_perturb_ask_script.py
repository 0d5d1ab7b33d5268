"""scripts/perturb_ask.py: deterministic variants from its data, never a held-out set, and a run on a few dev
cases through the real service (every kind is counted; a case failing as written makes no variant)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from kb.answer import AskService
from kb.answer.cases import Case, Expectation, load_set

SCRIPT = Path(__file__).parents[1] / "scripts" / "perturb_ask.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("perturb_ask", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.unit
def test_variants_are_deterministic_and_keep_the_question() -> None:
    script = load_script()
    words = script.load_data()
    case = Case("x-1", "yes_no", "安置房能不能卖给别人？", Expectation(True))
    first = script.variants(case, list(script.KINDS), words)
    assert first == script.variants(case, list(script.KINDS), words)
    assert set(first) == set(script.KINDS)
    assert first["no_punct"] == "安置房能不能卖给别人"
    assert first["cue_swap"].startswith("安置房卖给别人") and first["cue_swap"].endswith("？")
    assert "賣給別人" in first["traditional"]
    for kind in ("story_prefix", "official_wrap", "reason_clause"):
        assert "安置房能不能卖给别人" in first[kind], kind
    story = Case("x-2", "yes_no", "俺家搬下来了。安置房能不能租出去？", Expectation(True))
    reason = script.variants(story, ["reason_clause"], words)["reason_clause"]
    assert reason.startswith("俺家搬下来了。") and reason.index("安置房") > len("俺家搬下来了。")


@pytest.mark.unit
def test_held_out_and_integrator_sets_are_not_offered() -> None:
    script = load_script()
    allowed = script.allowed_sets(script.load_data())
    assert "tuning" in allowed and "dev9a" in allowed
    assert not any(n.startswith("heldout") or n in ("dev8b", "dev9b", "dev8", "dev9") for n in allowed)


def test_a_run_on_a_few_cases_counts_every_kind(service: AskService) -> None:
    script = load_script()
    cases = [c for c in load_set("dev").singles if c.expect.answered][:3]
    failing = Case("x-3", "open", "安置房能不能租出去？", Expectation(True, values=("不存在的数值",)))
    figures = script.run(service, [*cases, failing], list(script.KINDS), script.load_data())
    assert figures["singles"] == 4 and figures["passing"] <= 3
    assert set(figures["kinds"]) == set(script.KINDS)
    assert figures["kinds"]["story_prefix"]["total"] == figures["passing"]
    assert all(f["id"] != "x-3" for f in figures["failures"])
