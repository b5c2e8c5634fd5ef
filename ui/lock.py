"""Locking: after a spell without use, on Ctrl+L, or from the File menu.

A locked CareCoord shows no patient data anywhere: the main window shows only the lock
screen, every window title becomes "CareCoord — locked" (the task switcher shows titles),
non-modal windows are hidden and modal dialogs are covered by a veil. Modal dialogs are
covered rather than hidden because hiding a dialog ends its exec() loop, which would throw
away what the user typed in it. Before locking, every widget that can save a draft is asked
to. Unlocking needs the signed-in user's password again, checked by the login service (so
failed attempts back off and are audited like any login).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from carecoord.security.users import Actor, login
from carecoord.store.store import Store
from ui import style
from ui.tasks import TaskRunner, message_for

log = logging.getLogger(__name__)

LOCKED_TITLE = "CareCoord — locked"
DEFAULT_LOCK_AFTER_S = 5 * 60
LOCK_SHORTCUT = QKeySequence("Ctrl+L")

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class Preferences(QObject):
    """Settings that concern this computer's UI only. They live in QSettings, not the store."""

    changed = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings or QSettings()

    @property
    def lock_after_seconds(self) -> float:
        value = self.settings.value("security/lock_after_seconds", DEFAULT_LOCK_AFTER_S)
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            return DEFAULT_LOCK_AFTER_S
        return seconds if seconds > 0 else DEFAULT_LOCK_AFTER_S

    def set_lock_after_seconds(self, seconds: float) -> None:
        self.settings.setValue("security/lock_after_seconds", float(seconds))
        self.settings.sync()
        self.changed.emit()

    @property
    def lock_after_minutes(self) -> int:
        return max(1, round(self.lock_after_seconds / 60))


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.prefs = prefs
        self.setWindowTitle("Preferences")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(prefs.lock_after_minutes)
        self.minutes.setAccessibleName("Lock after this many minutes without use")
        form.addRow("&Lock after", self.minutes)
        layout.addLayout(form)
        layout.addWidget(style.paragraph(
            "CareCoord locks itself when nobody has used it for this long, so patient "
            "details are not left on an unattended screen. Ctrl+L locks it at once.",
            self, muted=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.prefs.set_lock_after_seconds(self.minutes.value() * 60)
        super().accept()


class IdleWatcher(QObject):
    """Watches every input event in the application; says when there has been none for a while.

    It also catches Ctrl+L, because a modal dialog stops the main window's shortcuts.
    """

    idle = Signal()
    lock_key = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_seconds(seconds)
        self.active = False
        QApplication.instance().installEventFilter(self)

    def set_seconds(self, seconds: float) -> None:
        self._timer.setInterval(max(1, int(seconds * 1000)))
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        self.active = True
        self._timer.start()

    def stop(self) -> None:
        self.active = False
        self._timer.stop()

    def remove(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if not self.active or event.type() not in _ACTIVITY:
            return False
        self._timer.start()
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_L and (
                event.modifiers() == Qt.KeyboardModifier.ControlModifier):
            self.lock_key.emit()
            return True
        return False


class LockPanel(QWidget):
    """The password box that unlocks. It says whose session it is and nothing else."""

    unlock_requested = Signal(str)
    quit_requested = Signal()

    def __init__(self, actor: Actor, compact: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockPanel")
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        title = style.heading("CareCoord is locked", 1 if not compact else 2, self)
        title.setStyleSheet(f"color: {style.LOCK_FG};")
        layout.addWidget(title)
        who = style.paragraph(f"Signed in as {actor.full_name}. Type your password to go on.",
                              self)
        who.setStyleSheet(f"color: {style.LOCK_FG};")
        layout.addWidget(who)
        row = QHBoxLayout()
        label = QLabel("&Password:", self)
        label.setStyleSheet(f"color: {style.LOCK_FG};")
        self.password = QLineEdit(self)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setMinimumWidth(style.em(self) * 12)
        label.setBuddy(self.password)
        self.password.returnPressed.connect(self._submit)
        self.unlock_button = QPushButton("&Unlock", self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        row.addWidget(label)
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.message = style.error_label(self)
        self.message.setObjectName("lockMessage")
        self.message.setStyleSheet("color: #ffd0cc; font-weight: bold;")
        layout.addWidget(self.message)
        if not compact:
            quit_row = QHBoxLayout()
            quit_row.addStretch(1)
            self.quit_button = QPushButton("&Quit CareCoord", self)
            self.quit_button.clicked.connect(self.quit_requested)
            quit_row.addWidget(self.quit_button)
            layout.addLayout(quit_row)

    def _submit(self) -> None:
        if self.password.text():
            self.unlock_requested.emit(self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.password.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def show_message(self, text: str | None) -> None:
        style.show_error(self.message, text)

    def reset(self) -> None:
        self.password.clear()
        self.show_message(None)
        self.set_busy(False)

    def focus(self) -> None:
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.password.selectAll()


class LockScreen(QWidget):
    """The whole of the main window while it is locked."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        style.paint_background(self, style.LOCK_BG)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        line = QHBoxLayout()
        line.addStretch(1)
        self.panel = LockPanel(actor, parent=self)
        self.panel.setMaximumWidth(style.em(self) * 34)
        line.addWidget(self.panel, 3)
        line.addStretch(1)
        outer.addLayout(line)
        outer.addStretch(2)


class Veil(QWidget):
    """Covers a modal dialog while locked, keeping its contents (and typing) underneath."""

    def __init__(self, dialog: QWidget, actor: Actor):
        # The dialog's own widgets are hidden too, not only covered: a screen reader reads
        # covered text. Hiding a child keeps its text and does not end the dialog's exec().
        self.hidden_children = [c for c in dialog.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if not c.isWindow() and not c.isHidden()]
        self.old_focus = dialog.focusWidget()
        for child in self.hidden_children:
            child.hide()
        super().__init__(dialog)
        self.setObjectName("lockVeil")
        self.dialog = dialog
        style.paint_background(self, style.LOCK_BG)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.panel = LockPanel(actor, compact=True, parent=self)
        layout.addWidget(self.panel)
        self.old_title = dialog.windowTitle()
        self.old_size = dialog.size()
        self.old_minimum = dialog.minimumSize()
        hint = self.sizeHint()
        dialog.setMinimumSize(max(hint.width(), self.old_minimum.width()),
                              max(hint.height(), self.old_minimum.height()))
        dialog.setWindowTitle(LOCKED_TITLE)
        self.setGeometry(dialog.rect())
        dialog.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.dialog and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.dialog.rect())
            self.raise_()
        return False

    def lift(self) -> None:
        """Take the veil off and put the dialog back as it was."""
        dialog = self.dialog
        self.hide()
        if shiboken6.isValid(dialog):
            dialog.removeEventFilter(self)
            for child in self.hidden_children:
                if shiboken6.isValid(child):
                    child.show()
            dialog.setWindowTitle(self.old_title)
            dialog.setMinimumSize(self.old_minimum)
            dialog.resize(self.old_size)
            if self.old_focus is not None and shiboken6.isValid(self.old_focus):
                self.old_focus.setFocus()
        self.deleteLater()


class Locker(QObject):
    """Locks and unlocks one signed-in session. The main window provides set_locked()."""

    locked_changed = Signal(bool)

    def __init__(self, window, store: Store, actor: Actor, runner: TaskRunner,
                 prefs: Preferences, on_quit: Callable[[], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.window = window
        self.store = store
        self.actor = actor
        self.runner = runner
        self.prefs = prefs
        self.on_quit = on_quit or QApplication.quit
        self.locked = False
        self._focus: QWidget | None = None
        self._veils: list[Veil] = []
        self._hidden: list[QWidget] = []
        self.screen = LockScreen(actor)
        self.screen.panel.unlock_requested.connect(
            lambda pw: self.try_unlock(pw, self.screen.panel))
        self.screen.panel.quit_requested.connect(self._quit)
        self.watcher = IdleWatcher(prefs.lock_after_seconds, self)
        self.watcher.idle.connect(self.lock)
        self.watcher.lock_key.connect(self.lock)
        prefs.changed.connect(lambda: self.watcher.set_seconds(prefs.lock_after_seconds))
        QApplication.instance().installEventFilter(self)
        self.watcher.start()

    def close(self) -> None:
        self.watcher.remove()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # ---- locking ----------------------------------------------------------------------------

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.watcher.stop()
        self._focus = QApplication.focusWidget()
        save_all_drafts()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        QToolTip.hideText()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                self._cover(widget)
        self.screen.panel.reset()
        self.window.set_locked(True, self.screen)
        self.screen.panel.focus()
        self.locked_changed.emit(True)

    def _cover(self, widget: QWidget) -> None:
        if widget.windowModality() != Qt.WindowModality.NonModal or (
                isinstance(widget, QDialog) and widget.isModal()):
            if not any(v.dialog is widget for v in self._veils):
                veil = Veil(widget, self.actor)
                veil.panel.unlock_requested.connect(
                    lambda pw, p=veil.panel: self.try_unlock(pw, p))
                self._veils.append(veil)
                veil.panel.focus()
        else:
            widget.hide()
            self._hidden.append(widget)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        # A window that opens while locked (a finished task's message, say) is covered too.
        if (self.locked and event.type() == QEvent.Type.Show and isinstance(obj, QWidget)
                and obj.isWindow() and obj is not self.window
                and obj.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)):
            QTimer.singleShot(0, self, lambda w=obj: self._cover_late(w))
        return False

    def _cover_late(self, widget: QWidget) -> None:
        if self.locked and shiboken6.isValid(widget) and widget.isVisible():
            self._cover(widget)

    # ---- unlocking ----------------------------------------------------------------------------

    def try_unlock(self, password: str, panel: LockPanel) -> None:
        panel.set_busy(True)
        panel.show_message(None)
        store, username = self.store, self.actor.username
        self.runner.run(lambda: login(store, username, password),
                        lambda actor: self._unlocked(actor, panel),
                        lambda error: self._refused(error, panel))

    def _refused(self, error: Exception, panel: LockPanel) -> None:
        if not shiboken6.isValid(panel):
            return
        panel.set_busy(False)
        panel.password.clear()
        panel.show_message(message_for(error))
        panel.focus()

    def _unlocked(self, actor: Actor, panel: LockPanel) -> None:
        if actor.user_id != self.actor.user_id:  # cannot happen: same user name
            self._refused(RuntimeError("That is a different user."), panel)
            return
        self.unlock_now()

    def unlock_now(self) -> None:
        if not self.locked:
            return
        self.locked = False
        for veil in self._veils:
            if shiboken6.isValid(veil):  # gone already if its dialog was closed meanwhile
                veil.lift()
        self._veils.clear()
        self.window.set_locked(False, self.screen)
        for widget in self._hidden:
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden.clear()
        self.screen.panel.reset()
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus()
        self.watcher.start()
        self.locked_changed.emit(False)

    def _quit(self) -> None:
        self.on_quit()


def save_all_drafts() -> None:
    """Ask every widget that keeps typed text to save it now. Failures must not stop a lock."""
    for widget in QApplication.allWidgets():
        save = getattr(widget, "save_draft", None)
        if callable(save):
            try:
                save()
            except Exception:  # noqa: BLE001 - locking matters more; the draft says why
                log.exception("Saving a draft before locking failed")
