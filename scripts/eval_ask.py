#!/usr/bin/env python
"""Score `AskService.open().ask(question, previous)` on the ask gold sets (tests/gold/ask/, GOLD_SCHEMA.md).

Single questions are asked without context; a dialogue's turns are asked in order, each with the previous
answer's ``.turn``. Prints pass rates per category, per out-of-scope kind and per style, whole dialogues,
and the number of answers with an ungrounded number or department name.

    python scripts/eval_ask.py --set dev|dev2|tuning|heldout [--show-failures] [--json]   (default dev)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.answer import AskService  # noqa: E402
from kb.answer.case_report import aggregate  # noqa: E402
from kb.answer.case_scoring import Score, run_set  # noqa: E402
from kb.answer.cases import CaseFileError, data, load_set  # noqa: E402
from kb.answer.grounding_rule import Grounding  # noqa: E402
from kb.cli import report_error  # noqa: E402
from kb.corpus import CorpusError, load_corpus  # noqa: E402
from kb.graph.store import GraphStore, StoreError  # noqa: E402
from kb.messages import msg  # noqa: E402
from kb.search import EmbedderError, SearchError  # noqa: E402


def grounding_checker(build_dir: Path | None) -> Grounding:
    """Department labels from the graph; the documents' 文号 (and those they cite) from the corpus."""
    rows = GraphStore.open(build_dir).select("department_sources")
    strip = [d.doc_number for d in load_corpus()] + [c for d in load_corpus() for c in d.cites]
    return Grounding.from_rows(rows, strip)


def table(title: str, rows: dict[str, dict]) -> list[str]:
    lines = [f"{title:<16}{'pass':>6}{'total':>7}{'rate':>8}"]
    lines += [f"  {name:<14}{r['passed']:>6}{r['total']:>7}{r['rate']:>8.1%}" for name, r in rows.items()]
    return lines


def failure_lines(scores: list[Score], answers: dict[str, dict]) -> list[str]:
    lines = []
    for s in scores:
        if s.passed and not s.grounding:
            continue
        data = answers[s.case.id]
        cited = ", ".join(f"{c['doc']} {c['clause']}" for c in data.get("citations", [])[:3])
        lines.append(f"- {s.case.id} [{s.case.category}] {s.case.question}")
        if s.failures:
            lines.append(f"    failed: {'; '.join(s.failures)}")
        if s.grounding:
            lines.append(f"    ungrounded: {'; '.join(s.grounding)}")
        text = str(data.get("answer", "")).replace("\n", " ")
        lines.append(f"    answered={data.get('answered')} polarity={data.get('polarity')} cites: {cited}")
        lines.append(f"    answer: {text[:120]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", choices=[*data()["sets"], "all"], dest="case_set")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures (and failures) as JSON")
    parser.add_argument("--build", type=Path, default=None, help="build folder (default: POLICYKB_BUILD)")
    args = parser.parse_args(argv)
    try:
        cases = load_set(args.case_set)
    except CaseFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not cases.all_cases():
        print(msg("cases.empty_set", detail=args.case_set), file=sys.stderr)
        return 2
    try:
        service = AskService.open(args.build)
        started = time.perf_counter()
        scores, answers = run_set(service.ask, cases, grounding_checker(args.build))
    except (StoreError, SearchError, EmbedderError, CorpusError) as exc:  # missing or stale build, no model…
        return report_error(str(exc), args.json)  # the CLI's own error line, exit 2, no traceback
    seconds = time.perf_counter() - started
    figures = aggregate(scores)
    figures["set"] = args.case_set
    figures["seconds"] = round(seconds, 1)
    if args.json:
        if args.show_failures:
            figures["failures"] = [
                {"id": s.case.id, "failures": list(s.failures), "ungrounded": list(s.grounding), **answers[s.case.id]}
                for s in scores
                if not s.passed or s.grounding
            ]
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    overall = figures["overall"]
    print(
        f"set {args.case_set}: {overall['passed']}/{overall['total']} passed ({overall['rate']:.1%}), {seconds:.1f} s"
    )
    for group in ("category", "oos_kind", "style"):
        print("\n".join(table(group, figures[group])))
    whole = figures["dialogues_whole"]
    print(f"dialogues (every turn passed): {whole['passed']}/{whole['total']}")
    print(f"grounding violations: {figures['grounding_violations']} of {figures['answers']} answers")
    if args.show_failures:
        print("\n".join(failure_lines(scores, answers)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
