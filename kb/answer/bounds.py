"""Whether a may question going below or above an amount (可否低于500亩？ 能超过6个月不？) is decided by a sentence
bounding that amount (不少于500亩, 3000人以上, 6个月内…): going below a floor or above a ceiling is no, going the
other way is yes. The words are frames.yaml bounds."""

from __future__ import annotations

import re
from functools import cache

from kb.answer.lexicon import config


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _asked_re() -> re.Pattern[str]:
    cfg = config()
    units = _alternation([*cfg["value_units"], *cfg["period_units"]])
    way = _alternation([*cfg["bounds"]["below"], *cfg["bounds"]["above"]])
    # not after a negation (不能少于500亩 restates the floor, it asks no way beyond it)
    behind = "".join(f"(?<!{re.escape(w)})" for w in cfg["bounds"]["not_after"])
    return re.compile(f"{behind}({way})({cfg['patterns']['number']}(?:{units}))")


def comparators() -> tuple[str, ...]:
    """The question's words asking to go below or above an amount (低于, 超过): an object any bound states."""
    return (*config()["bounds"]["below"], *config()["bounds"]["above"])


def bound_words() -> tuple[str, ...]:
    """Every word a sentence bounds an amount with (不少于, 以上, 不超过, 以内…)."""
    cfg = config()["bounds"]
    return tuple(w for kind in ("floor", "ceiling") for side in ("before", "after") for w in cfg[f"{kind}_{side}"])


def asked_bound(question: str) -> tuple[str, str] | None:
    """("below" | "above", the amount) a question asks to go beyond (低于500亩 → ("below", "500亩")), if any."""
    m = _asked_re().search(question)
    if m is None:
        return None
    return ("below" if m.group(1) in config()["bounds"]["below"] else "above", m.group(2))


def stated_bound(text: str, amount: str) -> str | None:
    """How the sentence bounds the amount, if it does: floor (不少于500亩, 500亩以上) or ceiling (不超过…, …以内)."""
    cfg = config()["bounds"]
    at = re.escape(amount)
    for kind in ("floor", "ceiling"):
        before, after = _alternation(cfg[f"{kind}_before"]), _alternation(cfg[f"{kind}_after"])
        if re.search(f"(?:{before}){at}|{at}(?:{after})", text):
            return kind
    return None


def bound_polarity(question: str, text: str) -> str | None:
    """no for going below a floor or above a ceiling the sentence states on the asked amount, yes the other way;
    None when the question asks no such thing or the sentence bounds no such amount."""
    asked = asked_bound(question)
    if asked is None:
        return None
    way, amount = asked
    kind = stated_bound(text, amount)
    if kind is None:
        return None
    return "no" if (way, kind) in (("below", "floor"), ("above", "ceiling")) else "yes"
