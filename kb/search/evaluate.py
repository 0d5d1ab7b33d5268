"""Evaluation of clause search against a gold set: recall@1, recall@5 and MRR per signal and for the hybrid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.corpus import Document, find_document
from kb.messages import msg
from kb.search.errors import SearchError
from kb.search.searcher import SIGNALS, Searcher

MODES: dict[str, tuple[str, ...]] = {"bm25": ("bm25",), "dense": ("dense",), "hybrid": SIGNALS}
DEPTH = 10  # ranks beyond this count as not found (reciprocal rank 0)


def default_gold_path() -> Path:
    from kb.paths import project_root

    return project_root() / "tests" / "gold" / "search_gold.yaml"


@dataclass(frozen=True)
class GoldQuestion:
    question: str
    gold: frozenset[str]  # "文号 条款" keys
    held_out: bool = False  # written after the settings were chosen


def load_gold(path: Path, documents: Sequence[Document]) -> list[GoldQuestion]:
    """Read and check the gold set: every document and clause it names must exist."""
    try:
        entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SearchError(msg("search.gold_unreadable", path=path, error=exc)) from exc
    if not isinstance(entries, list) or not entries:
        raise SearchError(msg("search.gold_not_list", path=path))
    questions = []
    for n, entry in enumerate(entries, start=1):
        try:
            doc = find_document(list(documents), str(entry["doc"]))
            keys = {doc.citation(doc.clause(str(label))) for label in entry["clauses"]}
            for other in entry.get("also") or ():
                number, _, label = str(other).partition(" ")
                alt = find_document(list(documents), number)
                keys.add(alt.citation(alt.clause(label)))
            questions.append(GoldQuestion(str(entry["q"]).strip(), frozenset(keys), bool(entry.get("held_out"))))
        except (KeyError, TypeError) as exc:
            raise SearchError(msg("search.gold_bad_entry", n=n, error=exc)) from exc
    return questions


@dataclass
class ModeReport:
    mode: str
    ranks: list[int | None] = field(default_factory=list)  # rank of the first gold clause, None = not in top DEPTH
    tops: list[list[str]] = field(default_factory=list)

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / max(len(self.ranks), 1)

    @property
    def mrr(self) -> float:
        return sum(1.0 / r for r in self.ranks if r is not None) / max(len(self.ranks), 1)

    def summary(self) -> dict:
        return {"recall@1": self.recall(1), "recall@5": self.recall(5), "mrr": self.mrr, "n": len(self.ranks)}


def evaluate(
    searcher: Searcher, gold: Sequence[GoldQuestion], modes: dict[str, tuple[str, ...]] | None = None
) -> dict[str, ModeReport]:
    reports = {}
    for mode, signals in (modes or MODES).items():
        report = ModeReport(mode)
        for item in gold:
            hits = [r.citation for r in searcher.search(item.question, k=DEPTH, signals=signals)]
            rank = next((i for i, key in enumerate(hits, start=1) if key in item.gold), None)
            report.ranks.append(rank)
            report.tops.append(hits[:3])
        reports[mode] = report
    return reports


def subset(reports: dict[str, ModeReport], keep: Sequence[bool]) -> dict[str, ModeReport]:
    """The same reports restricted to the questions where ``keep`` is true (e.g. the held-out ones)."""
    out = {}
    for mode, report in reports.items():
        part = ModeReport(mode)
        part.ranks = [r for r, k in zip(report.ranks, keep, strict=True) if k]
        part.tops = [t for t, k in zip(report.tops, keep, strict=True) if k]
        out[mode] = part
    return out


def format_table(reports: dict[str, ModeReport]) -> str:
    lines = [f"{'signal':<10}{'recall@1':>10}{'recall@5':>10}{'MRR':>8}{'n':>6}"]
    for mode, report in reports.items():
        s = report.summary()
        lines.append(f"{mode:<10}{s['recall@1']:>10.3f}{s['recall@5']:>10.3f}{s['mrr']:>8.3f}{s['n']:>6}")
    return "\n".join(lines)


def format_misses(reports: dict[str, ModeReport], gold: Sequence[GoldQuestion], k: int = 5) -> str:
    """Questions whose gold clause is not in some mode's top ``k``, with each mode's rank and the hybrid's top 3."""
    lines = []
    modes = list(reports)
    for i, item in enumerate(gold):
        ranks = {m: reports[m].ranks[i] for m in modes}
        if all(r is not None and r <= k for r in ranks.values()):
            continue
        shown = "  ".join(f"{m}={'-' if r is None else r}" for m, r in ranks.items())
        top_mode = "hybrid" if "hybrid" in reports else modes[-1]
        sep = msg("search.gold_separator")
        lines.append(msg("search.gold_miss", question=item.question, gold=sep.join(sorted(item.gold)), ranks=shown))
        lines.append(msg("search.gold_top3", mode=top_mode, top=sep.join(reports[top_mode].tops[i])))
    return "\n".join(lines) if lines else msg("search.gold_no_misses")
