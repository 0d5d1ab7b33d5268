"""``policykb export duties|handbook|quiz|graph|diagram``: documents for trainers and officials.

Text formats go to stdout unless ``--out FILE``; binary formats (docx, png) need ``--out`` or a pipe.
Files are written to a temporary name and renamed, so a failed export leaves nothing half-written.
Exit codes: 0 written; 2 bad input (unknown department, quiz larger than the question pool, missing build).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kb.cli import EXIT_OK, UserError
from kb.export.formats import FORMATS
from kb.messages import msg


def _common(parser: argparse.ArgumentParser, kind: str, default: str, extra: tuple[str, ...] = ()) -> None:
    choices = FORMATS[kind] + extra
    parser.add_argument(
        "--format", "-f", choices=choices, default=default, help=msg("cli.export.format", default=default)
    )
    parser.add_argument("--out", "-o", type=Path, help=msg("cli.export.out"))
    parser.add_argument("--progress", action="store_true", help=msg("cli.export.progress"))
    parser.set_defaults(func=run_export, kind=kind)


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help=msg("cli.export.help"))
    sub = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    duties = sub.add_parser("duties", help=msg("cli.export.duties_help"))
    duties.add_argument("--department", "-d", help=msg("cli.export.department"))
    duties.add_argument(
        "--layout",
        choices=("long", "grid"),
        default="long",
        help=msg("cli.export.layout"),
    )
    _common(duties, "duties", "md")
    handbook = sub.add_parser("handbook", help=msg("cli.export.handbook_help"))
    _common(handbook, "handbook", "md")
    quiz = sub.add_parser("quiz", help=msg("cli.export.quiz_help"))
    quiz.add_argument("--n", type=int, default=20, help=msg("cli.export.n"))
    quiz.add_argument("--seed", type=int, help=msg("cli.export.seed"))
    _common(quiz, "quiz", "md")
    graph = sub.add_parser("graph", help=msg("cli.export.graph_help"))
    _common(graph, "graph", "ttl", extra=FORMATS["diagram"])
    _diagram_options(graph)
    diagram = sub.add_parser("diagram", help=msg("cli.export.diagram_help"))
    _diagram_options(diagram)
    _common(diagram, "diagram", "svg")


def _diagram_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--view", choices=("ontology", "measure"), default="ontology", help=msg("cli.export.view"))
    parser.add_argument("--measure", help=msg("cli.export.measure"))


def run_export(args: argparse.Namespace) -> int:
    from kb.export import ExportError
    from kb.export.api import BINARY, KIND_LABELS, export
    from kb.export.progress import Progress

    if args.out is None and args.format in BINARY and sys.stdout.isatty():
        raise UserError(msg("cli.export.binary_needs_out", format=args.format))
    kind = "diagram" if args.format in FORMATS["diagram"] else args.kind  # export graph --format svg: a picture
    progress = Progress(msg("cli.export.generating", kind=KIND_LABELS[kind]), enabled=True if args.progress else None)
    started = time.perf_counter()
    from kb.commands.common import open_graph

    store = open_graph()  # the one missing-build error
    try:
        result = export(
            kind,
            args.format,
            store=store,
            department=getattr(args, "department", None),
            n=getattr(args, "n", 20),
            seed=getattr(args, "seed", None),
            view=getattr(args, "view", "ontology"),
            measure=getattr(args, "measure", None),
            progress=progress,
            layout=getattr(args, "layout", "long"),
        )
    except ExportError as exc:
        raise UserError(str(exc)) from exc
    if args.out is not None:
        try:
            result.write(args.out)
        except OSError as exc:
            raise UserError(msg("cli.export.unwritable", path=args.out, error=exc.strerror)) from exc
        elapsed = time.perf_counter() - started
        details = msg("cli.export.details", summary=result.summary.rstrip(msg("cli.export.full_stop")))
        print(
            msg("cli.export.written", path=args.out, details=details if result.summary else "", seconds=elapsed),
            file=sys.stderr,
        )
    elif result.is_binary:
        sys.stdout.buffer.write(result.content)  # type: ignore[arg-type]
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(result.content)  # type: ignore[arg-type]
        if result.summary and kind == "quiz":
            print(f"{result.summary}", file=sys.stderr)
    return EXIT_OK
