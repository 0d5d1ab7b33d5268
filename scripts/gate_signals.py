#!/usr/bin/env python
"""Collect the answer-or-refuse signals of every tuning case, with counterfactuals (a measurement, no tuning).

For each case and dialogue turn of the tuning batches (dev … dev9a, each by another writer) it records, as one
JSON line: the batch, the gold ``expect.answered``, whether today's answer passes, and
- gate: the scope gate's signals when the question linked no topic (AskService.close: dense cosine, bm25, share
  of known words, the best sentence's direct share, frame, number of words) and whether the case passes when the
  gate decides the other way (the turn asked again with close() forced);
- best: the chosen answer's best sentence (decide.decide answered: score, coverage, direct, focused, states_main,
  acted, margin to the best sentence of another clause, frame, topics, words, dense, bm25) and whether the case
  passes when that answer is refused instead (not_stated, citing the same nearest sentence).
Dialogues go on with today's answer. Fit and leave-one-batch-out evaluation: scripts/gate_fit.py.

    python scripts/gate_signals.py [SET ...] > /tmp/gate.jsonl   (default: the tuning batches; ~14 min on 2 cores)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.answer import service as svc  # noqa: E402
from kb.answer.case_scoring import score_case  # noqa: E402
from kb.answer.cases import data, load_set  # noqa: E402
from kb.answer.decide import Decision  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from eval_ask import grounding_checker  # noqa: E402

BATCHES = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8a", "dev9a")
state: dict[str, Any] = {"force_close": None, "abstain": False, "gate": None, "best": None}
_close, _decide = svc.AskService.close, svc.decide


def close(self: svc.AskService, q: Any, signals: dict[str, Any], scored: list[Any]) -> bool:
    known = [w for w in q.words if self.provisions.weight((w,)) != 1.0 or w in self.corpus_text]
    verdict = _close(self, q, signals, scored)
    state["gate"] = {
        "dense": signals["dense"],
        "bm25": signals["bm25"],
        "words": len(q.words),
        "frame": q.frame,
        "share": len(known) / len(q.words) if q.words else 0.0,
        "direct": scored[0].direct if scored else 0.0,
        "coverage": scored[0].coverage if scored else 0.0,
        "today": verdict,
    }
    return verdict if state["force_close"] is None else state["force_close"]


def decide(q: Any, scored: list[Any], *args: Any, **kw: Any) -> Decision:
    decision = _decide(q, scored, *args, **kw)
    main = decision.sentences[0] if decision.answered and decision.sentences else None
    best = next((x for x in scored if x.sentence is main), None)
    if best is None:
        state["best"] = None
        return decision
    other = next((x.score for x in scored if x.sentence.key != best.sentence.key), 0.0)
    state["best"] = {
        "score": best.score,
        "coverage": best.coverage,
        "direct": best.direct,
        "focused": best.focused,
        "states_main": best.states_main,
        "acted": best.acted,
        "states_topic": best.states_topic,
        "margin": best.score - other,
        "top_score": scored[0].score,
        "frame": q.frame,
        "asks": q.asks,
        "topics": len(q.topics),
        "own_topics": len(q.own_topics),
        "words": len(q.words),
        "title": best.sentence.index == 0,
        "n_sentences": len(decision.sentences),
    }
    if state["abstain"]:
        return Decision(False, refuse_kind="not_stated", nearest=best.sentence)
    return decision


svc.AskService.close, svc.decide = close, decide  # type: ignore[method-assign]


def main(batches: list[str]) -> int:
    sets = data()["sets"]
    if any(b not in sets for b in batches):
        print(f"unknown set among {batches}", file=sys.stderr)
        return 2
    service = svc.AskService.open()
    grounding = grounding_checker(None)

    def one(case: Any, previous: Any) -> Any:
        state.update(force_close=None, abstain=False, gate=None, best=None)
        answer = service.ask(case.question, previous)
        js = answer.to_json()
        row: dict[str, Any] = {
            "id": case.id,
            "gold": case.expect.answered,
            "answered": js.get("answered") is True,
            "passed": score_case(case, js, grounding).passed,
            "intent": answer.intent,
            "dense": answer.signals.get("dense"),
            "bm25": answer.signals.get("bm25"),
        }
        gate, best = state["gate"], state["best"]
        if gate is not None:
            state.update(force_close=not gate["today"], gate=None, best=None)
            row["gate"] = {
                **gate,
                "flipped": score_case(case, service.ask(case.question, previous).to_json(), grounding).passed,
            }
        if best is not None and js.get("answered") is True:
            state.update(force_close=None, abstain=True, gate=None, best=None)
            refused = service.ask(case.question, previous).to_json()
            row["best"] = {
                **best,
                "dense": row["dense"],
                "bm25": row["bm25"],
                "refused": score_case(case, refused, grounding).passed,
            }
        rows.append(row)
        return answer

    for batch in batches:
        cases = load_set(batch)
        rows: list[dict[str, Any]] = []
        for case in cases.singles:
            one(case, None)
        for dialogue in cases.dialogues:
            previous = None
            for turn in dialogue.turns:
                previous = one(turn, previous).turn
        for row in rows:
            print(json.dumps({"batch": batch, **row}, ensure_ascii=False))
        print(batch, len(rows), sum(r["passed"] for r in rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] or list(BATCHES)))
