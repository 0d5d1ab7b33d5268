"""Stage 6, *check grounding*: every number (with its unit), date and department name in an answer must occur
in the text of a cited clause; an answer that fails is not sent as it is (the composer falls back to the
quoted provision, or refuses)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kb.answer.lexicon import config
from kb.answer.result import Answer
from kb.answer.sentences import NUMBER, _alternation

GROUNDING = config()["grounding"]
NUMBER_RE = re.compile(rf"{NUMBER}(?:{_alternation(GROUNDING['units'])})")


@dataclass(frozen=True)
class Grounding:
    ok: bool
    missing: tuple[str, ...] = ()  # the numbers and names no cited clause states


PREFIX_RE = re.compile(rf"^(?:{_alternation(GROUNDING['department_prefixes'])})")
SUFFIX_RE = re.compile(rf"(?:{_alternation(GROUNDING['department_suffixes'])})$")


def core(name: str) -> str:
    """A department's name without its level prefix and kind suffix (各市、县扶贫部门 → 扶贫): the graph writes
    names in one form, the clauses as their issuers wrote them (各市县发展改革、扶贫部门)."""
    return SUFFIX_RE.sub("", PREFIX_RE.sub("", name)) or name


def check(answer: Answer, departments: Iterable[str]) -> Grounding:
    cited = "".join(c.text for c in answer.citations)
    text = answer.answer
    missing = [m for m in NUMBER_RE.findall(text) if m not in cited]
    for name in departments:
        if name in text and name not in cited and core(name) not in cited:
            missing.append(name)
    return Grounding(not missing, tuple(dict.fromkeys(missing)))
