"""``policykb entitle``: which entitlements and obligations apply to a household, why, on which clause."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from kb.cli import EXIT_OK, UserError

if TYPE_CHECKING:
    from kb.entitle import Report, Result

STATUS_MARKS = {"applies": "✔", "may_apply": "？", "does_not_apply": "✘", "due": "⏳", "overdue": "‼", "done": "✔"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "entitle",
        help="按户情计算可享受的权益和应履行的义务（附理由和原文依据）",
        description="读入一户的情况（YAML 或 JSON），按两份文件的规定逐条计算：适用、可能适用（还缺哪些情况）、"
        "义务的期限和是否逾期；每条都附上文号、条款和原文。",
    )
    parser.add_argument("profile", nargs="?", help="户情文件（.yaml/.yml/.json），- 表示从标准输入读取")
    parser.add_argument("--json", action="store_true", help="输出 JSON（entitlements、obligations 两个列表）")
    parser.add_argument("--as-of", metavar="DATE", help="按哪一天计算（YYYY-MM-DD），优先于户情中的 as_of")
    parser.add_argument("--all", action="store_true", help="也列出不适用的规定")
    parser.add_argument("--questions", action="store_true", help="列出户情需要回答的问题（供对话逐一询问）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.entitle import ProfileError, RuleError, entitle, load_profile, profile_questions
    from kb.graph.store import StoreError

    if args.questions:
        print_questions(profile_questions(), args.json)
        return EXIT_OK
    if not args.profile:
        raise UserError("请给出户情文件（YAML 或 JSON），或用 --questions 查看需要回答的问题")
    try:
        if args.profile == "-":
            profile = load_profile("标准输入", as_of=args.as_of, text=sys.stdin.read())
        else:
            profile = load_profile(args.profile, as_of=args.as_of)
        report = entitle(profile, include_not_applicable=args.all)
    except ProfileError as exc:
        raise UserError(f"户情有误：{exc}") from exc
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
    print("户情问题（不知道的可以不答，结果会标为“可能适用”并说明还需要哪条情况）：")
    scope = None
    for q in questions:
        if q["scope"] != scope:
            scope = q["scope"]
            print("\n【全户情况】" if scope == "household" else "\n【每位家庭成员】（members 列表中每人一项）")
        hint = f"（{q['hint']}）" if q["hint"] else ""
        print(f"  {q['field']}：{q['question']}{hint}")


def render(report: Report) -> str:
    lines = [f"计算日期：{report.as_of}"]
    sections = (("一、可以享受的权益", report.entitlements), ("二、应当履行的义务", report.obligations))
    for title, results in sections:
        lines += ["", f"{title}（{len(results)} 项）"]
        for result in results:
            lines += ["", *card(result)]
    questions = report.open_questions()
    if questions:
        lines += ["", "三、还需要了解的情况（回答后可以得到更确定的结果）"]
        lines += [f"  · {q.text()}" for q in questions]
    return "\n".join(lines)


def card(result: Result) -> list[str]:
    mark = STATUS_MARKS.get(result.status, "·")
    lines = [f"{mark}【{result.status_label}】{result.label}　（{result.id}）"]
    if result.definition:
        lines.append(f"  说明：{result.definition}")
    if result.members:
        lines.append(f"  涉及成员：{'、'.join(result.members)}")
    if result.kind == "obligation" and (result.due or result.status in ("due", "overdue", "done")):
        lines.append(f"  期限：{result.due or '未知（需要搬迁入住日期）'}")
    if result.until:
        lines.append(f"  限制至：{result.until}")
    if result.why:
        lines.append("  为什么：")
        lines += [f"    · {line}" for line in result.why]
    if result.questions:
        lines.append("  还需确认：")
        lines += [f"    · {q.text()}" for q in dict.fromkeys(result.questions)]
    lines.append("  依据：")
    lines += [f"    · {b.doc} {b.clause}：「{b.text}」" for b in result.basis]
    return lines
