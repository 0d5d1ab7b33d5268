"""Stage 6, *check grounding*: every number (with its unit), date and department name in an answer must occur
in the text of a cited clause; an answer that fails is not sent as it is (the composer falls back to the
quoted provision, or refuses)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kb.answer.result import Answer

NUMBER_RE = re.compile(
    r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千万两]+)"
    r"(?:%|亩|人|个月|个百分点|个|次|户|元|万元|亿元|年|月|日|天|平方米|套|项|份|岁)"
)


@dataclass(frozen=True)
class Grounding:
    ok: bool
    missing: tuple[str, ...] = ()  # the numbers and names no cited clause states


def check(answer: Answer, departments: Iterable[str]) -> Grounding:
    cited = "".join(c.text for c in answer.citations)
    text = answer.answer
    missing = [m for m in NUMBER_RE.findall(text) if m not in cited]
    for name in departments:
        if name in text and name not in cited:
            missing.append(name)
    return Grounding(not missing, tuple(dict.fromkeys(missing)))
