"""Stage 6, *check grounding*: every number with a unit (Arabic or Chinese numerals) and every department name in
an answer must occur in the text of a cited clause; an answer that fails is not sent as it is (an answer falls
back to the quoted provisions, a refusal to its plain wording).

The rule is the one the gold scorer counts violations by (kb/answer/grounding_rule.py ``Grounding``: NFKC, the
units of kb/answer/grounding_rule.yaml, the graph's department labels and aliases, a name grounded by a cited
text naming its node or by a cited clause the graph read it from, the documents' 文号 left out), so that the
service and the scorer cannot disagree. It is applied to every answer the service sends: composed answers,
graph answers, refusals (which echo the question's topic or place), follow-ups, document answers (which cite
each document's colophon, 落款, the dated signature that states its issuer and date of issue)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kb.answer.grounding_rule import Grounding as Rule
from kb.answer.lexicon import config
from kb.answer.result import Answer


@dataclass(frozen=True)
class Grounding:
    ok: bool
    missing: tuple[str, ...] = ()  # the numbers and names no cited clause states


class Checker:
    """The grounding rule over the graph's department labels and the documents' 文号."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], documents: Iterable[Mapping[str, Any]]) -> Checker:
        """``rows`` of kb/queries/department_sources.rq; ``documents`` the graph's documents (文号 and the ones
        they cite, 、-separated)."""
        sep = config()["grounding"]["cites_sep"]
        numbers = [n for d in documents for n in (d["doc"], *str(d.get("cites") or "").split(sep)) if n]
        return cls(Rule.from_rows(rows, numbers))

    def check(self, answer: Answer) -> Grounding:
        missing = self.rule.violations(answer.to_json())
        return Grounding(not missing, tuple(missing))
