"""Save as you type: a short pause, leaving a field, or closing all write the change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from carecoord.domain.errors import CareCoordError
from ui.record import forms

DELAY_MS = 800


class Autosaver(QObject):
    """Calls `save` after a pause in typing. A failed save keeps the text and says why."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, save: Callable[[], object], parent: QObject | None = None,
                 delay_ms: int = DELAY_MS):
        super().__init__(parent)
        self._save = save
        self.dirty = False
        self.problem: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            if isinstance(w, QLineEdit):
                w.textEdited.connect(self.touch)
            elif isinstance(w, QPlainTextEdit):
                w.textChanged.connect(self.touch)
            elif isinstance(w, QComboBox):
                w.activated.connect(self.touch)
            elif isinstance(w, QCheckBox):
                w.clicked.connect(self.touch)
            elif isinstance(w, QSpinBox):
                w.valueChanged.connect(self.touch)
            w.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.FocusOut and self.dirty:
            # Leaving a field saves it at once; the timer is for pauses in typing.
            # With a context object, so a record closed in the meantime cancels the call.
            QTimer.singleShot(0, self, self.flush)
        return False

    def touch(self, *_args) -> None:
        self.dirty = True
        self._timer.start()

    def flush(self) -> bool:
        """Save now if anything changed. True when nothing is left unsaved."""
        self._timer.stop()
        if not self.dirty:
            return True
        try:
            self._save()
        except CareCoordError as exc:
            self.problem = str(exc)
            self.failed.emit(self.problem)
            return False
        self.dirty = False
        self.problem = None
        self.saved.emit(f"Saved at {dt.datetime.now():%H:%M}")
        return True


class SaveStatus(QLabel):
    """'Saved at 14:03', or 'Not saved: …' in red with the reason."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Save status")
        self.setWordWrap(True)
        self.show_idle()
        self.hide()  # until it has something to say

    def show_idle(self, text: str = "") -> None:
        self._say(text)
        forms.colour_text(self, forms.GREY_FG, bold=False)

    def show_saved(self, text: str) -> None:
        self._say(f"✓ {text}")
        forms.colour_text(self, forms.GREEN_FG, bold=True)

    def show_failed(self, message: str) -> None:
        self._say(f"Not saved: {message}")
        forms.colour_text(self, forms.RED_FG, bold=True)

    def _say(self, text: str) -> None:
        # Empty, it takes no room: on a small screen a blank line is a line of the plan lost.
        self.setText(text)
        if self.parentWidget() is not None:  # shown alone, a label would open as a window
            self.setVisible(bool(text))

    def follow(self, saver: Autosaver) -> None:
        saver.saved.connect(self.show_saved)
        saver.failed.connect(self.show_failed)
