"""Keys that belong to one screen and win while the keyboard focus is inside it.

A window's menu bar owns Alt+letter for its menus ("&Go" takes Alt+G). When a screen binds
the same key, Qt calls the pair ambiguous and alternates between them on each press. The
record's own keys must do the same thing every time, so they are taken before the shortcut
map sees them, and only while focus is inside the screen. The filter is installed only
while the focus is inside, so building and painting other screens pay nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

_KEYPAD = Qt.KeyboardModifier.KeypadModifier


class LocalKeys(QObject):
    def __init__(self, owner: QWidget):
        super().__init__(owner)
        self.owner = owner
        self.bindings: dict[tuple[int, int], tuple[Callable[[], object],
                                                   Callable[[], bool] | None]] = {}
        self.enabled = True
        # Asked for a slot when no binding matches: (key, modifiers) -> slot or None.
        self.fallback: Callable[[int, int], Callable[[], object] | None] | None = None
        self._installed = False
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old, new) -> None:
        inside = new is not None and (new is self.owner or self.owner.isAncestorOf(new))
        if inside and not self._installed:
            QApplication.instance().installEventFilter(self)
        elif not inside and self._installed:
            QApplication.instance().removeEventFilter(self)
        self._installed = inside

    def bind(self, key: Qt.Key, modifiers: Qt.KeyboardModifier, slot: Callable[[], object],
             when: Callable[[], bool] | None = None) -> None:
        """`when`, if given, decides at the moment of the key press whether to take it."""
        self.bindings[(int(key), int(modifiers.value))] = (slot, when)

    def _slot(self, event) -> Callable[[], object] | None:
        mods = event.modifiers() & ~_KEYPAD
        slot, when = self.bindings.get((event.key(), int(mods.value)), (None, None))
        if slot is not None and when is not None and not when():
            return None
        if slot is None and self.fallback is not None:
            return self.fallback(event.key(), int(mods.value))
        return slot

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not self.enabled or not isinstance(obj, QWidget):
            return False
        if not (obj is self.owner or self.owner.isAncestorOf(obj)):
            return False
        slot = self._slot(event)
        if slot is None or not self.owner.isVisible():
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            slot()
        return True


# The record's own keys, for Help › Keyboard shortcuts. Each names a key bound above by the
# record or its plan editor; a test checks that every one really is.
RECORD_KEYS = (
    ("Ctrl+G", "Go to a section of the person's record (type its first letters)"),
    ("Ctrl+PgDown / Ctrl+PgUp", "Next or previous section of the record"),
    ("Alt + the underlined letter", "Go straight to that section of the record"),
    ("Ctrl+E", "Edit the person's details, address and contacts"),
    ("Ctrl+P", "Preview the care plan, then print it or save it as a PDF"),
    ("Ctrl+Shift+S", "Share the record with someone the person agreed may have it"),
    ("Ctrl+W", "Close the record"),
    ("Alt+G", "Add a goal (in the care plan)"),
    ("Alt+I", "Add a \u201cWhat I will do\u201d action to the goal you are in"),
    ("Alt+T", "Add a \u201cWhat my team will do\u201d action to the goal you are in"),
    ("Alt+Up / Alt+Down", "Move the goal or action you are in up or down"),
    ("Ctrl+S", "Save the plan now (it also saves as you type)"),
)
