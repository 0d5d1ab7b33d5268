"""No Chinese text in Python: every Chinese string literal in kb/ and chat/ lives in the message catalogue
(kb/messages/*.yaml) or a data file. Docstrings and comments are not literals (the ast module sees neither as
a value); f-string parts are."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kb", "chat")
# CJK ideographs, CJK punctuation (、。「」【】〔〕) and full-width forms (，：（）？)
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Files whose texts are still being moved into the catalogue, each with its owner (empty: every file is clean;
# a file listed here must still hold a literal, test_allow_list_is_not_stale).
STILL_TO_MOVE: dict[str, str] = {}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def chinese_literals(path: Path) -> list[tuple[int, str]]:
    """(line, literal) of every string constant with Chinese text, docstrings excepted."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and CHINESE.search(node.value)
    ]


def python_files() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "messages" not in p.parts)


def test_no_chinese_string_literals_in_python() -> None:
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {literal!r}"
        for path in python_files()
        if str(path.relative_to(ROOT)) not in STILL_TO_MOVE
        for line, literal in chinese_literals(path)
    ]
    assert not offending, "Chinese literals outside kb/messages/ (move them into the catalogue):\n" + "\n".join(
        offending
    )


def test_allow_list_is_not_stale() -> None:
    clean = [name for name in STILL_TO_MOVE if not (ROOT / name).exists() or not chinese_literals(ROOT / name)]
    assert not clean, f"clean now, remove from STILL_TO_MOVE: {clean}"


def test_the_check_sees_literals_but_not_docstrings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""模块说明。"""\n\n\ndef f():\n    """函数说明。"""\n    # 注释\n    return f"错误：{1}" + "ok"\n',
        encoding="utf-8",
    )
    assert [line for line, _ in chinese_literals(sample)] == [7]
