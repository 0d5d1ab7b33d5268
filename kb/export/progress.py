"""Progress on stderr for long exports: only when stderr is a terminal, or when asked (``--progress``)."""

from __future__ import annotations

import sys
from typing import TextIO

from kb.messages import msg


class Progress:
    def __init__(self, label: str, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._show()

    def step(self, what: str = "") -> None:
        self.done += 1
        self._show(what)

    def finish(self, what: str | None = None) -> None:
        if self.enabled:
            line = msg("export.progress_line", label=self.label, what=what or msg("export.progress_done"))
            print("\r" + line + " " * 20, file=self.stream, flush=True)

    def _show(self, what: str = "") -> None:
        if not self.enabled:
            return
        total = max(self.total, 1)
        width = 20
        filled = width * self.done // total
        bar = "█" * filled + "·" * (width - filled)
        print(f"\r{self.label} [{bar}] {self.done}/{self.total} {what[:20]}", end="", file=self.stream, flush=True)


class NullProgress(Progress):
    def __init__(self) -> None:
        super().__init__("", enabled=False)
