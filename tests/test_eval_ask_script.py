"""scripts/eval_ask.py without a usable build: the CLI's error line from the message catalogue, exit 2."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from kb.graph.store import StoreError
from kb.messages import msg

SCRIPT = Path(__file__).parents[1] / "scripts" / "eval_ask.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_ask", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.unit
def test_missing_build_is_the_cli_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-build"
    assert load_script().main(["--set", "dev", "--build", str(missing)]) == 2
    out, err = capsys.readouterr()
    expected = msg("common.error_prefix") + msg("errors.store.missing", path=missing.resolve() / "graph.ttl")
    assert err.strip() == expected
    assert out == ""


@pytest.mark.unit
def test_stale_build_with_json_gives_the_error_object(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = load_script()
    stale = msg("errors.store.stale_code", built="0.1.0/old", current="0.1.0/new")

    def open_stale(build: Path | None = None) -> None:
        raise StoreError(stale)

    monkeypatch.setattr(script.AskService, "open", open_stale)
    assert script.main(["--set", "dev", "--json"]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == msg("common.error_prefix") + stale
    assert json.loads(out) == {"error": stale, "exit_code": 2}
