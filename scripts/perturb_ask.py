#!/usr/bin/env python
"""Metamorphic robustness: rewrites of a gold question that must not change its answer.

Every single question of the set (``--set tuning`` by default, or any set of kb/answer/cases.yaml except the
held-out and integrator-only ones listed in scripts/perturb_ask.yaml ``never_files``) that passes as written is
rewritten in each kind below, and every rewrite is scored with the case's own expectation
(kb.answer.case_scoring.score_case, as scripts/eval_ask.py does). The words are data (scripts/perturb_ask.yaml);
each case's choice among them is fixed by its id (crc32), so a run is deterministic and adding cases leaves the
other cases' variants alone. A kind that cannot change a question (no cue to swap, no final mark) skips it.

- ``story_prefix``: a neutral resident sentence (俺今年六十八了，老伴腰不好。) before the question;
- ``official_wrap``: a polite head and tail (您好，请问… …谢谢！);
- ``reason_clause``: an incidental reason (空着也是空着，) at the start of the asking (last) sentence;
- ``cue_swap``: the asking cue in dialect (能不能 → 中不中, 多长时间 → 多会儿, 什么 → 啥, 怎么 → 咋);
- ``no_punct``: the final question mark left off;
- ``traditional``: traditional characters (OpenCC ``s2t``).

A new kind (homophone typos, say) is one function ``(question, pick, data) -> str | None`` added to ``KINDS``.
Prints per kind: variants, still passing, rate (and the same for the cases expecting an answer).

    python scripts/perturb_ask.py [--set tuning] [--kinds story_prefix,cue_swap] [--limit N] [--every N]
        [--show-failures] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.answer import AskService  # noqa: E402
from kb.answer.case_report import Tally  # noqa: E402
from kb.answer.case_scoring import score_case  # noqa: E402
from kb.answer.cases import Case, load_set  # noqa: E402
from kb.answer.cases import data as sets_data  # noqa: E402

DATA = Path(__file__).with_suffix(".yaml")
Pick = Callable[[str, int], int]  # (salt, n) -> an index below n, fixed by the case id and the salt
Maker = Callable[[str, Pick, dict[str, Any]], "str | None"]


def load_data(path: Path = DATA) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def allowed_sets(words: dict[str, Any]) -> list[str]:
    """The set names of cases.yaml none of whose files is a held-out or integrator-only one."""
    never = words["never_files"]
    return [n for n, files in sets_data()["sets"].items() if not any(m in f for f in files for m in never)]


def picker(case_id: str) -> Pick:
    return lambda salt, n: zlib.crc32(f"{case_id}/{salt}".encode()) % n


def _end(question: str, marks: str) -> str:
    return question.rstrip(marks)


def story_prefix(question: str, pick: Pick, words: dict[str, Any]) -> str | None:
    pool = words["story_prefix"]
    return pool[pick("story", len(pool))] + question


def official_wrap(question: str, pick: Pick, words: dict[str, Any]) -> str | None:
    heads, tails = words["official_wrap"]["heads"], words["official_wrap"]["tails"]
    asked = question if question.rstrip()[-1:] in words["no_punct"] else question + words["question_mark"]
    return heads[pick("head", len(heads))] + asked + tails[pick("tail", len(tails))]


def _asking_start(question: str) -> int:
    """Where the last sentence starts (after the last 。！？ before the final mark)."""
    body = question.rstrip("？?。！! ")
    return max((body.rfind(m) for m in "。！？?!；;"), default=-1) + 1


def reason_clause(question: str, pick: Pick, words: dict[str, Any]) -> str | None:
    pool = words["reason_clause"]
    at = _asking_start(question)
    return question[:at] + pool[pick("reason", len(pool))] + question[at:]


def cue_swap(question: str, pick: Pick, words: dict[str, Any]) -> str | None:
    in_place: dict[str, list[str]] = words["cue_swap"]["in_place"]
    final: dict[str, list[str]] = words["cue_swap"]["final"]
    table = in_place | final
    present = [c for c in sorted(table, key=len, reverse=True) if c in question]
    if not present:
        return None
    tags: list[str] = []

    def swap(m: re.Match[str]) -> str:
        form = table[m.group(0)][pick(m.group(0), len(table[m.group(0)]))]
        if m.group(0) in final:
            tags.append(form)
            return ""
        return form

    text = re.sub("|".join(re.escape(c) for c in present), swap, question)
    if not tags:
        return text
    body = text.rstrip(words["no_punct"])
    return body + tags[-1] + (text[len(body) :] or words["question_mark"])


def no_punct(question: str, pick: Pick, words: dict[str, Any]) -> str | None:
    text = _end(question.rstrip(), words["no_punct"])
    return text if text != question else None


def traditional(question: str, pick: Pick, words: dict[str, Any]) -> str | None:
    import opencc

    text = opencc.OpenCC("s2t").convert(question)
    return text if text != question else None


KINDS: dict[str, Maker] = {
    "story_prefix": story_prefix,
    "official_wrap": official_wrap,
    "reason_clause": reason_clause,
    "cue_swap": cue_swap,
    "no_punct": no_punct,
    "traditional": traditional,
}


def variants(case: Case, kinds: list[str], words: dict[str, Any]) -> dict[str, str]:
    pick = picker(case.id)
    made = {k: KINDS[k](case.question, pick, words) for k in kinds}
    return {k: v for k, v in made.items() if v is not None and v != case.question}


def answer_json(service: AskService, question: str) -> dict[str, Any]:
    answer = service.ask(question, None)
    out = answer.to_json()
    if "polarity" not in out and hasattr(answer, "polarity"):
        out["polarity"] = answer.polarity
    return out


def run(service: AskService, cases: list[Case], kinds: list[str], words: dict[str, Any]) -> dict[str, Any]:
    """Figures per kind (all cases, and those expecting an answer) and the broken variants."""
    base = [c for c in cases if score_case(c, answer_json(service, c.question)).passed]
    tallies = {k: (Tally(), Tally()) for k in kinds}
    failures: list[dict[str, Any]] = []
    for case in base:
        for kind, text in variants(case, kinds, words).items():
            got = answer_json(service, text)
            s = score_case(case, got)
            tallies[kind][0].add(s.passed)
            if case.expect.answered:
                tallies[kind][1].add(s.passed)
            if not s.passed:
                cited = [f"{c['doc']} {c['clause']}" for c in got.get("citations", [])[:3]]
                failures.append(
                    {"id": case.id, "kind": kind, "question": text, "original": case.question, "failed": s.failures}
                    | {"answered": got.get("answered"), "cites": cited, "answer": str(got.get("answer", ""))[:120]}
                )
    kind_figures = {k: {**a.to_json(), "answerable": b.to_json()} for k, (a, b) in tallies.items()}
    total = Tally()
    for a, _ in tallies.values():
        total.passed, total.total = total.passed + a.passed, total.total + a.total
    return {"singles": len(cases), "passing": len(base), "kinds": kind_figures, "all": total.to_json()} | {
        "failures": failures
    }


def main(argv: list[str] | None = None) -> int:
    words = load_data()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="tuning", choices=allowed_sets(words), dest="case_set")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated, of " + ", ".join(KINDS))
    parser.add_argument("--limit", type=int, default=0, help="only the first N singles of the set")
    parser.add_argument("--every", type=int, default=1, help="only every N-th single (a quicker, fixed sample)")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--build", type=Path, default=None, help="build folder (default: POLICYKB_BUILD)")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    if any(k not in KINDS for k in kinds):
        parser.error(f"--kinds: of {', '.join(KINDS)}")
    cases = load_set(args.case_set).singles[:: max(1, args.every)]
    cases = cases[: args.limit] if args.limit else cases
    figures = run(AskService.open(args.build), cases, kinds, words)
    failures = figures.pop("failures")
    if args.json:
        print(json.dumps(figures | {"failures": failures if args.show_failures else []}, ensure_ascii=False))
        return 0
    print(f"set {args.case_set}: singles {figures['singles']}, passing as written {figures['passing']}")
    print(f"{'kind':<16}{'variants':>9}{'passing':>9}{'rate':>8}{'answerable':>12}")
    for kind, f in figures["kinds"].items():
        a = f["answerable"]
        print(f"  {kind:<14}{f['total']:>9}{f['passed']:>9}{f['rate']:>8.1%}{a['rate']:>12.1%}")
    t = figures["all"]
    print(f"  {'all':<14}{t['total']:>9}{t['passed']:>9}{t['rate']:>8.1%}")
    if args.show_failures:
        for f in failures:
            print(f"- {f['id']} [{f['kind']}] {f['question']}\n    original: {f['original']}")
            print(f"    failed: {'; '.join(f['failed'])}  cites: {', '.join(f['cites'])}\n    answer: {f['answer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
