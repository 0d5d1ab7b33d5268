"""``policykb who|duties|fact|sparql``: the rule queries on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kb.cli import EXIT_ERROR, EXIT_NEGATIVE, EXIT_OK, UserError


def _common(parser: argparse.ArgumentParser, json_flag: bool = True) -> None:
    if json_flag:
        parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--endpoint", help="改为查询此 SPARQL 端点（如 http://127.0.0.1:7878/query）")


def register(subparsers: argparse._SubParsersAction) -> None:
    who = subparsers.add_parser("who", help="某项措施由谁牵头、谁实施（按主题、关键词、部门或条款标签）")
    who.add_argument("topic")
    _common(who)
    who.set_defaults(func=run_who)
    duties = subparsers.add_parser("duties", help="某部门（或简称、职能领域）在各文件中的全部职责")
    duties.add_argument("department")
    _common(duties)
    duties.set_defaults(func=run_duties)
    fact = subparsers.add_parser("fact", help="文件规定的期限和数量标准（按关键词）")
    fact.add_argument("keyword", nargs="?")
    _common(fact)
    fact.set_defaults(func=run_fact)
    sparql = subparsers.add_parser("sparql", help="对知识图谱运行只读 SPARQL 查询（文件或查询文本）")
    sparql.add_argument("query", help=".rq 文件路径或查询文本")
    _common(sparql, json_flag=False)
    sparql.set_defaults(func=run_sparql)


def queries(args: argparse.Namespace) -> Any:
    from kb.graph.api import PolicyQueries
    from kb.graph.store import GraphStore, StoreError

    try:
        store = GraphStore.remote(args.endpoint) if args.endpoint else GraphStore.open()
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    return PolicyQueries(store)


def _emit(args: argparse.Namespace, payload: Any, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))


def _guard(call: Any) -> Any:
    from kb.graph.api import QueryInputError
    from kb.graph.store import StoreError

    try:
        return call()
    except (QueryInputError, StoreError) as exc:
        raise UserError(str(exc)) from exc


def run_who(args: argparse.Namespace) -> int:
    results = _guard(lambda: queries(args).who(args.topic))
    lines = []
    for m in results:
        lines.append(f"【{m.doc} {m.clause}】{m.title}")
        for role_label in dict.fromkeys(p.role_label for p in m.participants):
            names = "、".join(p.name for p in m.participants if p.role_label == role_label)
            lines.append(f"  {role_label}：{names}")
    if not results:
        lines.append(f"文件中没有找到与「{args.topic}」相关的措施。可换个说法，或用 policykb search 全文检索。")
    _emit(args, {"query": args.topic, "measures": [m.to_json() for m in results]}, lines)
    return EXIT_OK if results else EXIT_NEGATIVE


def run_duties(args: argparse.Namespace) -> int:
    policy = queries(args)
    result = _guard(lambda: policy.duties(args.department))
    lines = []
    if not result.departments:
        areas = "、".join(row["label"] for row in policy.store.select("all_labels") if row["kind"] == "area")[:120]
        lines.append(f"知识库中没有名为「{args.department}」的部门或职能领域。已知的职能领域及简称：{areas}…")
    elif not result.items:
        lines.append(f"找到部门 {'、'.join(result.departments)}，但文件中没有写明其职责。")
    else:
        lines.append(
            f"「{args.department}」对应：{'、'.join(result.departments)}（涉及文件：{'、'.join(result.documents)}）"
        )
        for item in result.items:
            lines.append(f"【{item.doc} {item.clause}】{item.department}｜{item.role_label}｜{item.task}")
    _emit(args, result.to_json(), lines)
    return EXIT_OK if result.items else EXIT_NEGATIVE


def run_fact(args: argparse.Namespace) -> int:
    results = _guard(lambda: queries(args).facts(args.keyword))
    lines = [f"【{f.doc} {f.clause}】{f.display}（{f.comparator}）：{f.quote}" for f in results]
    if not results:
        lines.append(f"文件中没有找到与「{args.keyword}」相关的期限或数量规定。")
    _emit(args, {"query": args.keyword, "facts": [f.to_json() for f in results]}, lines)
    return EXIT_OK if results else EXIT_NEGATIVE


def run_sparql(args: argparse.Namespace) -> int:
    from kb.graph.store import StoreError

    text = args.query
    path = Path(text)
    if text.endswith(".rq") or (len(text) < 4096 and "\n" not in text and path.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            print(f"错误：无法读取查询文件 {path}：{exc.strerror}", file=sys.stderr)
            return EXIT_ERROR
    try:
        store = queries(args).store
        rows = store.run(text)
    except StoreError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    return EXIT_OK
