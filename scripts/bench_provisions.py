"""Provision figures (docs/benchmarks.md, section Provisions): modality accuracy, actor and target-group
recall on the hand-labelled sample tests/gold/provisions_gold.yaml, losslessness on every clause, and the
time of a graph build. Usage: python scripts/bench_provisions.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.graph.build import build_graph  # noqa: E402
from kb.graph.store import GraphStore  # noqa: E402
from kb.model import Repository  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "provisions_gold.yaml"
HELDOUT = ROOT / "tests" / "gold" / "provisions_heldout.yaml"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="print every disagreement with the gold labels")
    args = parser.parse_args()
    started = time.perf_counter()
    graph, report = build_graph()
    build_seconds = time.perf_counter() - started
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    repo = Repository(GraphStore(store=store))
    provisions = {(p.doc, p.clause, p.index): p for p in repo.provisions()}
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    right = actor_hits = actor_total = target_hits = target_total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for row in gold:
        found = provisions[(row["doc"], row["clause"], row["index"])]
        assert found.text == row["text"], (row["clause"], row["index"])
        confusion[(row["modality"], found.modality)] += 1
        right += found.modality == row["modality"]
        names = {a.name for a in found.actors}
        targets = set(found.targets)
        actor_total += len(row["actors"])
        actor_hits += sum(name in names for name in row["actors"])
        target_total += len(row["targets"])
        target_hits += sum(t in targets for t in row["targets"])
        if args.errors and (
            found.modality != row["modality"] or not set(row["actors"]) <= names or not set(row["targets"]) <= targets
        ):
            print(f"{row['clause']} {row['index']}: gold {row['modality']} {row['actors']} {row['targets']}")
            print(f"   got {found.modality} ({found.cue}) {sorted(names)} {sorted(targets)}  {found.text[:50]}")
    heldout = yaml.safe_load(HELDOUT.read_text(encoding="utf-8")) if HELDOUT.is_file() else []
    held_right = 0
    for row in heldout:
        found = provisions[(row["doc"], row["clause"], row["index"])]
        assert found.text == row["text"], (row["clause"], row["index"])
        held_right += found.modality == row["modality"]
        if args.errors and found.modality != row["modality"]:
            print(f"held-out {row['clause']} {row['index']}: gold {row['modality']} got {found.modality} ({found.cue})")
    clauses = repo.clauses()
    lossless = sum("".join(p.text for p in repo.provisions(clause=c)) == c.text for c in clauses)
    print(f"gold provisions: {len(gold)}")
    print(f"modality accuracy: {right}/{len(gold)} = {right / len(gold):.3f}")
    print(f"actor recall: {actor_hits}/{actor_total} = {actor_hits / actor_total:.3f}")
    print(f"target-group recall: {target_hits}/{target_total} = {target_hits / target_total:.3f}")
    if heldout:
        print(f"held-out modality accuracy: {held_right}/{len(heldout)} = {held_right / len(heldout):.3f}")
    print(f"lossless clauses: {lossless}/{len(clauses)}; provisions in the graph: {len(provisions)}")
    print(f"modalities (all provisions): {dict(Counter(p.modality for p in provisions.values()).most_common())}")
    print(f"graph build (extraction + SHACL, in memory): {build_seconds:.2f} s, {report.triples} triples")
    wrong = {k: v for k, v in confusion.items() if k[0] != k[1]}
    print(f"confusions (gold, predicted): {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
