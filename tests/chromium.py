"""Debian's Chromium for the browser tests, launched by Playwright's Python package (never `playwright install`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"  # screenshots, kept by CI as test artefacts
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def yes_words() -> tuple[str, ...]:
    """How a yes answer starts, from the message catalogue: 可以 (may) or 是的 (keep: 护林员身份还保留吗？)."""
    from kb.messages import msg

    return (msg("answer.polarity.may_yes").rstrip("。"), msg("answer.polarity_word.keep_yes"))
# Without the background-networking flags Chromium keeps calling hosts this offline machine cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


READY_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(cwd: Path) -> Iterator[str]:
    """A real ``policykb serve`` on 127.0.0.1 and a free port, run from ``cwd``; yields its URL."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    log = cwd.parent / f"serve-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "serve", "--port", str(port)], cwd=cwd, env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + READY_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"policykb serve exited: {log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"policykb serve not ready after {READY_TIMEOUT}s: {log.read_text()}") from None
                time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def ask(page: Any, question: str, settle_ms: int = 500) -> Any:
    """Type ``question`` into the chat, wait for its answer and return the answer's element (app.js scrolls to
    the answer's first line on the next frame: ``settle_ms`` lets it)."""
    before = page.locator("#qa-chat .answer-text").count()
    box = page.locator("#qa-input textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#qa-chat .answer-text').length > {before}")
    page.wait_for_timeout(settle_ms)
    return page.locator("#qa-chat .answer-text").last
