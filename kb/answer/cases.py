"""Ask gold cases (tests/gold/ask/*.yaml): load and validate them, score one answer JSON against an
expectation, aggregate the results, and count grounding violations.

The schema is GOLD_SCHEMA.md's; the rules of scoring are its "Scoring" section. A malformed case is a
``CaseFileError`` that names the file and the case id. Answers are the ``Answer.to_json()`` dictionaries;
a field the answerer does not give yet (``polarity``) fails the expectation on it and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
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
LIST_FIELDS = ("values", "items", "departments", "clauses", "forbid")
CASE_FIELDS = {"id", "category", "oos_kind", "style", "question", "expect", "note"}
DIALOGUE_FIELDS = {"id", "category", "style", "turns", "note"}
TURN_FIELDS = {"question", "expect", "note"}


class CaseFileError(ValueError):
    """A case file that cannot be used; the message names the file and the case."""


Fail = Callable[[str], NoReturn]  # raises CaseFileError naming the file and the case


@cache
def data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def norm(text: str) -> str:
    """The form in which expected strings are looked for: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class Expectation:
    answered: bool
    polarity: str | None = None
    values: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
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
    if not answered and (polarity or any(lists[n] for n in ("values", "items", "departments"))):
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


# ---------------------------------------------------------------------------------------------- scoring
@dataclass(frozen=True)
class Score:
    case: Case
    passed: bool
    failures: tuple[str, ...] = ()
    grounding: tuple[str, ...] = ()  # ungrounded numbers and department names in the answer text


def citation_keys(answer: Mapping[str, Any]) -> list[str]:
    return [norm(f"{c.get('doc', '')} {c.get('clause', '')}") for c in answer.get("citations") or []]


def score(answer: Mapping[str, Any], expect: Expectation) -> list[str]:
    """What the answer misses of the expectation (empty: passed), as short ASCII codes with the string."""
    text = norm(str(answer.get("answer") or ""))
    failures = [f"forbid:{f}" for f in expect.forbid if norm(f) in text]
    answered = answer.get("answered") is True
    if not expect.answered:
        return (["answered"] if answered else []) + failures
    if not answered:
        return ["answered", *failures]
    if expect.polarity is not None and answer.get("polarity") != expect.polarity:
        failures.append(f"polarity:{answer.get('polarity')}")
    failures += [f"value:{v}" for v in expect.values if norm(v) not in text]
    failures += [f"item:{i}" for i in expect.items if norm(i) not in text]
    names = {norm(str(d.get("name", ""))) for d in answer.get("departments") or [] if isinstance(d, Mapping)}
    failures += [f"department:{d}" for d in expect.departments if norm(d) not in names]
    top = citation_keys(answer)[:3]
    if expect.clauses and not any(norm(c) in top for c in expect.clauses):
        failures.append("clause")
    return failures


def score_case(case: Case, answer: Mapping[str, Any], grounding: Grounding | None = None) -> Score:
    failures = score(answer, case.expect)
    ungrounded = grounding.violations(answer) if grounding is not None else []
    return Score(case, not failures, tuple(failures), tuple(ungrounded))


# ---------------------------------------------------------------------------------------------- grounding
@cache
def _number_pattern() -> tuple[re.Pattern[str], frozenset[str]]:
    """A number (Arabic or Chinese numerals) followed by the longest unit of cases.yaml; the words that look like
    one but are no quantity (not_quantities)."""
    config = data()
    units = sorted((norm(u) for u in config["units"]), key=len, reverse=True)
    numeral = rf"(?:\d+(?:\.\d+)?|[{re.escape(config['numerals'])}]+)"
    pattern = re.compile(rf"{numeral}(?:{'|'.join(re.escape(u) for u in units)})")
    return pattern, frozenset(norm(word) for word in config.get("not_quantities") or [])


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

    def numbers(self, text: str) -> list[str]:
        pattern, ignore = _number_pattern()
        return [n for n in pattern.findall(text) if n not in ignore]

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
        bad = [n for n in self.numbers(text) if n not in cited]
        for name in self.department_names(text):
            node = self.departments[name]
            named = any(lb in cited for lb, n in self.departments.items() if n == node)
            if not named and not keys & self.sources.get(node, frozenset()):
                bad.append(name)
        return list(dict.fromkeys(bad))


# ---------------------------------------------------------------------------------------------- aggregating
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
