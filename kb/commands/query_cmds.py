"""``policykb who|duties|fact|sparql``: the rule queries on the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kb.cli import EXIT_NEGATIVE, EXIT_OK, UserError
from kb.messages import msg


def _common(parser: argparse.ArgumentParser, json_flag: bool = True) -> None:
    if json_flag:
        parser.add_argument("--json", action="store_true", help=msg("cli.query.json"))
    parser.add_argument("--endpoint", help=msg("cli.query.endpoint"))


def register(subparsers: argparse._SubParsersAction) -> None:
    who = subparsers.add_parser("who", help=msg("cli.query.who_help"))
    who.add_argument("topic")
    _common(who)
    who.set_defaults(func=run_who)
    duties = subparsers.add_parser("duties", help=msg("cli.query.duties_help"))
    duties.add_argument("department")
    _common(duties)
    duties.set_defaults(func=run_duties)
    fact = subparsers.add_parser("fact", help=msg("cli.query.fact_help"))
    fact.add_argument("keyword", nargs="?")
    _common(fact)
    fact.set_defaults(func=run_fact)
    sparql = subparsers.add_parser("sparql", help=msg("cli.query.sparql_help"))
    sparql.add_argument("query", help=msg("cli.query.sparql_query"))
    _common(sparql, json_flag=False)
    sparql.set_defaults(func=run_sparql)


def queries(args: argparse.Namespace) -> Any:
    from kb.commands.common import open_graph
    from kb.graph.api import PolicyQueries
    from kb.graph.store import GraphStore, StoreError

    if not args.endpoint:
        return PolicyQueries(open_graph())
    try:
        return PolicyQueries(GraphStore.remote(args.endpoint))
    except StoreError as exc:
        raise UserError(str(exc)) from exc


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


def _names(names: Any) -> str:
    return msg("cli.name_separator").join(names)


def run_who(args: argparse.Namespace) -> int:
    policy = queries(args)
    results = _guard(lambda: policy.who(args.topic))
    lines = []
    for m in results:
        lines.append(msg("cli.query.measure", doc=m.doc, clause=m.clause, title=m.title))
        for role_label in dict.fromkeys(p.role_label for p in m.participants):
            names = _names(p.name for p in m.participants if p.role_label == role_label)
            lines.append(msg("cli.query.role", role=role_label, names=names))
    if not results:
        lines.append(msg("cli.query.who_none", topic=args.topic))
    _emit(args, {"query": args.topic, "measures": [m.to_json() for m in results]}, lines)
    return EXIT_OK if results else EXIT_NEGATIVE


def run_duties(args: argparse.Namespace) -> int:
    policy = queries(args)
    result = _guard(lambda: policy.duties(args.department))
    lines = []
    if not result.departments:
        areas = _names(row["label"] for row in policy.store.select("all_labels") if row["kind"] == "area")[:120]
        lines.append(msg("cli.query.duties_unknown", department=args.department, areas=areas))
    elif not result.items:
        lines.append(msg("cli.query.duties_none", departments=_names(result.departments)))
    else:
        lines.append(
            msg(
                "cli.query.duties_head",
                department=args.department,
                departments=_names(result.departments),
                documents=_names(result.documents),
            )
        )
        for item in result.items:
            lines.append(
                msg(
                    "cli.query.duty",
                    doc=item.doc,
                    clause=item.clause,
                    department=item.department,
                    role=item.role_label,
                    task=item.task,
                )
            )
    _emit(args, result.to_json(), lines)
    return EXIT_OK if result.items else EXIT_NEGATIVE


def run_fact(args: argparse.Namespace) -> int:
    policy = queries(args)
    results = _guard(lambda: policy.facts(args.keyword))
    lines = [
        msg("cli.query.fact", doc=f.doc, clause=f.clause, display=f.display, comparator=f.comparator, quote=f.quote)
        for f in results
    ]
    if not results:
        lines.append(msg("cli.query.fact_none", keyword=args.keyword))
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
            raise UserError(msg("cli.query.sparql_unreadable", path=path, error=exc.strerror)) from exc
    store = queries(args).store
    try:
        rows = store.run(text)
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    return EXIT_OK
