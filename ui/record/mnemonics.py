"""Alt+letter inside the record goes to the record's own control, not to a menu.

A section's button with "&Find" and the window's "&File" menu both want Alt+F; Qt calls
the pair ambiguous and only moves the focus between them. Inside the record the user
means the control they can see, so when exactly one visible control in the record has
the letter, it is pressed as its mnemonic would press it. Two controls with one letter is
a mistake in the record itself, left to Qt (and caught by the mnemonic tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

_MNEMONIC = re.compile(r"&([^&])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _text(widget: QWidget) -> str | None:
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QLabel):
        return widget.text() if widget.buddy() is not None else None
    if isinstance(widget, QAbstractButton):
        return widget.text()
    return None


def owners(root: QWidget, letter: str) -> list[QWidget]:
    """The visible, enabled controls under `root` whose mnemonic is `letter`."""
    found = []
    for child in root.findChildren(QWidget):
        text = _text(child)
        if text and "&" in text and mnemonic(text) == letter and child.isVisible() \
                and child.isEnabled():
            found.append(child)
    return found


def press(widget: QWidget) -> None:
    """What Qt does for the widget's own mnemonic."""
    reason = Qt.FocusReason.ShortcutFocusReason
    if isinstance(widget, QAbstractButton):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget.setFocus(reason)
        widget.animateClick()
    elif isinstance(widget, QLabel):
        buddy = widget.buddy()
        if buddy.focusPolicy() != Qt.FocusPolicy.NoFocus:
            buddy.setFocus(reason)
        if isinstance(buddy, QAbstractButton):
            buddy.animateClick()
    elif isinstance(widget, QGroupBox):
        if widget.isCheckable():
            widget.setChecked(not widget.isChecked())
        widget.focusNextChild()


def resolver(root: QWidget) -> Callable[[int, int], Callable[[], None] | None]:
    """For LocalKeys.fallback: Alt+letter to the one control in `root` that has it."""
    alt = int(Qt.KeyboardModifier.AltModifier.value)

    def resolve(key: int, modifiers: int) -> Callable[[], None] | None:
        if modifiers != alt or not (Qt.Key.Key_A <= key <= Qt.Key.Key_Z
                                    or Qt.Key.Key_0 <= key <= Qt.Key.Key_9):
            return None
        found = owners(root, chr(key).lower())
        if len(found) != 1:
            return None
        return lambda: press(found[0])

    return resolve
