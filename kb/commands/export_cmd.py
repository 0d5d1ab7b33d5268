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
from kb.export.api import FORMATS


def _common(parser: argparse.ArgumentParser, kind: str, default: str, extra: tuple[str, ...] = ()) -> None:
    choices = FORMATS[kind] + extra
    parser.add_argument("--format", "-f", choices=choices, default=default, help=f"输出格式（默认 {default}）")
    parser.add_argument("--out", "-o", type=Path, help="写入此文件（默认输出到标准输出）")
    parser.add_argument("--progress", action="store_true", help="在标准错误上显示进度（终端上默认显示）")
    parser.set_defaults(func=run_export, kind=kind)


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="生成培训和工作材料：职责矩阵、群众手册、测验、开放数据、关系图")
    sub = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    duties = sub.add_parser("duties", help="部门职责矩阵（按部门、按主题，每项注明条款）")
    duties.add_argument("--department", "-d", help="只输出此部门（名称、简称或职能领域）的职责清单")
    duties.add_argument(
        "--layout",
        choices=("long", "grid"),
        default="long",
        help="CSV 表格：long 每行一条分工（默认）；grid 每行一项措施、每列一个部门",
    )
    _common(duties, "duties", "md")
    handbook = sub.add_parser("handbook", help="群众政策手册：五个不变、权益、义务和期限、找谁办")
    _common(handbook, "handbook", "md")
    quiz = sub.add_parser("quiz", help="由知识图谱出题的测验，附答案和出处")
    quiz.add_argument("--n", type=int, default=20, help="题目数量（默认 20）")
    quiz.add_argument("--seed", type=int, help="随机种子（相同种子得到相同测验；默认随机并写入输出）")
    _common(quiz, "quiz", "md")
    graph = sub.add_parser("graph", help="整个知识图谱的开放数据（Turtle、JSON-LD、N-Triples），或 svg/png 关系图")
    _common(graph, "graph", "ttl", extra=FORMATS["diagram"])
    _diagram_options(graph)
    diagram = sub.add_parser("diagram", help="本体（类和关系）或某项措施周边关系的图（SVG、PNG、DOT）")
    _diagram_options(diagram)
    _common(diagram, "diagram", "svg")


def _diagram_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--view", choices=("ontology", "measure"), default="ontology", help="画本体或一项措施")
    parser.add_argument("--measure", help="措施的条款标签或关键词，如 三（十） 或 护林员（--view measure）")


def run_export(args: argparse.Namespace) -> int:
    from kb.export import ExportError
    from kb.export.api import BINARY, KIND_LABELS, export
    from kb.export.progress import Progress

    if args.out is None and args.format in BINARY and sys.stdout.isatty():
        raise UserError(f"{args.format} 是二进制格式，请用 --out 指定输出文件")
    kind = "diagram" if args.format in FORMATS["diagram"] else args.kind  # export graph --format svg: a picture
    progress = Progress(f"生成{KIND_LABELS[kind]}", enabled=True if args.progress else None)
    started = time.perf_counter()
    try:
        result = export(
            kind,
            args.format,
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
            raise UserError(f"无法写入 {args.out}：{exc.strerror}") from exc
        elapsed = time.perf_counter() - started
        details = f"（{result.summary.rstrip('。')}）" if result.summary else ""
        print(f"已写入 {args.out}{details}，用时 {elapsed:.1f} 秒", file=sys.stderr)
    elif result.is_binary:
        sys.stdout.buffer.write(result.content)  # type: ignore[arg-type]
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(result.content)  # type: ignore[arg-type]
        if result.summary and kind == "quiz":
            print(f"{result.summary}", file=sys.stderr)
    return EXIT_OK
