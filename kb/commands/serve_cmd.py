"""``policykb serve``: the Gradio app, offline, on 127.0.0.1 by default.

Start-up order (docs/benchmarks.md, issue 13): the port is checked first (a busy port names ``--port``), the
graph is opened, the app starts answering HTTP, and the embedding model and jieba load in a background thread;
a question asked before they are ready waits for them (AskService holds the lock while the searcher loads).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import threading
import time

from kb.cli import EXIT_OK, UserError
from kb.messages import msg

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7860
# Requests run concurrently (the answering service is thread-safe; the embedder serialises its own calls):
# two per core keeps the cores busy while a request waits on I/O. The queue holds this many waiting UI
# events before Gradio would refuse one (scripts/bench_load.py: 100 users at once never reach it).
DEFAULT_CONCURRENCY = 2 * (os.cpu_count() or 2)
QUEUE_SIZE = 2048
# Waiting callers are told their place in the queue once a second. Gradio's default ("auto") tells every
# waiting caller again each time a job starts: with n waiting, n² messages (500 at once: 125,000).
STATUS_EVERY = 1.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help=msg("cli.serve.help"), description=msg("cli.serve.description"))
    parser.add_argument("--host", default=DEFAULT_HOST, help=msg("cli.serve.host", default=DEFAULT_HOST))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=msg("cli.serve.port", default=DEFAULT_PORT))
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=msg("cli.serve.concurrency", default=DEFAULT_CONCURRENCY),
    )
    parser.set_defaults(func=run)


def check_port(host: str, port: int) -> None:
    """Refuse a busy or invalid port before anything is loaded, naming the option that changes it."""
    if not 0 < port < 65536:
        raise UserError(msg("cli.serve.bad_port", port=port))
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the web server does
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserError(msg("cli.serve.port_busy", host=host, port=port, error=exc.strerror)) from exc


def run(args: argparse.Namespace) -> int:
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    check_port(args.host, args.port)
    from kb.commands.ask_cmd import open_service
    from kb.commands.common import print_rebuild

    service = open_service()
    from chat.app import build_app, launch_options

    app = build_app(service)
    app.queue(default_concurrency_limit=max(1, args.concurrency), max_size=QUEUE_SIZE, status_update_rate=STATUS_EVERY)
    try:
        app.launch(
            server_name=args.host,
            server_port=args.port,
            share=False,
            prevent_thread_lock=True,
            quiet=True,
            footer_links=["api"],
            ssr_mode=False,
            pwa=False,
            mcp_server=False,
            **launch_options(service.lexicon.documents),
        )
    except OSError as exc:
        raise UserError(msg("cli.serve.port_busy", host=args.host, port=args.port, error=exc)) from exc
    print(
        msg("cli.serve.ready", url=f"http://{args.host}:{args.port}/", seconds=time.perf_counter() - started),
        flush=True,
    )
    threading.Thread(target=_warm_up, args=(service, started, print_rebuild), daemon=True).start()
    signal.signal(signal.SIGTERM, _stop)  # a service manager's stop ends like Ctrl-C: exit hooks clean up
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        app.close()
    print(msg("cli.serve.stopped"), file=sys.stderr)
    return EXIT_OK


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _warm_up(service, started: float, report) -> None:
    """Load the model and jieba now rather than on the first question; a failure is reported, not fatal."""
    try:
        service.warm_up()
    except Exception as exc:  # the first question will report it again, in its own words
        report(msg("cli.serve.warm_up_failed", error=exc))
        return
    report(msg("cli.serve.model_ready", seconds=time.perf_counter() - started))
