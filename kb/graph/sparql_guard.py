"""SPARQL safety: what a query may do, decided from its text before anything runs, and a time limit.

- ``SERVICE`` (federated queries: the engine would send HTTP requests to any server named) is refused;
- updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``)
  are refused with a clear error, in local and endpoint mode alike;
- ``run_with_timeout`` gives every query a time limit (``POLICYKB_QUERY_TIMEOUT`` seconds, default 5):
  pyoxigraph releases the GIL while it evaluates, so the query runs in a worker thread that stops pulling
  rows and is abandoned (and the caller told) when the limit passes.
"""

from __future__ import annotations

import os
import re
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

from kb.messages import msg

MAX_ROWS = 200_000  # rows held in memory (~250 MB of Python values at 9 columns); POLICYKB_QUERY_MAX_ROWS
DEFAULT_TIMEOUT = 5.0  # seconds; the slowest named query takes ~20 ms on the bundled graph (docs/benchmarks.md)
_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*',
    re.DOTALL,
)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_SERVICE = re.compile(r"(?<![\w?$:/#.\-])SERVICE(?![\w:\-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.\-]*:\s*|BASE\s*)<[^>]*>\s*)*", re.IGNORECASE)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)

T = TypeVar("T")


class QueryRefused(Exception):
    """The query would reach outside the graph or change it; nothing was run."""


class QueryTimeout(Exception):
    """The query ran past the time limit and was abandoned."""


def query_timeout() -> float:
    try:
        value = float(os.environ.get("POLICYKB_QUERY_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def max_rows() -> int:
    try:
        value = int(os.environ.get("POLICYKB_QUERY_MAX_ROWS", MAX_ROWS))
    except ValueError:
        return MAX_ROWS
    return value if value > 0 else MAX_ROWS


def _code(sparql: str) -> str:
    """The query text without strings and comments (their content is data, not keywords)."""
    return _STRINGS_AND_COMMENTS.sub(" ", sparql)


def is_update(sparql: str) -> bool:
    code = _code(sparql)
    rest = code[_PROLOGUE.match(code).end() :]  # type: ignore[union-attr]
    return bool(_UPDATE.match(rest))


def check_query(sparql: str) -> None:
    """Refuse, before anything runs, a query that is an update or uses ``SERVICE``."""
    if not isinstance(sparql, str):
        raise QueryRefused(msg("errors.store.bad_query", reason=type(sparql).__name__))
    if is_update(sparql):
        raise QueryRefused(msg("errors.store.update_refused"))
    if _SERVICE.search(_IRI.sub(" ", _code(sparql))) or _SERVICE.search(_code(sparql)):
        raise QueryRefused(msg("errors.store.service_refused"))


def run_with_timeout(work: Callable[[threading.Event], T], timeout: float | None = None) -> T:
    """``work(cancelled)`` in a worker thread, waited for at most ``timeout`` seconds (QueryTimeout after).
    ``cancelled`` is set on timeout: ``work`` stops pulling result rows, which stops the engine (results are
    lazy). An aggregate over a huge join is computed before its first row and runs to its end in the
    abandoned thread: a process-level limit (the CLI exits) bounds it."""
    limit = timeout if timeout is not None else query_timeout()
    outcome: dict[str, object] = {}
    cancelled = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = work(cancelled)
        except BaseException as exc:  # handed to the caller's thread below
            # the traceback's frames would keep the worker's locals alive (a pyoxigraph result cannot be
            # dropped on another thread: it would leak with "unsendable" warnings): free them here, in the worker
            traceback.clear_frames(exc.__traceback__)
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="policykb-query", daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        cancelled.set()
        raise QueryTimeout(msg("errors.store.timeout", seconds=f"{limit:g}"))
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
