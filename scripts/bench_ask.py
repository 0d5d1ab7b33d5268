#!/usr/bin/env python
"""Benchmark of `policykb ask` and `policykb serve` (docs/benchmarks.md, sections Q&A and Answers (issue 11)).

Measures warm `ask` latency (p50/p95/max, perf_counter) on the dev question set tests/gold/ask/dev.yaml: the
first ask of every question (the query is embedded) and repeated asks (the searcher caches query vectors).
Measures, on the first gold set (tests/gold/ask/first.yaml + first-dialogues.yaml, `--set first`): the pass
rate (overall and per category, kb/answer/case_report.py); warm `ask` latency (p50/p95/max) for the first ask of
every question and for repeated asks (whose query vectors the searcher caches); for `policykb serve`: the time until it
answers HTTP, and its resident memory after the gold questions were asked through `/ask`.

    python scripts/bench_ask.py [--passes 5] [--no-serve]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.answer import AskService  # noqa: E402
from kb.answer.case_report import aggregate  # noqa: E402
from kb.answer.case_scoring import Score, run_set  # noqa: E402
from kb.answer.cases import load_set  # noqa: E402

DEV = ROOT / "tests" / "gold" / "ask" / "dev.yaml"


def bench_dev(service: AskService, passes: int) -> dict[str, dict[str, float]]:
    """Latency of every dev-set question: asked once, then ``passes`` more times."""
    import yaml

    questions = [str(case["question"]) for case in yaml.safe_load(DEV.read_text(encoding="utf-8"))]
    timings: list[list[float]] = []
    for _ in range(passes + 1):
        run = []
        for question in questions:
            started = time.perf_counter()
            service.ask(question)
            run.append(time.perf_counter() - started)
        timings.append(run)
    return {"first_ask": latency(timings[0]), "repeated": latency([t for run in timings[1:] for t in run])}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values) * 1000, 1),
        "p95": round(percentile(values, 0.95) * 1000, 1),
        "max": round(max(values) * 1000, 1),
        "n": len(values),
    }


def timed_run(service: AskService) -> tuple[list[Score], list[float], list[str]]:
    """The first gold set asked once: its scores, each ask's seconds and the questions, in order."""
    seconds: list[float] = []
    questions: list[str] = []

    def ask(question: str, previous: Any) -> Any:
        started = time.perf_counter()
        answer = service.ask(question, previous)
        seconds.append(time.perf_counter() - started)
        questions.append(question)
        return answer

    scores, _ = run_set(ask, load_set("first"))
    return scores, seconds, questions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def bench_serve(questions: list[str]) -> dict[str, float]:
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            if proc.poll() is not None:
                raise RuntimeError("policykb serve exited")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - started
        from gradio_client import Client

        client = Client(url, verbose=False)
        for question in questions:
            client.predict(question, api_name="/ask")
        return {"ready_s": ready, "rss_mb": rss_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--no-serve", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    service = AskService.open()
    service.warm_up()
    load_s = time.perf_counter() - started
    scores, first, questions = timed_run(service)  # pass 0: accuracy; every question asked once (the searcher
    repeated: list[float] = []  # caches query vectors: later passes are repeated asks)
    for _ in range(args.passes):
        repeated += timed_run(service)[1]
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "dev_latency_ms": bench_dev(service, args.passes) if DEV.exists() else None,
        "questions": len(scores),
        "load_s": round(load_s, 2),
        "accuracy": aggregate(scores),
        "latency_ms_first_ask": latency(first),
        "latency_ms_repeated": latency(repeated),
        "failures": [
            {"id": s.case.id, "q": s.case.question, "problems": list(s.failures)} for s in scores if not s.passed
        ],
    }
    if not args.no_serve:
        result["serve"] = {k: round(v, 2) for k, v in bench_serve(questions).items()}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
