"""Concurrent embedding requests share engine calls (micro-batching without a waiting time).

A web server embeds one question per request, from several threads. The engine runs one call at a time, so
while one call runs the others used to queue for the lock and then ran one by one. Here a caller that finds
the engine busy leaves its texts in a queue; the next caller to get the engine embeds everything queued in
one batch (one pass over the weights for all of them) and hands every caller its own rows. Nobody waits
for a batch to fill: alone, a request is embedded at once, as before. The engine gives the same vector for a
text whether it is alone or in a batch (each text attends only to its own tokens; tests check it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

MAX_BATCH = 16  # texts per engine call (the passage path uses 16 too)


class _Request:
    __slots__ = ("error", "texts", "vectors")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vectors: np.ndarray | None = None
        self.error: BaseException | None = None


class Batcher:
    """``embed(texts)`` for many threads; ``encode(texts)`` (one engine call) runs in one thread at a time."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], max_batch: int = MAX_BATCH) -> None:
        self._encode = encode
        self._max = max(1, max_batch)
        self._cond = threading.Condition()
        self._queue: list[_Request] = []
        self._busy = False
        self.calls = 0  # engine calls made (tests and benchmarks read it)
        self.texts = 0  # texts embedded

    def embed(self, texts: list[str]) -> np.ndarray:
        request = _Request(texts)
        with self._cond:
            self._queue.append(request)
            while request.vectors is None and request.error is None:
                if self._busy:
                    self._cond.wait()
                    continue
                batch = self._take()
                self._busy = True
                self._cond.release()
                try:
                    self._run(batch)
                finally:
                    self._cond.acquire()
                    self._busy = False
                    self._cond.notify_all()
        if request.error is not None:
            raise request.error
        assert request.vectors is not None
        return request.vectors

    def _take(self) -> list[_Request]:
        """Queued requests, oldest first, up to ``max_batch`` texts (at least one request)."""
        batch: list[_Request] = []
        size = 0
        while self._queue and (not batch or size + len(self._queue[0].texts) <= self._max):
            request = self._queue.pop(0)
            batch.append(request)
            size += len(request.texts)
        return batch

    def _run(self, batch: list[_Request]) -> None:
        texts = [t for r in batch for t in r.texts]
        try:
            vectors = self._encode(texts)
        except BaseException as exc:  # every caller of the batch gets the error
            for r in batch:
                r.error = exc
            return
        self.calls += 1
        self.texts += len(texts)
        start = 0
        for r in batch:
            r.vectors = vectors[start : start + len(r.texts)]
            start += len(r.texts)
