#!/usr/bin/env python
"""Leave-one-batch-out evaluation of a fitted answer-or-refuse decision on scripts/gate_signals.py's rows.

Two decisions, each with two outcomes per case known (today's answer and the counterfactual):
- gate: a question linking no topic is let through or refused as unrelated (today: AskService.close);
- abstain: an answer whose best sentence is weak is refused instead (today: never).
For each batch, a model is fitted on the other batches' cases where the two outcomes differ (L2 logistic
regression on standardised features, plain numpy; or a threshold rule on one or two features) and applied to the
held-out batch; the batch's passes under the model are counted against today's.

    python scripts/gate_fit.py /tmp/gate.jsonl
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

Row = dict[str, Any]
FRAMES_YN = ("yes_no", "must", "loss")


def gate_x(g: Row) -> list[float]:
    return [
        g["dense"],
        math.log1p(g["bm25"]),
        g["share"],
        g["direct"],
        g["coverage"],
        min(g["share"], g["direct"]),
        float(g["words"]),
    ]


def best_x(b: Row) -> list[float]:
    return [
        b["score"],
        b["coverage"],
        b["direct"],
        float(b["focused"]),
        float(b["states_main"]),
        float(b["acted"]),
        b["margin"],
        b["dense"] or 0.0,
        math.log1p(b["bm25"] or 0.0),
        float(b["asks"] is not None),
        float(b["title"]),
        float(b["words"]),
        float(b["own_topics"]),
    ]


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> Callable[[np.ndarray], np.ndarray]:
    """Newton's method on the L2-penalised log-likelihood; returns p(y=1 | x) (a constant when y is)."""
    if len(set(y.tolist())) < 2:
        return lambda xs: np.full(len(xs), float(y[0]) if len(y) else 1.0)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(z.shape[1])
    pen = np.eye(z.shape[1]) * l2
    pen[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + pen @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + pen
        w -= np.linalg.solve(hess, grad)
    return lambda xs: 1 / (1 + np.exp(-np.hstack([np.ones((len(xs), 1)), (xs - mu) / sd]) @ w))


def rule(x: np.ndarray, y: np.ndarray, features: tuple[int, ...]) -> Callable[[np.ndarray], np.ndarray]:
    """The best 'feature_i >= t_i for any i' rule (the hand gate's form) on the training cases: gain counted."""
    grids = [np.unique(x[:, f]) for f in features]
    best, choice = -1e9, tuple(g.max() + 1 for g in grids)
    for ts in itertools.product(*[g[:: max(1, len(g) // 40)] for g in grids]):
        keep = np.zeros(len(x), bool)
        for f, t in zip(features, ts, strict=True):
            keep |= x[:, f] >= t
        gain = (keep & (y == 1)).sum() - (keep & (y == 0)).sum()
        if gain > best:
            best, choice = gain, ts
    return lambda xs: np.any([xs[:, f] >= t for f, t in zip(features, choice, strict=True)], axis=0).astype(float)


def lobo(
    rows: list[Row],
    key: str,
    feats: Callable[[Row], list[float]],
    yes: Callable[[Row], tuple[bool, bool]],
    fit: Callable[[np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]],
    label: str,
) -> None:
    """yes(row) → (passes when the decision says 1, passes when it says 0); today's choice is row's 'today'."""
    batches = list(dict.fromkeys(r["batch"] for r in rows))
    sub = [r for r in rows if key in r]
    total_today = total_model = 0
    line = []
    for held in batches:
        train = [r for r in sub if r["batch"] != held and yes(r)[0] != yes(r)[1]]
        test = [r for r in sub if r["batch"] == held]
        x = np.array([feats(r[key]) for r in train])
        y = np.array([float(yes(r)[0]) for r in train])
        model = fit(x, y)
        chosen = model(np.array([feats(r[key]) for r in test])) >= 0.5 if test else np.array([])
        all_held = [r for r in rows if r["batch"] == held]
        today = sum(r["passed"] for r in all_held)
        delta = sum(int(yes(r)[0] if c else yes(r)[1]) - int(r["passed"]) for r, c in zip(test, chosen, strict=True))
        total_today += today
        total_model += today + delta
        line.append(f"{held} {today}->{today + delta}")
    print(f"{label:<34} {total_today} -> {total_model}  ({', '.join(line)})")


def main(path: str) -> int:
    with open(path, encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    print(
        f"{len(rows)} cases, {sum(r['passed'] for r in rows)} passed; gate {sum('gate' in r for r in rows)}, "
        f"answered with a best sentence {sum('best' in r for r in rows)}"
    )

    def gate_yes(r: Row) -> tuple[bool, bool]:  # (passes let through, passes refused)
        g = r["gate"]
        return (r["passed"], g["flipped"]) if g["today"] else (g["flipped"], r["passed"])

    def keep_yes(r: Row) -> tuple[bool, bool]:  # (passes answered, passes refused)
        return r["passed"], r["best"]["refused"]

    g = [r for r in rows if "gate" in r]
    print(
        "gate: through better",
        sum(a > b for a, b in map(gate_yes, g)),
        "refused better",
        sum(b > a for a, b in map(gate_yes, g)),
        "same",
        sum(a == b for a, b in map(gate_yes, g)),
    )
    b = [r for r in rows if "best" in r]
    print(
        "best: keep better",
        sum(a > c for a, c in map(keep_yes, b)),
        "refuse better",
        sum(c > a for a, c in map(keep_yes, b)),
        "same",
        sum(a == c for a, c in map(keep_yes, b)),
    )
    wrong = [r["id"] for r in g if not r["passed"] and r["gate"]["flipped"]]
    false_answers = [r["id"] for r in rows if not r["gold"] and r["answered"] and not r["passed"]]
    print(f"gate wrong today (the other way passes): {wrong}; false answers: {false_answers}")
    for l2 in (0.1, 1.0, 10.0):
        lobo(rows, "gate", gate_x, gate_yes, lambda x, y, l2=l2: logistic(x, y, l2), f"gate logistic l2={l2}")
    lobo(rows, "gate", gate_x, gate_yes, lambda x, y: rule(x, y, (0, 5)), "gate rule dense|min(share,direct)")
    lobo(rows, "gate", gate_x, gate_yes, lambda x, y: rule(x, y, (0, 1)), "gate rule dense|bm25")
    lobo(rows, "gate", gate_x, gate_yes, lambda x, y: rule(x, y, (0,)), "gate rule dense")
    for l2 in (0.1, 1.0, 10.0):
        lobo(rows, "best", best_x, keep_yes, lambda x, y, l2=l2: logistic(x, y, l2), f"abstain logistic l2={l2}")
    for f in ((0,), (1,), (2,), (6,), (0, 6), (2, 6)):
        lobo(rows, "best", best_x, keep_yes, lambda x, y, f=f: rule(x, y, f), f"abstain rule keep if {f}")
    sweep(rows, gate_yes)
    return 0


def sweep(rows: list[Row], gate_yes: Callable[[Row], tuple[bool, bool]]) -> None:
    """The hand gate (dense >= min_dense or min(share, direct) >= min_words) at other thresholds: passes per batch
    minus today's, to see whether one batch's best threshold is another's."""
    g = [r for r in rows if "gate" in r]
    batches = list(dict.fromkeys(r["batch"] for r in rows))
    print("gate sweep, passes minus today's per batch (" + " ".join(batches) + "): total")
    for dense, words in [(d, 0.75) for d in (0.86, 0.865, 0.87, 0.875, 0.885, 0.89, 0.9)] + [
        (0.88, w) for w in (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
    ]:
        deltas = []
        for b in batches:
            d = 0
            for r in (r for r in g if r["batch"] == b):
                x = r["gate"]
                through = x["dense"] >= dense or min(x["share"], x["direct"]) >= words
                d += int(gate_yes(r)[0] if through else gate_yes(r)[1]) - int(r["passed"])
            deltas.append(d)
        print(
            f"  min_dense {dense:<6} min_words {words:<5} "
            + " ".join(f"{d:+d}" for d in deltas)
            + f": {sum(deltas):+d}"
        )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gate.jsonl"))
