"""Load benchmark of ``policykb serve`` (issue 14): simulated users asking through gradio_client on 127.0.0.1.

    python scripts/bench_load.py                      # both scenarios below, server started on a free port
    python scripts/bench_load.py --users 50 --questions 5 --think 2 5
    python scripts/bench_load.py --users 100 --questions 5 --think 0 0
    python scripts/bench_load.py --url http://127.0.0.1:7860/   # an already running server (loopback only)

Each user is a thread with its own session (users spread over ``--processes`` client processes); it asks
``--questions`` different questions (``/ask``) from the questions of tests/gold/ask/first.yaml and the dev set
tests/gold/ask/dev.yaml (never the held-out set), waiting a random think time between them. ``--client http``
(default) speaks Gradio's queue protocol as the browser does (POST ``queue/join``, then the ``queue/data``
event stream) over one keep-alive connection per user; ``--client gradio`` uses ``gradio_client.Client``,
which costs the client machine about 0.1 s of CPU per request (on a 2-core machine it competes with the
server). Prints p50/p95/max latency, errors (by kind), answers/s, how many questions the server had not
seen before, and the CPU seconds of the server and of the clients. Bounded: users × questions requests and
``--deadline`` seconds.
It also checks what a request leaves behind: temporary folders per ``/duties`` call, and whether a bad
profile on ``/entitle`` puts a traceback or the resident's values into the server log.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from statistics import median

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "gold" / "ask" / "dev.yaml"  # the dev set only: the held-out set is never read here
SECRET = "resident-name-7731"  # a resident's value that must not appear in the server log


def questions() -> list[str]:
    from kb.answer.cases import load_set

    found = [case.question for case in load_set("first").singles]
    found += [case["question"] for case in yaml.safe_load(DEV.read_text(encoding="utf-8"))]
    return list(dict.fromkeys(found))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class HttpUser:
    """One browser-like user: a session hash, one keep-alive connection, Gradio's queue protocol."""

    def __init__(self, url: str, fn_index: int, timeout: float = 60.0) -> None:
        import httpx

        self.base = url.rstrip("/") + "/gradio_api/queue/"
        self.fn_index = fn_index
        self.session = uuid.uuid4().hex[:11]
        self.http = httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0))

    def ask(self, question: str) -> dict:
        body = {"data": [question], "fn_index": self.fn_index, "session_hash": self.session, "event_data": None}
        joined = self.http.post(self.base + "join", json=body)
        joined.raise_for_status()
        event_id = joined.json()["event_id"]
        with self.http.stream("GET", self.base + "data", params={"session_hash": self.session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("event_id") != event_id or message.get("msg") != "process_completed":
                    continue
                if not message.get("success"):
                    raise RuntimeError(str(message.get("output"))[:60])
                return message["output"]["data"][0]
        raise RuntimeError("event stream closed without the answer")


def fn_index_of(url: str, api_name: str) -> int:
    import httpx

    config = httpx.get(url.rstrip("/") + "/config", timeout=30).json()
    return next(d["id"] for d in config["dependencies"] if d.get("api_name") == api_name)


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


def _users(
    url: str, indices: list[int], per_user: int, think: tuple[float, float], deadline: float, kind: str, gate, out
) -> None:
    """One client process: a thread per user, each with its own session; results go to ``out``."""
    pool = questions()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    if kind == "gradio":
        from gradio_client import Client

        clients = {i: Client(url, verbose=False) for i in indices}
        ask = {i: (lambda q, c=clients[i]: c.predict(q, api_name="/ask")) for i in indices}
    else:
        fn_index = fn_index_of(url, "ask")
        users = {i: HttpUser(url, fn_index) for i in indices}
        ask = {i: users[i].ask for i in indices}
    gate.wait()  # every process has its clients: start together
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
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
                result = ask[index](question)
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
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    asked = [q for i in indices for q in random.Random(i).sample(pool, per_user)]
    out.put((latencies, errors, cpu, asked))


def run_scenario(
    url: str,
    users: int,
    per_user: int,
    think: tuple[float, float],
    deadline: float,
    processes: int,
    kind: str = "http",
    server_pid: int | None = None,
    seen: set[str] | None = None,
) -> dict:
    """``users`` simulated users spread over ``processes`` client processes (one Python process cannot
    drive 100 gradio_client users: its own overhead would be the bottleneck)."""
    context = multiprocessing.get_context("spawn")
    processes = max(1, min(processes, users))
    gate = context.Barrier(processes + 1)
    out = context.Queue()
    groups = [list(range(users))[k::processes] for k in range(processes)]
    workers = [
        context.Process(target=_users, args=(url, group, per_user, think, deadline, kind, gate, out), daemon=True)
        for group in groups
    ]
    for worker in workers:
        worker.start()
    gate.wait(timeout=300)
    began = time.perf_counter()
    server_before = cpu_seconds(server_pid) if server_pid else None
    latencies: list[float] = []
    errors: dict[str, int] = {}
    client_cpu = 0.0
    asked: list[str] = []
    for _ in workers:
        got, errs, cpu, questions_asked = out.get(timeout=deadline + 120)
        latencies += got
        client_cpu += cpu
        asked += questions_asked
        for error, count in errs.items():
            errors[error] = errors.get(error, 0) + count
    wall = time.perf_counter() - began
    server_cpu = cpu_seconds(server_pid) - server_before if server_pid and server_before is not None else None
    seen = set() if seen is None else seen
    first = len(set(asked) - seen)
    seen.update(asked)
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
        "first": first,  # questions the server had not been asked before (the rest are answered from caches)
        "asked": len(asked),
        "client_cpu": client_cpu,
        "server_cpu": server_cpu,
    }


def leftovers_check(url: str, log: Path | None) -> list[str]:
    """Temporary folders per /duties call; a bad /entitle profile in the server log."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    lines = []
    temp = Path(tempfile.gettempdir())
    before = {p.name for p in temp.glob("policykb-duties-*")}
    from kb.answer.cases import load_set

    names = list(dict.fromkeys(lead for case in load_set("first").singles for lead in case.expect.leads))[:4]
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
    parser.add_argument(
        "--client", choices=("http", "gradio"), default="http", help="http: browser-like (default), or gradio_client"
    )
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
    print(f"client {args.client}, {len(questions())} questions in the pool, load average {os.getloadavg()[0]:.2f}")
    seen: set[str] = set()
    try:
        # one question first: the server answers HTTP before its model is loaded (serve warms up in the
        # background), and the scenarios measure a warm server
        warm = questions()[0]
        HttpUser(url, fn_index_of(url, "ask"), timeout=180).ask(warm)
        seen.add(warm)
        for users, think in scenarios:
            per_user = min(args.questions, len(questions()))
            server_pid = process.pid if process is not None else None
            r = run_scenario(url, users, per_user, think, args.deadline, args.processes, args.client, server_pid, seen)
            errors = sum(r["errors"].values())
            server = f"server {r['server_cpu']:.1f} s, " if r["server_cpu"] is not None else ""
            print(
                f"{r['users']} users × {r['questions']} questions, think {think[0]:g}–{think[1]:g} s: "
                f"{r['answers']} answers, {errors} errors, p50 {r['p50'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, "
                f"max {r['max'] * 1000:.0f} ms, {r['rate']:.1f} answers/s over {r['wall']:.1f} s; "
                f"{r['first']} of {r['asked']} questions new to the server; "
                f"CPU {server}clients {r['client_cpu']:.1f} s; "
                f"load average {os.getloadavg()[0]:.2f}"
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
