"""Timing helpers: several runs, median and spread, and child processes for cold starts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    budget_ms: float | None
    runs_ms: tuple[float, ...]
    unit: str = "ms"
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def spread(self) -> float:
        return max(self.runs_ms) - min(self.runs_ms) if len(self.runs_ms) > 1 else 0.0

    @property
    def verdict(self) -> str:
        if self.budget_ms is None:
            return "-"
        return "pass" if self.median <= self.budget_ms else "OVER"


def time_runs(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> tuple[float, ...]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return tuple(out)
