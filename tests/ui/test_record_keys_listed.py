"""Help › Keyboard shortcuts lists the record's own keys, and each one listed is really bound."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from ui.record.keys import RECORD_KEYS
from ui.record.record_view import PersonRecordView


def _combos(keys: str) -> list[tuple[int, int]]:
    """'Ctrl+PgDown / Ctrl+PgUp' -> [(key, modifiers), ...]; descriptive entries give none."""
    out = []
    for part in keys.split(" / "):
        sequence = QKeySequence(part.strip())
        if sequence.isEmpty() or sequence.count() != 1:
            continue
        combo = sequence[0]
        if combo.key() == Qt.Key.Key_unknown:
            continue
        out.append((int(combo.key()), int(combo.keyboardModifiers().value)))
    return out


def test_every_record_key_listed_is_bound(qtbot, ctx, person):
    view = PersonRecordView(ctx, person.id)
    qtbot.addWidget(view)
    bound = set(view.keys.bindings) | set(view.plan_editor.keys.bindings)
    listed = [combo for keys, _what in RECORD_KEYS for combo in _combos(keys)]
    assert len(listed) >= 12  # the parser read them, rather than skipping them all
    missing = [c for c in listed if c not in bound]
    assert missing == []
    # And the other way: every Ctrl or Alt+arrow key the record binds is listed.
    ctrl, alt = int(Qt.KeyboardModifier.ControlModifier.value), int(
        Qt.KeyboardModifier.AltModifier.value)
    unlisted = [(k, m) for k, m in bound
                if m & ctrl or (m == alt and k in (int(Qt.Key.Key_Up), int(Qt.Key.Key_Down)))
                if (k, m) not in listed]
    assert unlisted == []


def test_the_shortcuts_list_includes_the_record_keys(qtbot, main_window):
    main_window.show_shortcuts()
    dialog = main_window.findChild(QDialog, "shortcutsDialog")
    table = dialog.table
    keys = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "Ctrl+G" in keys and "Alt+Up / Alt+Down" in keys
    dialog.close()
