"""The one seeded random source. Every choice the generator makes comes from here, in order,
so the same seed and the same day give the same store."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Items with relative weights, drawn with one random number and a bisect."""

    def __init__(self, pairs: Sequence[tuple[T, float]]):
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cumulative[-1]


class Dice(random.Random):
    """random.Random with the draws the generator uses. `clock_ms` starts the uid clock."""

    clock_ms = 0

    def chance(self, p: float) -> bool:
        return self.random() < p

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def draw(self, table: Weighted[T]) -> T:
        return table.items[bisect.bisect_right(table.cumulative, self.random() * table.total)]

    def between(self, low: int, high: int) -> int:
        """An integer from low to high inclusive."""
        return low + int(self.random() * (high - low + 1))

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.between(0, (last - first).days))

    def uid(self) -> str:
        """A time-ordered UUID (version 7, RFC 9562) on a virtual clock that ticks once a call.

        Each table's uids then rise as rows are added, so the unique index on uid grows at
        its right-hand edge. Random uids scatter inserts across an index bigger than the page
        cache, and a 50,000-person build slows several-fold as it grows.
        """
        self.clock_ms += 1
        n = (self.clock_ms << 80) | (0x7 << 76) | (self.getrandbits(12) << 64) | (
            0b10 << 62) | self.getrandbits(62)
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
