"""Freezing the long-lived objects after a caseload load, and tidying up while locked."""

import gc
import weakref

from ui.memory import settle_long_lived, tidy


class _Node:
    pass


def test_what_dies_in_a_cycle_after_being_frozen_is_collected_by_the_tidy_while_locked():
    node = _Node()
    node.me = node  # a reference cycle: only the cycle collector can free it
    alive = weakref.ref(node)
    try:
        settle_long_lived()
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert alive() is not None, "frozen, so out of the collector's sight"
        tidy()
        assert alive() is None
        assert gc.get_freeze_count() > 0, "what is still alive is frozen again"
    finally:
        gc.unfreeze()
