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
import time
import urllib.request

from kb.messages import msg

ENV = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
CLI = [sys.executable, "-m", "kb.cli"]


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([*CLI, *args], env=ENV, capture_output=True, check=False)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_once(timeout: float = 180.0) -> tuple[float, float]:
    """Seconds until ``/`` answers 200, and until the model-ready line appears on stderr."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    http = None
    try:
        while http is None and time.perf_counter() - started < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200:
                        http = time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        assert proc.stderr is not None
        model = float("nan")
        ready = msg("cli.serve.model_ready", seconds=0.0).split("0")[0]
        for line in proc.stderr:  # the warm-up thread reports once, on stderr
            if line.startswith(ready):
                model = time.perf_counter() - started
                break
        return http if http is not None else float("nan"), model
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default="安置房可以卖吗？")
    args = parser.parse_args()
    rows = [
        ("policykb --help (imports only)", [timed(["--help"]) for _ in range(args.runs)]),
        ("policykb who 扶贫车间 (graph, no model)", [timed(["who", "扶贫车间"]) for _ in range(args.runs)]),
        (f"policykb ask {args.question} --json", [timed(["ask", args.question, "--json"]) for _ in range(args.runs)]),
    ]
    serves = [serve_once() for _ in range(args.runs)]
    rows.append(("policykb serve: HTTP 200 on /", [s[0] for s in serves]))
    rows.append(("policykb serve: model loaded (background)", [s[1] for s in serves]))
    print("| what | median s | min s | max s | runs |\n|---|---|---|---|---|")
    for name, values in rows:
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} | {len(values)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
