"""The Huddle screen: build an agenda, then present it one person at a time.

Full screen takes the huddle view out of the main window into a window of its own on the
whole screen (so the team sees no navigation, menus or other people's names), and puts it
back on Escape, F11, its button or "Bring it back" here.

The agenda's reasons are counted the first time the screen is shown, so the team sees how
many people each reason brings before choosing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from carecoord.services import huddle
from carecoord.services.base import Ctx
from ui import style
from ui.huddle.agenda_builder import AgendaBuilder
from ui.huddle.huddle_view import FULL_SCREEN, LEAVE_FULL_SCREEN, HuddleView
from ui.tasks import TaskRunner


class HuddleScreen(QWidget):
    open_person = Signal(int, str)

    def __init__(self, ctx: Ctx, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.view: HuddleView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)
        self.builder = AgendaBuilder(ctx, runner)
        self.builder.started.connect(self.present)
        # The agenda form is taller than a small laptop at 150% scaling: it scrolls up and
        # down rather than making the whole window taller than the screen.
        self.builder_area = QScrollArea(self)
        self.builder_area.setWidgetResizable(True)
        self.builder_area.setFrameShape(QFrame.Shape.NoFrame)
        self.builder_area.setWidget(self.builder)
        self.stack.addWidget(self.builder_area)
        self.away = style.EmptyState(
            "The huddle is on the full screen",
            "Press Escape or F11 on the huddle screen to bring it back here.",
            [("&Bring it back", lambda: self._full_screen(False))])
        self.stack.addWidget(self.away)

    def refresh(self) -> None:
        if self.view is None:
            self.builder.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.view is None and not self.builder.asked:
            self.builder.refresh()

    def present(self, agenda: huddle.HuddleView) -> None:
        self.close_view()
        self.view = HuddleView(self.ctx, self.runner, agenda)
        self.view.full_screen_requested.connect(self._full_screen)
        self.view.finished.connect(self._finished)
        self.view.open_person.connect(self.open_person)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self.view.setFocus()

    def _full_screen(self, on: bool) -> None:
        """Out onto a window of its own, or back. Decided by the view's own flag, not by
        isFullScreen(): the window manager's state can be lost, and the way back must not
        be."""
        view = self.view
        if view is None or view.full_screen == on:
            return
        view.full_screen = on
        if on:
            self.stack.removeWidget(view)
            view.setParent(None)
            view.setWindowTitle(f"CareCoord — {view.agenda.title}")
            view.setWindowFlag(Qt.WindowType.Window, True)
            view.showFullScreen()
            view.activateWindow()
            self.stack.setCurrentWidget(self.away)
            view.full_button.setText(LEAVE_FULL_SCREEN)
        else:
            view.showNormal()
            view.hide()
            view.setWindowFlag(Qt.WindowType.Window, False)
            # As a window its layout set its least size; as a page it must not keep it, or
            # the main window could never be made narrower again.
            view.setMinimumSize(0, 0)
            self.stack.addWidget(view)
            self.stack.setCurrentWidget(view)
            view.show()
            view.setFocus()
            view.full_button.setText(FULL_SCREEN)
            self.updateGeometry()

    def _finished(self) -> None:
        self.close_view()
        self.stack.setCurrentWidget(self.builder_area)
        self.builder.refresh()

    def close_view(self) -> None:
        view, self.view = self.view, None
        if view is None:
            return
        if view.full_screen or view.isWindow():
            view.hide()
        self.stack.removeWidget(view)
        view.setParent(None)
        view.deleteLater()
