"""The README tells the truth: every console example is run and compared with the real output, the command
table names every command and only options the parser knows, and every system package the tests need is named."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kb.cli import make_parser

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, str]]:
    """(command, expected stdout) for every ``$ policykb …`` line of the README's console blocks."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command:
            examples.append((command, "\n".join(output)))
    return examples


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option of a command, its sub-commands' too (``export duties --format``)."""
    found = {s for action in parser._actions for s in action.option_strings}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= options(sub)
    return found


@pytest.mark.parametrize(("command", "expected"), console_examples(), ids=[c for c, _ in console_examples()])
def test_console_example_prints_what_the_readme_shows(built_graph_dir: Path, command: str, expected: str) -> None:
    argv = shlex.split(command)
    assert argv[0] == "policykb"
    result = subprocess.run(
        [sys.executable, "-m", "kb.cli", *argv[1:]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip("\n") == expected.rstrip("\n")


def test_there_are_console_examples() -> None:
    assert len(console_examples()) >= 3


def test_command_table_names_every_command_and_only_real_options() -> None:
    commands = subcommands()
    for name in commands:
        assert f"policykb {name}" in README, f"README does not mention policykb {name}"
    rows = re.findall(r"^\| `policykb ([a-z-]+)([^`]*)`", README, flags=re.M)
    assert rows
    for name, rest in rows:
        assert name in commands, f"README's table names an unknown command: {name}"
        known = options(commands[name])
        for option in re.findall(r"--[a-z][a-z-]*", rest):
            assert option in known, f"policykb {name} has no option {option}"


def test_readme_names_every_system_package_ci_installs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = re.search(r'APT_PACKAGES="([^"]+)"', ci)
    assert packages
    for package in packages.group(1).split():
        assert f"`{package}`" in README, f"README does not name the system package {package}"
