"""Benchmark the knowledge graph: build time, and rule-query latency on rdflib vs pyoxigraph.

Prints figures; asserts nothing. Usage: python scripts/bench_graph.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from rdflib import Graph, Literal, URIRef

from kb.corpus import load_corpus
from kb.graph.api import PolicyQueries
from kb.graph.build import build_graph
from kb.graph.store import GraphStore, query_text
from kb.paths import build_dir

CASES = [("who", {"q": "护林员"}), ("departments_matching", {"q": "人社"}), ("facts", {}), ("clauses", {})]


def timed(call, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    documents = load_corpus()
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        _graph, report = build_graph(documents)
        builds.append(time.perf_counter() - start)
    print(
        f"build (extract + SHACL), best of 3: {min(builds):.2f} s; {report.triples} triples "
        f"(extracted {report.extracted_triples}, curated {report.curated_triples}, ontology {report.ontology_triples})"
    )
    start = time.perf_counter()
    store = GraphStore.open()
    print(f"load graph.ttl into pyoxigraph (with staleness check): {(time.perf_counter() - start) * 1000:.0f} ms")
    rdf = Graph().parse(build_dir() / "graph.ttl")
    print(f"{'query':<24}{'pyoxigraph p50/p95 ms':>24}{'rdflib p50/p95 ms':>22}")
    for name, bindings in CASES:
        ox = timed(lambda n=name, b=bindings: store.select(n, **b), args.repeat)
        init = {k: Literal(v) if not v.startswith("http") else URIRef(v) for k, v in bindings.items()}
        rd = timed(lambda n=name, b=init: list(rdf.query(query_text(n), initBindings=b)), max(3, args.repeat // 10))
        print(f"{name:<24}{ox[0]:>12.2f} / {ox[1]:<9.2f}{rd[0]:>11.1f} / {rd[1]:.1f}")
    policy = PolicyQueries(store)
    for label, call in [("who 护林员", lambda: policy.who("护林员")), ("duties 人社", lambda: policy.duties("人社")),
                        ("fact 拆旧", lambda: policy.facts("拆旧"))]:  # fmt: skip
        p50, p95 = timed(call, args.repeat)
        print(f"API {label:<20} p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
