#!/usr/bin/env python
"""Ask many generated questions (numbers and department names written in the question, every refusal kind,
document questions, follow-ups) and count the answers the scorer's grounding check (kb/answer/grounding_rule.py
Grounding.violations, as scripts/eval_ask.py builds it) flags: the service must send none.

    python scripts/probe_grounding.py [--show N]
"""

from __future__ import annotations

import argparse
import sys
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.answer import AskService  # noqa: E402
from scripts.eval_ask import grounding_checker  # noqa: E402

TOPICS = ("小额信贷", "公益岗位", "安置房", "扶贫车间", "旧房拆除", "护林员", "产业奖补", "就业补贴", "易地扶贫搬迁")
NUMBERS = ("5万元", "3000元", "五万元", "２万元", "10年", "三年", "6个月", "80平方米", "20%", "两次", "4口人")
DEPARTMENTS = ("县民政局", "省民政厅", "县扶贫办", "省扶贫办", "人社部门", "省财政厅", "乡镇政府", "县住建局",
               "国开行山西省分行", "省教育厅", "组织部门", "县农业农村局")
NUMBER_TEMPLATES = (
    "听说{t}能贷{n}，是真的吗？", "{t}是不是给{n}？", "{t}最多{n}吗", "我家{t}补了{n}，对不对？",
    "村里说{t}要{n}以后才行，文件怎么规定的？", "{t}期限是{n}吗？", "北京市的{t}给{n}吗？",
    "2025年以后{t}还给{n}吗？", "我的{t}{n}怎么还没发？", "{t}具体多少钱，有{n}吗？", "户口迁了{t}还有{n}吗",
    "{n}的{t}谁能申请？",
)
DEPARTMENT_TEMPLATES = (
    "{d}说{t}不归他们管，到底谁负责？", "{t}是{d}负责吗？", "{d}在{t}方面有什么职责？", "{t}找{d}办吗？",
    "{d}牵头{t}吗？", "{d}有哪些职责？", "{d}说我家{t}不合格，怎么办？", "{t}由{d}还是财政部门管？",
    "{d}说{t}明年取消了吗？", "{d}对{t}有什么要求？",
)
FIRST = ("小额信贷怎么规定的？", "公益岗位由谁负责？", "安置房能不能卖？", "扶贫车间有什么支持？")
FOLLOWUPS = ("那{d}呢？", "{d}负责吗？", "能给{n}吗？", "那{n}以后呢？", "这事{d}管不管？", "具体多少钱？")
OTHERS = (
    "12号文是谁发的？", "57号文件是什么时候印发的？", "实施意见是哪个部门发的？", "两个文件分别是谁发的？",
    "2020年若干政策措施由省扶贫办印发吗？", "244号文件讲了什么？", "12号文由哪个部门牵头落实？",
    "实施意见的文号是什么？",
    "“一户一宅”是什么意思？", "五个一批是哪五个？", "十三五搬迁成效评估具体怎么评？", "省扶贫办的补助具体多少钱？",
    "县民政局发的低保具体多少钱一个月？", "国开行山西省分行能贷多少？", "省林草局的护林员一年给多少钱？",
    "听说省财政厅给每户补5万元？", "三年以后安置房能卖吗？", "搬迁满5年后还有产业奖补吗？",
)


def questions() -> list[tuple[str, ...]]:
    asked: list[tuple[str, ...]] = [(q,) for q in OTHERS]
    asked += [(tpl.format(t=t, n=n),) for tpl, t, n in product(NUMBER_TEMPLATES, TOPICS[:5], NUMBERS[::2])]
    asked += [(tpl.format(t=t, d=d),) for tpl, t, d in product(DEPARTMENT_TEMPLATES, TOPICS[::2], DEPARTMENTS[::2])]
    asked += [(tpl.format(t=TOPICS[1], d=d),) for tpl, d in product(DEPARTMENT_TEMPLATES, DEPARTMENTS[1::2])]
    pairs = zip(DEPARTMENTS, NUMBERS, strict=False)
    asked += [(f, tpl.format(d=d, n=n)) for f, tpl, (d, n) in product(FIRST, FOLLOWUPS, pairs)]
    return asked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=30)
    args = parser.parse_args()
    service, grounding = AskService.open(), grounding_checker(None)
    bad, changed, total = [], [], 0
    for turns in questions():
        previous = None
        for q in turns:
            answer = service.ask(q, previous)
            previous = answer.turn
            total += 1
            found = grounding.violations(answer.to_json())
            if found:
                bad.append((turns, found, answer))
            if answer.signals.get("grounding"):  # the service's own check replaced what was composed
                changed.append((turns, answer.signals["grounding"], answer))
    print(f"grounding violations: {len(bad)} of {total} answers; answers the service's check replaced: {len(changed)}")
    for turns, found, answer in bad[: args.show] + [(("replaced:", *t), f, a) for t, f, a in changed[: args.show]]:
        kind = answer.signals.get("refuse_kind") or answer.intent
        print(f"- {' / '.join(turns)}  [{kind}, answered={answer.answered}] {found}\n    {answer.answer[:150]}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
