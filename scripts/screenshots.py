#!/usr/bin/env python
"""Regenerate the README's screenshots from the real app: docs/screenshot-chat.png (an official's desk,
1366×768) and docs/screenshot-phone.png (a resident's phone, 390×844), each after one question.

Debian's Chromium driven by Playwright's Python package, as the browser tests do (tests/chromium.py); needs a
built knowledge graph and search index (``policykb build``) and a CJK font (fonts-wqy-zenhei).

    python scripts/screenshots.py [--desk-question Q] [--phone-question Q] [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from chromium import CHROMIUM, CHROMIUM_ARGS, ask, serve  # type: ignore[import-not-found]  # noqa: E402

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DESK_QUESTION = "护林员搬迁后还能继续当吗？"  # a long answer with several cited clauses
PHONE_QUESTION = "安置房能不能租出去？"  # a resident's yes/no question


def shoot(browser: Any, url: str, viewport: dict[str, int], question: str, path: Path, top: bool) -> None:
    page = browser.new_page(viewport=viewport, locale="zh-CN")
    page.set_default_timeout(60_000)
    page.goto(url)
    page.locator("#qa-input textarea").wait_for()
    ask(page, question, settle_ms=800)
    if top:
        page.evaluate("window.scrollTo(0, 0)")  # typing scrolled the page down to the box
    page.screenshot(path=str(path))
    page.close()
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--desk-question", default=DESK_QUESTION)
    parser.add_argument("--phone-question", default=PHONE_QUESTION)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        cwd = Path(tmp) / "cwd"
        cwd.mkdir()
        with serve(cwd) as url:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            shoot(browser, url, DESK, args.desk_question, args.out / "screenshot-chat.png", top=True)
            shoot(browser, url, PHONE, args.phone_question, args.out / "screenshot-phone.png", top=False)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
