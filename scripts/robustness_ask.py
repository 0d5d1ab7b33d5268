#!/usr/bin/env python
"""Robustness check: an answer must not change when the same question is told inside a long story, written with
typos, in traditional characters or in dialect.

Takes the in-scope single questions of the tuning set (kb/answer/cases.yaml ``sets: tuning``; never a heldout
file) that pass today, makes variants of each from the data in scripts/robustness_ask.yaml, and scores every
variant with its original's expectation (kb.answer.case_scoring.score). Variant kinds:

- ``story``: 1–3 sentences of a resident's situation with no policy word before the question; every other case
  also gets a short statement after it (俺想留着。谢谢！);
- ``story_words``: the same with one sentence naming another policy word (低保, 护林员, 扶贫车间…) that must
  not steal the question's topic;
- ``typo``: one or two homophone substitutions of the ``typos`` table whose source the question holds;
- ``traditional``: the question in traditional characters (OpenCC ``s2t``);
- ``dialect``: the ``dialect`` swaps (我→俺, 什么→啥, 怎么→咋…), all that apply.

A kind that cannot change a question (no typo source or dialect word in it) skips that question. The variants are
fixed by ``--seed`` (each case's own random stream, so adding cases leaves the others' variants alone).

    python scripts/robustness_ask.py [--seed 5] [--kinds story,typo] [--show-failures] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
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
from kb.answer.case_scoring import score  # noqa: E402
from kb.answer.cases import Case, load_set  # noqa: E402

DATA = Path(__file__).with_suffix(".yaml")
KINDS = ("story", "story_words", "typo", "traditional", "dialect")


def load_data(path: Path = DATA) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _replace_all(text: str, table: dict[str, str]) -> str:
    """Every source of ``table`` in one pass, longest first (a replaced word is not replaced again)."""
    if not table:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return pattern.sub(lambda m: table[m.group(0)], text)


def story(question: str, rng: random.Random, data: dict[str, Any], policy: bool) -> str:
    pool = data["stories"]
    sentences = rng.sample(pool["plain"], rng.randint(0 if policy else 1, 2))
    if policy:
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(pool["policy"]))
    tail = rng.choice(pool["tails"]) if rng.random() < 0.5 else ""
    return "".join(sentences) + question + tail


def typo(question: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    sources = [k for k in data["typos"] if k in question]
    if not sources:
        return None
    chosen = rng.sample(sources, min(len(sources), rng.randint(1, 2)))
    return _replace_all(question, {k: data["typos"][k] for k in chosen})


def traditional(question: str) -> str | None:
    import opencc

    text = opencc.OpenCC("s2t").convert(question)
    return text if text != question else None


def dialect(question: str, data: dict[str, Any]) -> str | None:
    text = _replace_all(question, data["dialect"])
    return text if text != question else None


def variants(case: Case, seed: int, data: dict[str, Any]) -> dict[str, str | None]:
    rng = random.Random(seed * 1_000_003 + zlib.crc32(case.id.encode()))
    makers: dict[str, Callable[[], str | None]] = {
        "story": lambda: story(case.question, rng, data, policy=False),
        "story_words": lambda: story(case.question, rng, data, policy=True),
        "typo": lambda: typo(case.question, rng, data),
        "traditional": lambda: traditional(case.question),
        "dialect": lambda: dialect(case.question, data),
    }
    return {kind: make() for kind, make in makers.items()}


def answer_json(service: AskService, question: str) -> dict[str, Any]:
    answer = service.ask(question, None)
    data = answer.to_json()
    if "polarity" not in data and hasattr(answer, "polarity"):
        data["polarity"] = answer.polarity
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated, of " + ", ".join(KINDS))
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--build", type=Path, default=None, help="build folder (default: POLICYKB_BUILD)")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    if any(k not in KINDS for k in kinds):
        parser.error(f"--kinds: of {KINDS}")
    data = load_data()
    service = AskService.open(args.build)
    cases = [c for c in load_set("tuning").singles if c.category != "out_of_scope"]
    base = [c for c in cases if not score(answer_json(service, c.question), c.expect)]
    tallies = {k: Tally() for k in kinds}
    failures: list[dict[str, Any]] = []
    for case in base:
        made = variants(case, args.seed, data)
        for kind in kinds:
            text = made[kind]
            if text is None:
                continue
            answer = answer_json(service, text)
            missed = score(answer, case.expect)
            tallies[kind].add(not missed)
            if missed:
                cited = [f"{c['doc']} {c['clause']}" for c in answer.get("citations", [])[:3]]
                text_of = str(answer.get("answer", ""))[:100]
                failures.append(
                    {"id": case.id, "kind": kind, "question": text, "original": case.question}
                    | {"failed": missed, "cites": cited, "answer": text_of}
                )
    figures = {"in_scope": len(cases), "passing": len(base), **{k: t.to_json() for k, t in tallies.items()}}
    if args.json:
        print(json.dumps({"figures": figures, "failures": failures if args.show_failures else []}, ensure_ascii=False))
        return 0
    print(f"in-scope singles {len(cases)}, passing as written {len(base)}")
    print(f"{'variant':<14}{'pass':>6}{'total':>7}{'rate':>8}")
    for kind, t in tallies.items():
        print(f"  {kind:<12}{t.passed:>6}{t.total:>7}{t.rate:>8.1%}")
    if args.show_failures:
        for f in failures:
            print(f"- {f['id']} [{f['kind']}] {f['question']}\n    original: {f['original']}")
            print(f"    failed: {'; '.join(f['failed'])}  cites: {', '.join(f['cites'])}\n    answer: {f['answer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
