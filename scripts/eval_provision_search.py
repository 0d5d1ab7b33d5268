"""Clause search with clause passages versus provision passages (issue 10), in one run on the gold set
tests/gold/search_gold.yaml: clause-level recall@1, recall@3 and MRR, dev and held-out reported separately.
Each passage unit gets its own index in a temporary build folder; the vector cache of the real build is
copied in, so only texts never embedded before are embedded. Usage: python scripts/eval_provision_search.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.corpus import load_corpus  # noqa: E402
from kb.paths import build_dir  # noqa: E402
from kb.search import Searcher, build_index, make_embedder  # noqa: E402
from kb.search.evaluate import MODES, default_gold_path, evaluate, load_gold, subset  # noqa: E402
from kb.search.index_store import CACHE, index_dir  # noqa: E402
from kb.search.passages import UNITS  # noqa: E402
from kb.search.terms import graph_rows  # noqa: E402


def main() -> int:
    documents = load_corpus()
    embedder = make_embedder()
    gold = load_gold(default_gold_path(), documents)
    held = [q.held_out for q in gold]
    real_cache = index_dir(build_dir()) / CACHE
    print(f"gold: {len(gold)} questions ({sum(held)} held out); model {embedder.spec}")
    print(f"{'unit':<10}{'mode':<8}{'part':<9}{'R@1':>7}{'R@3':>7}{'MRR':>7}{'n':>5}")
    for unit in sys.argv[1:] or UNITS:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if real_cache.is_dir():
                shutil.copytree(real_cache, index_dir(folder) / CACHE)
            started = time.perf_counter()
            config = build_index(documents, folder, embedder, rows_provider=lambda: graph_rows(build_dir()), unit=unit)
            seconds = time.perf_counter() - started
            if real_cache.is_dir():  # keep new vectors for the next run
                shutil.copytree(index_dir(folder) / CACHE, real_cache, dirs_exist_ok=True)
            searcher = Searcher.open(folder, embedder, documents, auto_build=False, unit=unit)
            modes = {m: MODES[m] for m in ("dense", "hybrid")}
            if unit == "both":
                modes |= {"sentence": ("sentence",), "hyb+sent": ("dense", "bm25", "sentence")}
            reports = evaluate(searcher, gold, modes)
            for part, keep in (("dev", [not h for h in held]), ("held-out", held)):
                for mode, report in subset(reports, keep).items():
                    print(
                        f"{unit:<10}{mode:<8}{part:<9}{report.recall(1):>7.3f}{report.recall(3):>7.3f}"
                        f"{report.mrr:>7.3f}{len(report.ranks):>5}"
                    )
            print(f"  ({config['passages']} passages, {config['embedded']} newly embedded, index {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
