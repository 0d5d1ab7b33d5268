"""The ``policykb`` command: a thin layer over the Python API.

Each command lives in a small module that exposes ``register(subparsers)``; the module adds its parser
and sets ``func`` (a callable taking the parsed args and returning an exit code).

Exit codes: 0 success; 1 a negative result the command reports (graph does not conform, nothing found
where the command says so); 2 an error (bad input, missing or stale build, malformed document).
"""

from __future__ import annotations

import argparse
import importlib
import sys

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
    """An error the user can fix; printed without a traceback, exit code 2."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policykb", description="易地扶贫搬迁后续扶持政策知识库")
    from kb import __version__

    parser.add_argument("--version", action="version", version=f"policykb {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
