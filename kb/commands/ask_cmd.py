"""``policykb ask``: answer a question from the graph, the entitlement rules and the quoted clauses.

Exit codes (docs/cli.md): 0 answered; 1 refused (the documents do not say); 2 bad input (the error on stderr,
with ``--json`` also the answer object with an ``error`` field on stdout). ``--batch`` exits 0 once every line
is answered or refused (each line's ``answered`` says which), 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kb.cli import EXIT_NEGATIVE, EXIT_OK, UserError
from kb.messages import msg

if TYPE_CHECKING:
    from kb.answer import Answer, AskService


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ask", help=msg("cli.ask.help"), description=msg("cli.ask.description"))
    parser.add_argument("question", nargs="?", help=msg("cli.ask.question"))
    parser.add_argument("--json", action="store_true", help=msg("cli.ask.json"))
    parser.add_argument("--batch", metavar="FILE", help=msg("cli.ask.batch"))
    parser.add_argument("--debug", action="store_true", help=msg("cli.ask.debug"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.search import SearchError

    if (args.question is None) == (args.batch is None):
        raise UserError(msg("cli.ask.question_or_batch"))
    questions = [args.question] if args.question is not None else read_batch(args.batch)
    service = open_service()
    status = EXIT_OK
    try:
        for question in questions:
            answer = for_terminal(service.ask(question))
            if answer.intent == "invalid" and not args.batch:
                raise UserError(answer.answer, payload=answer.to_json(debug=args.debug))
            emit(answer, args.json, args.debug)
            if not answer.answered and not args.batch:
                status = EXIT_NEGATIVE
    except SearchError as exc:
        raise UserError(str(exc)) from exc
    return status


def for_terminal(answer: Answer) -> Answer:
    """The answer layer may word a hint for the web app's tabs; the terminal names its own command instead."""
    web_hint = _web_hint()
    if web_hint and web_hint in answer.answer:
        answer.answer = answer.answer.replace(web_hint, msg("cli.ask.entitle_hint"))
    return answer


def _web_hint() -> str | None:
    try:
        from kb.answer.compose import tpl

        return tpl("entitle_hint")
    except (ImportError, KeyError):
        return None


def read_batch(path: str) -> list[str]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(msg("cli.ask.batch_unreadable", path=path, error=exc)) from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


def emit(answer: Answer, as_json: bool, debug: bool = False) -> None:
    if as_json:
        print(json.dumps(answer.to_json(debug=debug), ensure_ascii=False), flush=True)
        return
    print(answer.answer)
    for i, citation in enumerate(answer.citations, start=1):
        print(msg("cli.ask.citation", n=i, doc=citation.doc, clause=citation.clause, text=citation.text))
    print(flush=True)


def open_service() -> AskService:
    from kb.answer import AskService
    from kb.commands.common import open_graph

    return AskService(open_graph())  # the one missing-build error, before the model is loaded
