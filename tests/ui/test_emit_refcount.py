"""Signals must not eat references to True/False/None (PySide6 6.12.0 did, and Python 3.11
aborted after about a thousand emits, taking unsaved work with it)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Source(QObject):
    bare = Signal()
    flag = Signal(bool)
    anything = Signal(object)


def _singletons():
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


def test_emitting_keeps_singleton_references(qapp):
    source = _Source()
    seen = []
    source.anything.connect(lambda value: seen.append(value is None))
    before = _singletons()
    for _ in range(3000):
        source.bare.emit()
        source.flag.emit(True)
        source.anything.emit(None)
    after = _singletons()
    seen.clear()
    assert all(a >= b - 50 for a, b in zip(after, before, strict=True)), (before, after)


def test_worker_results_come_back_for_thousands_of_jobs(qtbot):
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    done = []
    for i in range(2000):
        runner.run(lambda i=i: None if i % 2 else True, done.append)
    qtbot.waitUntil(lambda: len(done) == 2000, timeout=30_000)
    assert done.count(None) == 1000 and done.count(True) == 1000
    runner.shutdown()
