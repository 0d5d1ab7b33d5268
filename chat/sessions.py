"""Cheap Gradio sessions: each block's config is computed when it is first read, not for every block when a
session starts.

Gradio 6.31 builds a ``SessionState`` for every new session hash (a browser tab, a ``gradio_client.Client``,
each call of the plain REST route ``/gradio_api/call/...``), and its constructor computes the config of every
block of the app (``config_for_block``: ``inspect.signature`` per block). This app has ~120 blocks (the
household form alone has 40 radio groups): about 90 ms per new session, spent on the server's event loop, so
a burst of new visitors stalls every other request (docs/benchmarks.md, Load). Those configs are read only to
build deep links and when an event updates a component; computing them on first read gives the same values.

``install()`` is applied only to the Gradio version it was written against (``pyproject.toml`` pins it) and
only when ``SessionState`` still looks as expected; otherwise Gradio is left as it is (slower, still right).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from copy import copy
from typing import Any

GRADIO_VERSION = "6.31.0"
_MARK = "_policykb_lazy_configs"


class LazyConfigs(dict):  # type: ignore[type-arg]
    """``config_values`` of a session: a block's config is computed by ``compute(id)`` on first read."""

    def __init__(self, ids: Iterable[int], compute: Callable[[int], dict[str, Any]]) -> None:
        super().__init__()
        self._order = list(ids)
        self._pending = dict.fromkeys(self._order)
        self._compute = compute

    def _fill(self) -> None:
        """Compute what is left, in Gradio's order (the blocks' order, then blocks added later)."""
        if not self._pending:
            return
        for key in list(self._pending):
            self.__getitem__(key)  # computes and stores it
        values = dict(super().items())
        super().clear()
        for key in self._order:
            super().__setitem__(key, values.pop(key))
        for key, value in values.items():
            super().__setitem__(key, value)

    def __missing__(self, key: int) -> dict[str, Any]:
        if key not in self._pending:
            raise KeyError(key)
        del self._pending[key]
        value = self._compute(key)
        super().__setitem__(key, value)
        return value

    def __setitem__(self, key: int, value: Any) -> None:
        self._pending.pop(key, None)
        super().__setitem__(key, value)

    def __contains__(self, key: object) -> bool:
        return key in self._pending or super().__contains__(key)

    def __len__(self) -> int:
        return super().__len__() + len(self._pending)

    def __iter__(self) -> Iterator[int]:
        self._fill()
        return super().__iter__()

    def get(self, key: int, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self):  # type: ignore[override]
        self._fill()
        return super().keys()

    def values(self):  # type: ignore[override]
        self._fill()
        return super().values()

    def items(self):  # type: ignore[override]
        self._fill()
        return super().items()

    def copy(self) -> dict[int, Any]:  # type: ignore[override]
        self._fill()
        return dict(super().items())

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]


def _lean_init(self: Any, blocks: Any) -> None:
    """``SessionState.__init__`` of Gradio 6.31.0 with ``config_values`` computed lazily."""
    self.blocks_config = copy(blocks.default_config)
    config = self.blocks_config
    ids = [k for k in config.blocks if k in blocks.blocks]
    self.config_values = LazyConfigs(ids, lambda k: config.config_for_block(k, [], config.blocks[k]))
    self.state_data = {}
    self._state_ttl = {}
    self.is_closed = False
    self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


def install() -> bool:
    """Make new Gradio sessions cheap (see the module); True when installed (or already)."""
    import gradio
    from gradio import state_holder

    cls = state_holder.SessionState
    if getattr(cls, _MARK, False):
        return True
    if gradio.__version__ != GRADIO_VERSION or not hasattr(cls, "_update_value_in_config"):
        return False
    cls.__init__ = _lean_init  # type: ignore[method-assign]
    setattr(cls, _MARK, True)
    return True
