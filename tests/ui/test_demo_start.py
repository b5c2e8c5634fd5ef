"""The demo flow skips the sign-in screen, so it shows the store's opening warnings itself."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.app import CareCoordApp


def test_a_demo_store_opened_with_warnings_shows_them_before_the_main_window(
        qtbot, tmp_path, settings):
    app = CareCoordApp(tmp_path, demo=True, settings=settings, quit=lambda: None)
    opened = []
    app.open_main = lambda store, actor: opened.append((store, actor))
    store = SimpleNamespace(warnings=("The store was not closed properly last time.",))
    app._demo_opened(store, "actor")
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    box = QApplication.activeModalWidget()
    assert box.objectName() == "openingWarnings"
    assert "not closed properly" in box.informativeText()
    assert opened == [], "the main window waits until the warning is read"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened == [(store, "actor")], timeout=5_000)
    app.shutdown()


def test_a_demo_store_with_nothing_to_say_opens_straight_away(tmp_path, settings):
    app = CareCoordApp(tmp_path, demo=True, settings=settings, quit=lambda: None)
    opened = []
    app.open_main = lambda store, actor: opened.append(actor)
    app._demo_opened(SimpleNamespace(warnings=()), "actor")
    assert opened == ["actor"]
    app.shutdown()
