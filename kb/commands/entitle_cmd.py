"""``policykb entitle``: which entitlements and obligations apply to a household, why, on which clause."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from kb.cli import EXIT_OK, UserError
from kb.messages import catalogue, msg

if TYPE_CHECKING:
    from kb.entitle import Report, Result


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("entitle", help=msg("cli.entitle.help"), description=msg("cli.entitle.description"))
    parser.add_argument("profile", nargs="?", help=msg("cli.entitle.profile"))
    parser.add_argument("--json", action="store_true", help=msg("cli.entitle.json"))
    parser.add_argument("--as-of", metavar="DATE", help=msg("cli.entitle.as_of"))
    parser.add_argument("--all", action="store_true", help=msg("cli.entitle.all"))
    parser.add_argument("--questions", action="store_true", help=msg("cli.entitle.questions"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.commands.common import open_graph
    from kb.entitle import ProfileError, RuleError, entitle, load_profile, profile_questions
    from kb.graph.store import StoreError

    if args.questions:
        print_questions(profile_questions(), args.json)
        return EXIT_OK
    if not args.profile:
        raise UserError(msg("cli.entitle.profile_missing"))
    open_graph()  # the one missing-build error, before the profile is read
    try:
        if args.profile == "-":
            profile = load_profile(msg("cli.entitle.stdin"), as_of=args.as_of, text=sys.stdin.read())
        else:
            profile = load_profile(args.profile, as_of=args.as_of)
        report = entitle(profile, include_not_applicable=args.all)
    except ProfileError as exc:
        raise UserError(msg("cli.entitle.profile_error", error=exc)) from exc
    except (StoreError, RuleError) as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render(report))
    return EXIT_OK


def print_questions(questions: list[dict], as_json: bool) -> None:
    if as_json:
        print(json.dumps(questions, ensure_ascii=False, indent=2))
        return
    print(msg("cli.entitle.questions_head"))
    scope = None
    for q in questions:
        if q["scope"] != scope:
            scope = q["scope"]
            print("\n" + msg("cli.entitle.scope_household" if scope == "household" else "cli.entitle.scope_member"))
        hint = msg("cli.entitle.hint", hint=q["hint"]) if q["hint"] else ""
        print(msg("cli.entitle.question", field=q["field"], question=q["question"], hint=hint))


def render(report: Report) -> str:
    lines = [msg("cli.entitle.as_of_line", date=report.as_of)]
    sections = (("cli.entitle.entitlements", report.entitlements), ("cli.entitle.obligations", report.obligations))
    for title, results in sections:
        lines += ["", msg(title, count=len(results))]
        for result in results:
            lines += ["", *card(result)]
    questions = report.open_questions()
    if questions:
        lines += ["", msg("cli.entitle.open_questions")]
        lines += [f"  · {q.text()}" for q in questions]
    return "\n".join(lines)


def card(result: Result) -> list[str]:
    mark = catalogue().get(f"cli.entitle.marks.{result.status}", "·")
    lines = [msg("cli.entitle.card", mark=mark, status=result.status_label, label=result.label, id=result.id)]
    if result.definition:
        lines.append(msg("cli.entitle.definition", text=result.definition))
    if result.members:
        lines.append(msg("cli.entitle.members", names=msg("cli.name_separator").join(result.members)))
    if result.kind == "obligation" and (result.due or result.status in ("due", "overdue", "done")):
        lines.append(msg("cli.entitle.due", due=result.due or msg("cli.entitle.due_unknown")))
    if result.until:
        lines.append(msg("cli.entitle.until", until=result.until))
    if result.why:
        lines.append(msg("cli.entitle.why"))
        lines += [f"    · {line}" for line in result.why]
    if result.questions:
        lines.append(msg("cli.entitle.to_confirm"))
        lines += [f"    · {q.text()}" for q in dict.fromkeys(result.questions)]
    lines.append(msg("cli.entitle.basis"))
    lines += [msg("cli.entitle.basis_item", doc=b.doc, clause=b.clause, text=b.text) for b in result.basis]
    return lines
