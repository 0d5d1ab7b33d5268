"""``policykb ask``: answer a question from the graph, the entitlement rules and the quoted clauses."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kb.cli import EXIT_ERROR, EXIT_OK, UserError

if TYPE_CHECKING:
    from kb.answer import Answer, AskService


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="用中文提问，回答并引用原文（文号 + 条款）",
        description="理解问题（谁牵头、部门职责、期限和标准、群众权益和义务、文件信息），从知识图谱和原文条款中"
        "组织回答；文件没有规定的问题会明确说明，不会猜测。",
    )
    parser.add_argument("question", nargs="?", help="问题（最多 500 字）")
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象（批量时每行一个）")
    parser.add_argument("--batch", metavar="FILE", help="从文件（- 为标准输入）逐行读取问题，模型只加载一次")
    parser.add_argument("--debug", action="store_true", help="JSON 中附上判断依据（检索分数、意图线索）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.answer import AskService
    from kb.graph.store import StoreError
    from kb.search import SearchError

    if (args.question is None) == (args.batch is None):
        raise UserError("请给出一个问题，或用 --batch FILE 逐行读取问题（二者选一）")
    questions = [args.question] if args.question is not None else read_batch(args.batch)
    try:
        service = AskService.open()
        status = EXIT_OK
        for question in questions:
            answer = service.ask(question)
            emit(answer, args.json, args.debug)
            if answer.intent == "invalid" and not args.batch:
                status = EXIT_ERROR
    except (StoreError, SearchError) as exc:
        raise UserError(str(exc)) from exc
    return status


def read_batch(path: str) -> list[str]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"无法读取问题文件 {path}：{exc}") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


def emit(answer: Answer, as_json: bool, debug: bool = False) -> None:
    if as_json:
        print(json.dumps(answer.to_json(debug=debug), ensure_ascii=False), flush=True)
        return
    print(answer.answer)
    for i, citation in enumerate(answer.citations, start=1):
        print(f"  [{i}] {citation.doc} {citation.clause}：{citation.text}")
    print(flush=True)


def open_service() -> AskService:
    from kb.answer import AskService

    return AskService.open()
