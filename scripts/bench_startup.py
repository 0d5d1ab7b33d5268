"""Start-up figures (issue 13): how long a one-off ``policykb ask`` takes, and how soon ``policykb serve``
answers HTTP and has its model loaded. Wall-clock times of real subprocesses (time.perf_counter), median of
``--runs``. Prints a Markdown table; nothing is asserted.

    python scripts/bench_startup.py [--runs 3] [--question 安置房可以卖吗？]

Needs a build (``policykb build``); uses ``POLICYKB_BUILD`` like every command.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from kb.messages import msg

ENV = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
CLI = [sys.executable, "-m", "kb.cli"]
CWD = tempfile.mkdtemp(prefix="policykb-bench-")  # an empty folder: ``-m`` puts the working folder first on sys.path


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([*CLI, *args], env=ENV, cwd=CWD, capture_output=True, check=False)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_once(timeout: float = 180.0) -> tuple[float, float]:
    """Seconds until ``/`` answers 200, and until the model-ready line appears on stderr (nan without one)."""
    port = free_port()
    ready = msg("cli.serve.model_ready", seconds=0.0).split("0")[0]
    model_ready = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        env=ENV,
        cwd=CWD,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    times: dict[str, float] = {}

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:  # the warm-up thread reports once, on stderr
            if line.startswith(ready) and "model" not in times:
                times["model"] = time.perf_counter() - started
                model_ready.set()

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        while "http" not in times and time.perf_counter() - started < timeout and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200:
                        times["http"] = time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        model_ready.wait(timeout=max(0.0, timeout - (time.perf_counter() - started)) if "http" in times else 0)
        return times.get("http", float("nan")), times.get("model", float("nan"))
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default="安置房可以卖吗？")
    parser.add_argument("--code", help="run the CLI from this source tree (PYTHONPATH), e.g. an older checkout")
    parser.add_argument("--model-wait", type=float, default=60.0, help="seconds to wait for the model-ready line")
    args = parser.parse_args()
    if args.code:
        ENV["PYTHONPATH"] = args.code
    rows = [
        ("policykb --help (imports only)", [timed(["--help"]) for _ in range(args.runs)]),
        ("policykb who 扶贫车间 (graph, no model)", [timed(["who", "扶贫车间"]) for _ in range(args.runs)]),
        (f"policykb ask {args.question} --json", [timed(["ask", args.question, "--json"]) for _ in range(args.runs)]),
    ]
    serves = [serve_once(args.model_wait) for _ in range(args.runs)]
    rows.append(("policykb serve: HTTP 200 on /", [s[0] for s in serves]))
    rows.append(("policykb serve: model loaded (background)", [s[1] for s in serves]))
    print("| what | median s | min s | max s | runs |\n|---|---|---|---|---|")
    for name, values in rows:
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} | {len(values)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
