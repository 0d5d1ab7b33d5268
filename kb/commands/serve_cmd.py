"""``policykb serve``: the Gradio app (问答, 我家能享受什么, 部门职责, 原文), offline, on 127.0.0.1 by default."""

from __future__ import annotations

import argparse
import os
import sys
import time

from kb.cli import EXIT_OK, UserError

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7860
# Requests run concurrently (the answering service is thread-safe; the embedder serialises its own calls):
# two per core keeps the cores busy while a request waits on I/O. The queue holds this many waiting UI
# events before Gradio would refuse one (scripts/bench_load.py: 100 users at once never reach it).
DEFAULT_CONCURRENCY = 2 * (os.cpu_count() or 2)
QUEUE_SIZE = 2048


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="启动问答网页（Gradio，离线，默认只监听本机）",
        description="启动网页版问答：问答、我家能享受什么、部门职责、原文。"
        "默认只在 127.0.0.1 上监听，不生成公网分享链接，不发送使用统计，不保存用户输入。",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"监听地址（默认 {DEFAULT_HOST}；0.0.0.0 表示所有网卡）")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"同时处理的请求数，其余排队（默认 {DEFAULT_CONCURRENCY}）",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    if not 0 < args.port < 65536:
        raise UserError(f"端口无效：{args.port}")
    from kb.answer import AskService
    from kb.graph.store import StoreError
    from kb.search import SearchError

    try:
        service = AskService.open()
        service.warm_up()
    except (StoreError, SearchError) as exc:
        raise UserError(str(exc)) from exc
    from chat.app import build_app
    from chat.render import CSS

    app = build_app(service)
    app.queue(default_concurrency_limit=max(1, args.concurrency), max_size=QUEUE_SIZE)
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
            css=CSS,
        )
    except OSError as exc:
        raise UserError(f"无法在 {args.host}:{args.port} 启动：{exc}") from exc
    print(f"policykb serve ready: http://{args.host}:{args.port}/ ({time.perf_counter() - started:.1f}s)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        app.close()
    print("stopped", file=sys.stderr)
    return EXIT_OK
