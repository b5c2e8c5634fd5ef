"""Dialogs whose messages come and go: grow the window so a new message never squeezes the
text above it. (A shown window keeps its size; wrapped labels need their height for the
window's width, which only the layout's height-for-width knows.)"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


def grow_now(window: QWidget) -> None:
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = window.heightForWidth(window.width())
    if needed < 0:
        needed = window.sizeHint().height()
    if needed > window.height():
        window.resize(window.width(), needed)


def grow(window: QWidget) -> None:
    """After the layout has taken in what just changed."""
    QTimer.singleShot(0, window, lambda: grow_now(window))
