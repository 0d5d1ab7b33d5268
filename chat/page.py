"""The page around the app: ``<html lang="zh-CN">``, a Chinese title and link preview, Gradio's own texts
in Chinese, and the small script of ``chat/assets/app.js``.

Gradio 6.31 serves a fixed ``index.html`` (``lang="en"``, ``og:title`` "Gradio", a preview image on
github.com) that no launch option changes, so a small ASGI middleware rewrites that one page as it is
sent. Gradio's front end picks its language from the browser; the page is Chinese whatever the browser
says, so the same middleware pins ``navigator.language`` to zh-CN before Gradio starts, and ``gr.I18n``
adds the keys Gradio's zh-CN translation lacks (``common.complete``). Labels Gradio writes in English
without an i18n key (the chat's copy buttons, "bot's message: …" with the message's HTML) are relabelled
by app.js from ``app.aria`` in the catalogue.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from chat.texts import joined, msg, table

JS_PATH = Path(__file__).with_name("assets") / "app.js"
LANG = "zh-CN"
# The preview tags of Gradio's template (og:*, twitter:*), replaced by the app's own.
PREVIEW_META = re.compile(r'<meta\s+(?:property|name)="(?:og|twitter):[^"]*"\s+content="[^"]*"\s*/?>\s*', re.S)
PIN_LOCALE = (
    "<script>(function(){try{"
    "Object.defineProperty(Navigator.prototype,'language',{get:function(){return %(lang)s;}});"
    "Object.defineProperty(Navigator.prototype,'languages',{get:function(){return [%(lang)s];}});"
    "}catch(e){}})();</script>"
)


def page_title() -> str:
    return msg("app.title")


def page_description(documents: list[dict[str, Any]]) -> str:
    docs = joined(msg("app.doc_item", doc=d["doc"], title=d["title"]) for d in documents)
    return msg("app.description", count=len(documents), docs=docs)


def head_html(documents: list[dict[str, Any]]) -> str:
    """What goes first into <head>: the locale pin, title, description, link preview, the app's script."""
    title, description = html.escape(page_title()), html.escape(page_description(documents))
    labels = {"exact": table("app.aria.exact"), "prefix": table("app.aria.prefix")}
    script = JS_PATH.read_text(encoding="utf-8")
    return "".join(
        [
            PIN_LOCALE % {"lang": json.dumps(LANG)},
            f"<title>{title}</title>",
            f'<meta name="description" content="{description}" />',
            f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:description" content="{description}" />',
            '<meta property="og:type" content="website" />',
            f'<meta property="og:locale" content="{LANG.replace("-", "_")}" />',
            '<meta name="twitter:card" content="summary" />',
            f'<meta name="twitter:title" content="{title}" />',
            f'<meta name="twitter:description" content="{description}" />',
            f"<script>window.policykbText = {json.dumps(labels, ensure_ascii=False)};</script>",
            f"<script>{script}</script>",
        ]
    )


def rewrite_page(page: str, head: str) -> str:
    """Gradio's index page with lang="zh-CN", without its own preview tags, with ``head`` first in <head>."""
    page = re.sub(r'<html(\s[^>]*?)?\slang="[^"]*"', lambda m: f'<html{m.group(1) or ""} lang="{LANG}"', page, count=1)
    page = PREVIEW_META.sub("", page)
    return page.replace("<head>", "<head>" + head, 1)


Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class PageMiddleware:
    """ASGI middleware: rewrites the HTML page Gradio serves at the app's root (GET /), nothing else."""

    def __init__(self, app: Callable[..., Awaitable[None]], head: str) -> None:
        self.app = app
        self.head = head

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or scope.get("method") != "GET" or scope.get("path", "") not in ("", "/"):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffered(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            headers = [(k, v) for k, v in start.get("headers", [])]
            kinds = {k.lower(): v for k, v in headers}
            body = b"".join(chunks)
            if kinds.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in kinds:
                body = rewrite_page(body.decode("utf-8"), self.head).encode("utf-8")
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode("ascii")))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)


def launch_options(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Keyword arguments for ``Blocks.launch``: the CSS, Gradio's i18n, the page middleware."""
    import gradio as gr
    from starlette.middleware import Middleware

    from chat.render import css

    return {
        "css": css(),
        "i18n": gr.I18n(**{LANG: table("app.i18n"), "zh": table("app.i18n")}),
        "app_kwargs": {"middleware": [Middleware(PageMiddleware, head=head_html(documents))]},
    }
