"""Load benchmark of ``policykb serve`` (issue 14): simulated users asking through gradio_client on 127.0.0.1.

    python scripts/bench_load.py                      # both scenarios below, server started on a free port
    python scripts/bench_load.py --users 50 --questions 5 --think 2 5
    python scripts/bench_load.py --users 100 --questions 5 --think 0 0
    python scripts/bench_load.py --url http://127.0.0.1:7860/   # an already running server (loopback only)

Each user is a thread with its own ``gradio_client.Client`` (users spread over ``--processes`` client
processes, so that the client side is not the bottleneck); it asks ``--questions`` different questions
from tests/gold/ask_gold.yaml (``/ask``), waiting a random think time between them. Prints p50/p95/max
latency, errors (by kind) and answers/s. Bounded: users × questions requests and ``--deadline`` seconds.
It also checks what a request leaves behind: temporary folders per ``/duties`` call, and whether a bad
profile on ``/entitle`` puts a traceback or the resident's values into the server log.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "ask_gold.yaml"
SECRET = "resident-name-7731"  # a resident's value that must not appear in the server log


def questions() -> list[str]:
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    found = [item["q"] for key, items in data.items() if key != "followups" for item in items]
    return list(dict.fromkeys(found))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, concurrency: int | None, log: Path) -> subprocess.Popen:
    argv = ["serve", "--port", str(port)] + (["--concurrency", str(concurrency)] if concurrency else [])
    code = f"import sys; from kb.cli import main; sys.exit(main({argv!r}))"
    handle = log.open("w", encoding="utf-8")
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-c", code], stdout=handle, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 180
    while time.time() < deadline:
        if "ready" in log.read_text(encoding="utf-8", errors="replace"):
            return process
        if process.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text(encoding='utf-8', errors='replace')}")
        time.sleep(0.2)
    process.kill()
    raise SystemExit("server not ready after 180 s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def _users(url: str, indices: list[int], per_user: int, think: tuple[float, float], deadline: float, gate, out) -> None:
    """One client process: a thread per user, each with its own Client; results go to ``out``."""
    from gradio_client import Client

    pool = questions()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    clients = {i: Client(url, verbose=False) for i in indices}
    gate.wait()  # every process has its clients: start together
    stop_at = time.time() + deadline

    def user(index: int) -> None:
        rng = random.Random(index)
        for question in rng.sample(pool, per_user):
            if think[1] > 0:
                time.sleep(rng.uniform(*think))
            if time.time() > stop_at:
                with lock:
                    errors["deadline"] = errors.get("deadline", 0) + 1
                continue
            started = time.perf_counter()
            try:
                result = clients[index].predict(question, api_name="/ask")
                if not isinstance(result, dict) or "answer" not in result:
                    raise ValueError("no answer field")
            except Exception as exc:  # counted and reported, by kind
                with lock:
                    kind = f"{type(exc).__name__}: {str(exc)[:60]}"
                    errors[kind] = errors.get(kind, 0) + 1
                continue
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in indices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(1.0, stop_at - time.time() + 30))
    out.put((latencies, errors))


def run_scenario(
    url: str, users: int, per_user: int, think: tuple[float, float], deadline: float, processes: int
) -> dict:
    """``users`` simulated users spread over ``processes`` client processes (one Python process cannot
    drive 100 gradio_client users: its own overhead would be the bottleneck)."""
    context = multiprocessing.get_context("spawn")
    processes = max(1, min(processes, users))
    gate = context.Barrier(processes + 1)
    out = context.Queue()
    groups = [list(range(users))[k::processes] for k in range(processes)]
    workers = [
        context.Process(target=_users, args=(url, group, per_user, think, deadline, gate, out), daemon=True)
        for group in groups
    ]
    for worker in workers:
        worker.start()
    gate.wait(timeout=300)
    began = time.perf_counter()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    for _ in workers:
        got, errs = out.get(timeout=deadline + 120)
        latencies += got
        for kind, count in errs.items():
            errors[kind] = errors.get(kind, 0) + count
    wall = time.perf_counter() - began
    for worker in workers:
        worker.join(30)
    return {
        "users": users,
        "questions": per_user,
        "think": think,
        "answers": len(latencies),
        "errors": errors,
        "p50": median(latencies) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies) if latencies else float("nan"),
        "wall": wall,
        "rate": len(latencies) / wall if wall else 0.0,
    }


def leftovers_check(url: str, log: Path | None) -> list[str]:
    """Temporary folders per /duties call; a bad /entitle profile in the server log."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    lines = []
    temp = Path(tempfile.gettempdir())
    before = {p.name for p in temp.glob("policykb-duties-*")}
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    names = list(dict.fromkeys(lead for item in data["who"] for lead in item.get("leads", [])))[:4]
    for name in names * 5:
        with contextlib.suppress(Exception):  # a department the dropdown does not hold: still a request
            client.predict(name, api_name="/duties")
    after = {p.name for p in temp.glob("policykb-duties-*")}
    lines.append(f"/duties × {len(names) * 5}: new policykb-duties-* folders in {temp}: {len(after - before)}")
    try:
        client.predict({"members": [{"name": SECRET, "age": [1, 2]}]}, api_name="/entitle")
        lines.append("/entitle bad profile: accepted (unexpected)")
    except Exception as exc:
        lines.append(f"/entitle bad profile: refused to the caller ({type(exc).__name__})")
    if log is not None:
        time.sleep(0.5)
        text = log.read_text(encoding="utf-8", errors="replace")
        lines.append(f"server log: traceback={'Traceback' in text}, resident value={SECRET in text}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running server on 127.0.0.1 (default: start one)")
    parser.add_argument("--users", type=int, nargs="*", help="users per scenario (default: 50 then 100)")
    parser.add_argument("--questions", type=int, default=5, help="questions per user (default 5)")
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), help="think time in seconds")
    parser.add_argument("--concurrency", type=int, help="passed to policykb serve --concurrency")
    parser.add_argument("--deadline", type=float, default=300, help="seconds per scenario (default 300)")
    parser.add_argument("--processes", type=int, default=4, help="client processes sharing the users (default 4)")
    args = parser.parse_args()
    if args.url and not re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", args.url):
        raise SystemExit("loopback only: --url must be http://127.0.0.1:PORT/")
    scenarios = (
        [(u, tuple(args.think) if args.think else (0.0, 0.0)) for u in args.users]
        if args.users
        else [(50, (2.0, 5.0)), (100, (0.0, 0.0))]
    )
    process, log = None, None
    url = args.url
    if not url:
        port = free_port()
        log = Path(tempfile.mkstemp(prefix="policykb-bench-serve-", suffix=".log")[1])
        started = time.perf_counter()
        process = start_server(port, args.concurrency, log)
        url = f"http://127.0.0.1:{port}/"
        print(f"server ready in {time.perf_counter() - started:.1f}s ({os.cpu_count()} cores)")
    try:
        for users, think in scenarios:
            per_user = min(args.questions, len(questions()))
            r = run_scenario(url, users, per_user, think, args.deadline, args.processes)
            errors = sum(r["errors"].values())
            print(
                f"{r['users']} users × {r['questions']} questions, think {think[0]:g}–{think[1]:g} s: "
                f"{r['answers']} answers, {errors} errors, p50 {r['p50'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, "
                f"max {r['max'] * 1000:.0f} ms, {r['rate']:.1f} answers/s over {r['wall']:.1f} s"
            )
            for kind, count in r["errors"].items():
                print(f"    {count} × {kind}")
        for line in leftovers_check(url, log):
            print(line)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if log is not None:
            log.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
