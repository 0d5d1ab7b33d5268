"""The ``policykb`` command: a thin layer over the Python API.

Each command lives in a small module that exposes ``register(subparsers)``; the module adds its parser
and sets ``func`` (a callable taking the parsed args and returning an exit code).

The contract (docs/cli.md): exit 0 answered or found; 1 a negative result (refused question, nothing found,
graph does not conform); 2 a user error (bad input, missing build, unreadable file, busy port). Every error goes
to stderr starting with ``错误：``; with ``--json`` the same error is also printed on stdout as a JSON object
``{"error": …, "exit_code": 2}``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from typing import Any, NoReturn

from kb.messages import msg

# Command modules, in help order. Each exposes register(subparsers).
COMMAND_MODULES = [
    "kb.commands.build_cmd",
    "kb.commands.query_cmds",
    "kb.commands.export_cmd",
    "kb.commands.entitle_cmd",
    "kb.commands.ask_cmd",
    "kb.commands.serve_cmd",
    "kb.commands.search_cmd",
    "kb.commands.provisions_cmd",
]

EXIT_OK, EXIT_NEGATIVE, EXIT_ERROR = 0, 1, 2


class UserError(Exception):
    """An error the user can fix; printed without a traceback, exit code 2.

    ``payload`` is extra JSON a command gives with ``--json`` (e.g. the refused answer object)."""

    def __init__(self, message: str, payload: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.payload = payload or {}


def report_error(message: str, as_json: bool, payload: dict[str, Any] | None = None) -> int:
    """The one way an error leaves the CLI: ``错误：…`` on stderr, and a JSON object on stdout with --json."""
    prefix = msg("common.error_prefix")
    text = message if message.startswith(prefix) else prefix + message
    print(text, file=sys.stderr, flush=True)
    if as_json:
        data = {**(payload or {}), "error": text.removeprefix(prefix), "exit_code": EXIT_ERROR}
        print(json.dumps(data, ensure_ascii=False), flush=True)
    return EXIT_ERROR


class Parser(argparse.ArgumentParser):
    """argparse with the contract's error line (``错误：…``, exit 2, JSON with --json)."""

    json_requested = False  # set by main() from the command line before parsing

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        report_error(msg("cli.usage_error", prog=self.prog, message=message), Parser.json_requested)
        sys.exit(EXIT_ERROR)


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="policykb", description=msg("cli.description"))
    from kb import __version__

    parser.add_argument("--version", action="version", version=f"policykb {__version__}")
    from kb.paths import HOME_ENV

    parser.add_argument("--home", metavar="DIR", help=msg("cli.home_option", env=HOME_ENV))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command module another branch has not landed yet
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = make_parser()
    Parser.json_requested = "--json" in (sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.home:
        from kb.paths import HOME_ENV

        os.environ[HOME_ENV] = args.home
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        return report_error(str(exc), bool(getattr(args, "json", False)), exc.payload)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":  # python -m kb.cli: run the imported module, whose UserError the commands raise
    from kb.cli import main as imported_main

    sys.exit(imported_main())
