"""The figures of a gold-set run (scripts/eval_ask.py): pass rates overall, per category, per out-of-scope
kind and per style, whole dialogues, and the number of answers with a grounding violation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kb.answer.case_scoring import Score
from kb.answer.cases import CATEGORIES, DIALOGUE, OOS_KINDS, STYLES


@dataclass
class Tally:
    passed: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.passed += int(ok)
        self.total += 1

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "rate": round(self.rate, 3)}


def aggregate(scores: Sequence[Score]) -> dict[str, Any]:
    """Pass rates overall, per category, per oos_kind, per style; whole dialogues; grounding violations."""
    groups: dict[str, dict[str, Tally]] = {"category": {}, "oos_kind": {}, "style": {}}
    overall, dialogues = Tally(), dict[str, bool]()
    for s in scores:
        overall.add(s.passed)
        groups["category"].setdefault(s.case.category, Tally()).add(s.passed)
        if s.case.oos_kind:
            groups["oos_kind"].setdefault(s.case.oos_kind, Tally()).add(s.passed)
        for style in s.case.style:
            groups["style"].setdefault(style, Tally()).add(s.passed)
        if s.case.dialogue:
            dialogues[s.case.dialogue] = dialogues.get(s.case.dialogue, True) and s.passed
    whole = Tally()
    for ok in dialogues.values():
        whole.add(ok)
    order = {name: i for i, name in enumerate((*CATEGORIES, DIALOGUE, *OOS_KINDS, *STYLES))}
    return {
        "overall": overall.to_json(),
        **{
            group: {k: t.to_json() for k, t in sorted(tallies.items(), key=lambda kv: order.get(kv[0], 99))}
            for group, tallies in groups.items()
        },
        "dialogues_whole": whole.to_json(),
        "grounding_violations": sum(1 for s in scores if s.grounding),
        "answers": len(scores),
    }
