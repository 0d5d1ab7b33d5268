"""The grounding rule, one for the service and the gold scorer: every number with a unit (Arabic or Chinese
numerals) and every department name in an answer text must occur in the text of a cited clause.

The service checks each answer it sends by it (kb/answer/grounding.py ``Checker``) and the scorer counts the
answers that break it (kb/answer/case_scoring.py ``score_case``), so that the two cannot disagree. What counts
as a number with a unit is data (kb/answer/grounding_rule.yaml); department names come from the graph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_suffix(".yaml")


@cache
def data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def norm(text: str) -> str:
    """The form in which answer texts, expected strings and citations are compared: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def citation_keys(answer: Mapping[str, Any]) -> list[str]:
    """The ``文号 条款`` keys of an answer JSON's citations, in order, normalised."""
    return [norm(f"{c.get('doc', '')} {c.get('clause', '')}") for c in answer.get("citations") or []]


@cache
def _number_pattern() -> tuple[re.Pattern[str], frozenset[str]]:
    """A number (Arabic or Chinese numerals) followed by the longest unit of grounding_rule.yaml; the words that
    look like one but are no quantity (not_quantities)."""
    config = data()
    units = sorted((norm(u) for u in config["units"]), key=len, reverse=True)
    numeral = rf"(?:\d+(?:\.\d+)?|[{re.escape(config['numerals'])}]+)"
    pattern = re.compile(rf"{numeral}(?:{'|'.join(re.escape(u) for u in units)})")
    return pattern, frozenset(norm(word) for word in config.get("not_quantities") or [])


def numbers(text: str) -> list[str]:
    """The numbers with a unit a normalised text states (一个 of 请先提出一个问题 is none)."""
    pattern, ignore = _number_pattern()
    return [n for n in pattern.findall(text) if n not in ignore]


@dataclass(frozen=True)
class Grounding:
    """Finds numbers with a unit and department names in an answer text that no cited clause holds.

    ``departments`` maps each label of a department node (its name and aliases, from the graph) to the
    node, ``sources`` each node to the clause keys the graph read it from; a name is grounded when a label
    of its node occurs in a cited text or a cited clause is one of its sources (``各市县发展改革、扶贫部门``
    names 各市、县扶贫部门). ``strip`` are strings removed from the answer first (the documents' 文号, which
    cited clause texts do not hold).
    """

    departments: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, frozenset[str]] = field(default_factory=dict)
    strip: tuple[str, ...] = ()

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], strip: Iterable[str] = ()) -> Grounding:
        """From the rows of kb/queries/department_sources.rq (label, node, doc, clause)."""
        labels: dict[str, str] = {}
        sources: dict[str, set[str]] = {}
        for row in rows:
            node = str(row["node"])
            if len(norm(str(row["label"]))) >= 2:
                labels[norm(str(row["label"]))] = node
            if row.get("doc") and row.get("clause"):
                sources.setdefault(node, set()).add(norm(f"{row['doc']} {row['clause']}"))
        frozen = {node: frozenset(keys) for node, keys in sources.items()}
        return cls(labels, frozen, tuple(norm(s) for s in strip if s))

    @cached_property
    def _names(self) -> re.Pattern[str]:
        """The department labels, longest first: at each place of the text the longest label written there."""
        labels = sorted(self.departments, key=len, reverse=True)
        return re.compile("|".join(re.escape(lb) for lb in labels)) if labels else re.compile(r"(?!)")

    def department_names(self, text: str) -> list[str]:
        return self._names.findall(text)

    def violations(self, answer: Mapping[str, Any]) -> list[str]:
        text = norm(str(answer.get("answer") or ""))
        for s in sorted(self.strip, key=len, reverse=True):
            text = text.replace(s, " ")
        cited = " ".join(norm(str(c.get("text") or "")) for c in answer.get("citations") or [])
        keys = set(citation_keys(answer))
        bad = [n for n in numbers(text) if n not in cited]
        for name in self.department_names(text):
            node = self.departments[name]
            named = any(lb in cited for lb, n in self.departments.items() if n == node)
            if not named and not keys & self.sources.get(node, frozenset()):
                bad.append(name)
        return list(dict.fromkeys(bad))
