"""A plain progress bar on stderr for long headless commands."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, stream: TextIO, width: int = 30):
        self.label, self.stream, self.width = label, stream, width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._last = -1.0
        self._last_at = 0.0

    def update(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        now = time.monotonic()
        if self.tty:
            filled = int(share * self.width)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
                              f"{share:4.0%}")
            self.stream.flush()
        elif share - self._last >= 0.25 or (now - self._last_at > 10 and share > self._last):
            self.stream.write(f"{self.label}: {share:.0%}\n")
            self._last, self._last_at = share, now

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
