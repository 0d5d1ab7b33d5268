"""The CLI contract (docs/cli.md) through the real ``policykb`` in a subprocess: exit 0 found/answered, 1 a
negative result, 2 a user error; errors on stderr starting with 错误： and, with --json, as JSON on stdout;
one missing-build behaviour for every command; a busy port names --port; no web-tab hints in the terminal."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kb.messages import msg

ERROR = msg("common.error_prefix")
WEB_TABS = ("我家能享受什么", "部门职责", "培训材料")  # the app's tab titles (chat/app.py) never appear in a terminal


def policykb(*args: str, build: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    if build is not None:
        env["POLICYKB_BUILD"] = str(build)
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_error(result: subprocess.CompletedProcess, as_json: bool = False) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.startswith(ERROR)]
    assert lines, result.stderr
    if as_json:
        data = json.loads(result.stdout)
        assert data["error"] and data["exit_code"] == 2
        assert lines[0].removeprefix(ERROR) == data["error"].splitlines()[0]
    return lines[0]


# ------------------------------------------------------------------ exit codes (no model needed)
@pytest.mark.unit
def test_found_is_0_nothing_found_is_1(built_graph_dir: Path) -> None:
    assert policykb("who", "扶贫车间").returncode == 0
    assert policykb("fact", "拆旧", "--json").returncode == 0
    nothing = policykb("who", "火星基地建设", "--json")
    assert nothing.returncode == 1 and json.loads(nothing.stdout)["measures"] == []
    assert nothing.stderr == ""  # a negative result is an answer, not an error
    assert policykb("duties", "火星移民局").returncode == 1


@pytest.mark.unit
def test_user_errors_are_2_on_stderr_and_json_on_stdout(built_graph_dir: Path) -> None:
    assert_error(policykb("who", "", "--json"), as_json=True)
    assert_error(policykb("sparql", "DELETE WHERE { ?s ?p ?o }"))
    assert_error(policykb("who"))  # argparse's own errors follow the contract too
    assert_error(policykb("who", "--no-such-option", "x", "--json"), as_json=True)
    assert_error(policykb("export", "duties", "--department", "火星移民局", "--json"), as_json=True)
    assert_error(policykb("entitle", "/no/such/household.yaml"))


@pytest.mark.unit
def test_every_command_needing_a_build_says_the_same_when_it_is_missing(tmp_path: Path) -> None:
    empty = tmp_path / "empty-build"
    household = Path(__file__).parent / "households"
    profile = next(household.glob("*.yaml"))
    commands = [
        ("who", "扶贫车间"),
        ("duties", "人社"),
        ("fact", "拆旧"),
        ("sparql", "ASK { ?s ?p ?o }"),
        ("ask", "扶贫车间招工吗"),
        ("search", "扶贫车间招工吗"),
        ("eval-search",),
        ("entitle", str(profile)),
        ("export", "duties"),
        ("provisions", "六（四）"),
        ("serve", "--port", str(free_port())),
    ]
    first_lines = set()
    for command in commands:
        line = assert_error(policykb(*command, build=empty))
        assert "policykb build" in line, (command, line)
        first_lines.add(line)
    assert len(first_lines) == 1, first_lines  # one message, the same everywhere
    assert not empty.exists() or not any(empty.rglob("*"))  # in particular, search built no index without a graph


@pytest.mark.unit
def test_busy_port_names_the_option(built_graph_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        line = assert_error(policykb("serve", "--port", str(port)))
    assert "--port" in line and str(port) in line


# ------------------------------------------------------------------ answers (the real model)
@pytest.mark.integration
def test_refused_question_is_1_answered_is_0_bad_question_is_2(search_index: Path) -> None:
    refused = policykb("ask", "北京明天天气怎么样", "--json")
    assert refused.returncode == 1 and json.loads(refused.stdout)["answered"] is False
    answered = policykb("ask", "安置房可以卖吗？")
    assert answered.returncode == 0, answered.stderr
    assert msg("cli.ask.entitle_hint") in answered.stdout  # the terminal's own hint …
    assert not any(tab in answered.stdout for tab in WEB_TABS)  # … not the web app's
    bad = policykb("ask", "", "--json")
    assert_error(bad, as_json=True)
    assert json.loads(bad.stdout)["intent"] == "invalid"  # the answer object, with the error added


@pytest.mark.integration
def test_search_rebuilds_a_missing_index_with_one_progress_line(tmp_path: Path, search_index: Path) -> None:
    build = tmp_path / "build"
    assert policykb("build", "--graph-only", "--out", str(build)).returncode == 0
    (build / "search").mkdir()
    (build / "search" / "cache").symlink_to(search_index / "search" / "cache")  # vectors known: no new embedding
    result = policykb("search", "扶贫车间招工吗", "-k", "1", build=build)
    assert result.returncode == 0, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "policykb" not in result.stderr
    assert (build / "search" / "config.json").is_file()


# ------------------------------------------------------------------ where things are (docs/cli.md)
@pytest.mark.unit
def test_build_folder_and_home_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb import paths

    monkeypatch.delenv("POLICYKB_BUILD", raising=False)
    monkeypatch.delenv("POLICYKB_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.build_dir() == tmp_path / "xdg" / "policykb" / "build"
    assert (paths.corpus_dir() / "jinzhengbanfa-2019-57.yaml").is_file()  # the bundled corpus
    home = tmp_path / "mine"
    (home / "corpus").mkdir(parents=True)
    monkeypatch.setenv("POLICYKB_HOME", str(home))
    assert paths.corpus_dir() == home / "corpus" and paths.build_dir() == home / "build"
    assert (paths.ontology_dir() / "shapes.ttl").is_file()  # no ontology/ of its own: the bundled one
    monkeypatch.setenv("POLICYKB_BUILD", str(tmp_path / "elsewhere"))
    assert paths.build_dir() == tmp_path / "elsewhere"


@pytest.mark.unit
def test_build_help_tells_the_default_folder(tmp_path: Path) -> None:
    env_home = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    result = subprocess.run(
        [sys.executable, "-m", "kb.cli", "build", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={k: v for k, v in {**os.environ, **env_home}.items() if k != "POLICYKB_BUILD"},
        timeout=60,
    )
    assert result.returncode == 0
    flat = " ".join(result.stdout.split())
    assert "POLICYKB_BUILD" in flat and str(tmp_path / "xdg" / "policykb" / "build") in flat.replace(" ", "")
