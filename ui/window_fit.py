"""Keeping a form whole on a small screen (a 1366x768 laptop at 150% leaves 910x480).

`keep_whole` makes a dialog grow when a message appears, instead of squeezing its rows on
top of each other; `ScrollingForm` lets a long form scroll while its buttons stay in view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

from ui import style


class _KeepWhole(QObject):
    """Qt gives a window the least height its layout needs with every wrapped line of words
    counted once, so a message that wraps (a refusal, a hint under a field) squeezes the rows
    around it until they overlap. This sets the least height for the words as they wrap at
    the window's width; the window grows when it is shorter than that."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)  # after Qt's own layout pass, once however many asked
        self.timer.timeout.connect(self.fit)
        self.opened = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and not self.opened:
            self.opened = True
            self._first_size()
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Resize):
            self.timer.start()
        return False

    def _first_size(self) -> None:
        """Qt opens a window no taller than two thirds of the screen, which on a short
        screen makes a form scroll that would fit: open it as tall as it asks, up to the
        screen's height less a title bar."""
        screen = self.window.screen()
        if screen is None:
            return
        room = screen.availableGeometry().height() - 2 * style.em(self.window)
        wanted = min(self.window.sizeHint().height(), room)
        size = self.window.size()  # (a form may have its own `height` field)
        if size.height() < wanted:
            self.window.resize(size.width(), wanted)

    def fit(self) -> None:
        layout = self.window.layout()
        if layout is None:
            return
        layout.activate()
        need = (layout.totalMinimumHeightForWidth(self.window.size().width())
                if layout.hasHeightForWidth() else layout.totalMinimumSize().height())
        if need != self.window.minimumHeight():
            self.window.setMinimumHeight(need)  # a shorter window is made taller at once


def keep_whole(window: QWidget) -> None:
    _KeepWhole(window)


class ScrollingForm(QScrollArea):
    """A form that scrolls up and down, never sideways: as wide as its widest row, at most
    `most_lines` lines of text tall, and the field the keyboard moves to (by Tab or an Alt
    letter) is scrolled into view."""

    def __init__(self, form: QWidget, most_lines: int, others: tuple[QWidget, ...] = ()):
        """`others` are messages shown under the form at times (warnings, a refusal): while
        one is showing the form asks for that much less height."""
        super().__init__()
        self.most_lines = most_lines
        self.others = others
        for other in others:
            other.installEventFilter(self)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(form)

    def _beside(self, width: int) -> QSize:
        """The width with room for the scroll bar, which must never cover a field."""
        return QSize(width + self.verticalScrollBar().sizeHint().width()
                     + 2 * self.frameWidth(), 0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        wanted = self.widget().sizeHint()
        tallest = style.em(self) * self.most_lines - sum(
            o.sizeHint().height() for o in self.others if not o.isHidden())
        tallest = max(tallest, style.em(self) * 6)
        return self._beside(wanted.width()) + QSize(0, min(wanted.height(), tallest))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._beside(self.widget().minimumSizeHint().width()) + QSize(
            0, style.em(self) * 6)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.updateGeometry()  # the height asked for changes with the message
        return super().eventFilter(watched, event)

    # Followed only while shown: a closed form must not be called as focus moves elsewhere.
    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        QApplication.instance().focusChanged.connect(self._focused)
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        QApplication.instance().focusChanged.disconnect(self._focused)
        super().hideEvent(event)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        form = self.widget()
        if new is not None and form is not None and form.isAncestorOf(new):
            self.ensureWidgetVisible(new)
