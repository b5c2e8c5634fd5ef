"""Keeping the cycle collector's full passes out of the user's way.

Caseload rows are NamedTuples, which CPython never untracks (only exact tuples are), so with
50,000 of them a full collection walks them all: about 60 ms more per pass, on top of the
60 ms the app's own modules cost, at moments nobody chose (an occasional record open froze for
a quarter of a second). After each full caseload load everything alive is frozen, out of the
collector's sight. Objects frozen while alive are never collected if they later die in a
reference cycle (a closed record's widgets), so while the app is locked, when a pause cannot
be felt, the collector is shown everything again once, and what is still alive is frozen again.
"""

from __future__ import annotations

import gc


def settle_long_lived() -> None:
    """After a full caseload load: young garbage first, then freeze what is alive."""
    gc.collect(1)
    gc.freeze()


def tidy() -> None:
    """While locked: collect everything that died since the last freeze, then freeze again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
