"""Ask gold cases (tests/gold/ask/*.yaml): the case types, and loading and validating the files of a set
(the sets are named in kb/answer/cases.yaml).

The schema is tests/gold/ask/README.md's. A malformed case is a ``CaseFileError`` that names the file and the
case id. Scoring an answer against a case is kb/answer/case_scoring.py, the pass rates of a run
kb/answer/case_report.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import yaml

from kb.messages import msg

DATA = Path(__file__).with_suffix(".yaml")
ROOT = Path(__file__).resolve().parents[2]

CATEGORIES = ("yes_no", "must", "period", "quantity", "list", "who", "duties", "what", "out_of_scope")
DIALOGUE = "dialogue"
OOS_KINDS = (
    "amount",
    "other_region",
    "later_policy",
    "eligibility",
    "hukou",
    "personal_case",
    "undefined_term",
    "unrelated",
)
STYLES = ("formal", "colloquial", "dialect", "traditional", "typo", "long_story", "short", "official")
POLARITIES = ("yes", "no")
LIST_FIELDS = ("values", "items", "departments", "leads", "clauses", "forbid")
CASE_FIELDS = {"id", "category", "oos_kind", "style", "question", "expect", "note"}
DIALOGUE_FIELDS = {"id", "category", "style", "turns", "note"}
TURN_FIELDS = {"question", "expect", "note"}


class CaseFileError(ValueError):
    """A case file that cannot be used; the message names the file and the case."""


Fail = Callable[[str], NoReturn]  # raises CaseFileError naming the file and the case


@cache
def data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Expectation:
    answered: bool
    polarity: str | None = None
    values: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()  # departments named with role lead (牵头负责)
    clauses: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()

    def strings(self) -> tuple[str, ...]:
        """The values and items, which must each occur in the text of one of the expected clauses."""
        return self.values + self.items


@dataclass(frozen=True)
class Case:
    """One question to ask; a dialogue turn is a Case whose id is ``<dialogue id>#<turn number>``."""

    id: str
    category: str
    question: str
    expect: Expectation
    style: tuple[str, ...] = ()
    oos_kind: str | None = None
    note: str = ""
    dialogue: str | None = None


@dataclass(frozen=True)
class Dialogue:
    id: str
    turns: tuple[Case, ...]
    style: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class CaseSet:
    singles: tuple[Case, ...]
    dialogues: tuple[Dialogue, ...]

    def all_cases(self) -> list[Case]:
        return list(self.singles) + [turn for d in self.dialogues for turn in d.turns]


# ---------------------------------------------------------------------------------------------- loading
def _strings(value: Any, what: str, fail: Fail) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        fail(f"{what}: a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _expectation(raw: Any, fail: Fail) -> Expectation:
    if not isinstance(raw, dict):
        fail("expect: a mapping")
    unknown = set(raw) - {"answered", "polarity", *LIST_FIELDS}
    if unknown:
        fail(f"expect: unknown fields {sorted(unknown)}")
    answered = raw.get("answered")
    if not isinstance(answered, bool):
        fail("expect.answered: true or false")
    polarity = raw.get("polarity")
    if isinstance(polarity, bool):  # YAML 1.1 reads a bare yes/no as a boolean
        polarity = "yes" if polarity else "no"
    if polarity is not None and polarity not in POLARITIES:
        fail(f"expect.polarity: one of {POLARITIES}")
    lists = {name: _strings(raw.get(name), f"expect.{name}", fail) for name in LIST_FIELDS}
    if answered and not lists["clauses"]:
        fail("expect.clauses: an answered case names at least one clause")
    if not answered and (polarity or any(lists[n] for n in ("values", "items", "departments", "leads"))):
        fail("a refusal (answered: false) gives only forbid and clauses (the nearest provision, not scored)")
    return Expectation(answered, polarity, **lists)


def _style(raw: Any, fail: Fail) -> tuple[str, ...]:
    styles = _strings(raw, "style", fail)
    bad = [s for s in styles if s not in STYLES]
    if bad:
        fail(f"style: unknown {bad}; one of {STYLES}")
    return styles


def _question(raw: Any, fail: Fail) -> str:
    if not isinstance(raw, str) or not raw.strip():
        fail("question: a non-empty string")
    return raw.strip()


def _single(raw: dict, fail: Fail) -> Case:
    unknown = set(raw) - CASE_FIELDS
    if unknown:
        fail(f"unknown fields {sorted(unknown)}")
    category = raw.get("category")
    if category not in CATEGORIES:
        fail(f"category: one of {CATEGORIES}")
    oos_kind = raw.get("oos_kind")
    if category == "out_of_scope" and oos_kind not in OOS_KINDS:
        fail(f"oos_kind: one of {OOS_KINDS}")
    if category != "out_of_scope" and oos_kind is not None:
        fail("oos_kind: only with category out_of_scope")
    expect = _expectation(raw.get("expect"), fail)
    if (category == "out_of_scope") == expect.answered:
        fail("expect.answered: false exactly when the category is out_of_scope")
    style = _style(raw.get("style"), fail)
    return Case(
        raw["id"], category, _question(raw.get("question"), fail), expect, style, oos_kind, raw.get("note") or ""
    )


def _dialogue(raw: dict, fail: Fail) -> Dialogue:
    unknown = set(raw) - DIALOGUE_FIELDS
    if unknown:
        fail(f"unknown fields {sorted(unknown)}")
    turns = raw.get("turns")
    if not isinstance(turns, list) or not 2 <= len(turns) <= 4 or not all(isinstance(t, dict) for t in turns):
        fail("turns: a list of 2 to 4 mappings")
    style = _style(raw.get("style"), fail)
    cases = []
    for number, turn in enumerate(turns, 1):
        if set(turn) - TURN_FIELDS:
            fail(f"turn {number}: unknown fields {sorted(set(turn) - TURN_FIELDS)}")
        expect = _expectation(turn.get("expect"), fail)
        question = _question(turn.get("question"), fail)
        cases.append(Case(f"{raw['id']}#{number}", DIALOGUE, question, expect, style, None, "", raw["id"]))
    return Dialogue(raw["id"], tuple(cases), style, raw.get("note") or "")


def load_file(path: Path) -> list[Case | Dialogue]:
    """The cases of one file, validated; raises CaseFileError naming the file and the case."""
    name = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaseFileError(msg("cases.missing_file", file=name)) from None
    except yaml.YAMLError as exc:
        raise CaseFileError(msg("cases.malformed_file", file=name, detail=str(exc).splitlines()[0])) from None
    if not isinstance(raw, list):
        raise CaseFileError(msg("cases.malformed_file", file=name, detail=type(raw).__name__))
    loaded: list[Case | Dialogue] = []
    seen: set[str] = set()
    for position, entry in enumerate(raw, 1):
        case_id = entry.get("id") if isinstance(entry, dict) else None
        label = case_id if isinstance(case_id, str) and case_id else f"#{position}"

        def fail(detail: str, label: str = label) -> NoReturn:
            raise CaseFileError(msg("cases.malformed_case", file=name, case=label, detail=detail))

        if not isinstance(entry, dict):
            fail("a case is a mapping")
        if not isinstance(case_id, str) or not case_id.strip():
            fail("id: a non-empty string")
        if case_id in seen:
            raise CaseFileError(msg("cases.duplicate_id", file=name, case=case_id))
        seen.add(case_id)
        loaded.append(_dialogue(entry, fail) if entry.get("category") == DIALOGUE else _single(entry, fail))
    return loaded


def set_files(name: str, root: Path = ROOT) -> list[Path]:
    sets: dict[str, list[str]] = data()["sets"]
    names = list(sets) if name == "all" else [name]
    if any(n not in sets for n in names):
        raise CaseFileError(msg("cases.unknown_set", detail=name))
    return list(dict.fromkeys(root / f for n in names for f in sets[n]))  # a file named by two sets once


def load_set(name: str, root: Path = ROOT, files: Sequence[Path] | None = None) -> CaseSet:
    """dev | heldout | all; files that do not exist yet are skipped; ids are unique across the set."""
    singles: list[Case] = []
    dialogues: list[Dialogue] = []
    seen: dict[str, Path] = {}
    for path in files if files is not None else set_files(name, root):
        if not path.exists():
            continue
        for entry in load_file(path):
            if entry.id in seen:
                raise CaseFileError(msg("cases.duplicate_id", file=str(path), case=entry.id))
            seen[entry.id] = path
            (dialogues if isinstance(entry, Dialogue) else singles).append(entry)  # type: ignore[arg-type]
    return CaseSet(tuple(singles), tuple(dialogues))
