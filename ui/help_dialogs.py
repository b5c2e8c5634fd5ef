"""Help menu dialogs: About CareCoord, and the keyboard shortcuts list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord import __version__
from carecoord.services.base import Ctx
from ui import style
from ui.record.keys import RECORD_KEYS

# Keys that work inside a screen rather than from a menu, for the shortcuts list.
_CONTEXT_KEYS = (
    ("Enter, or double-click", "Open the selected person (caseload)"),
    ("Down, or Enter, in the search box", "Move to the results (Enter opens a single match)"),
    ("Escape in the search box", "Clear the search"),
    ("Enter in the list of screens", "Go into that screen"),
    ("Escape, outside a text box", "Back to the screen the record was opened from "
                                   "(person's record)"),
    ("Tab / Shift+Tab", "Move between fields and buttons"),
    ("Alt+B, or click a column heading", "Sort the caseload (click again to reverse)"),
)



class AboutDialog(QDialog):
    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About CareCoord")
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(style.heading("CareCoord", 1, self))
        version = QLabel(f"Version {__version__}", self)
        version.setObjectName("aboutVersion")
        version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(version)
        layout.addWidget(style.paragraph(
            "Personalised care and support planning for the named lead professional: "
            "what matters to the person, their goals, who does what, and what to do if "
            "things get worse. It works without a network.", self))
        store = ctx.store
        kind = "a demo store of made-up people" if store.is_demo else "an encrypted store"
        where = style.paragraph(f"This computer keeps {kind} in:\n{store.data_dir}", self,
                                muted=True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        licences = style.paragraph(
            "CareCoord uses Qt (LGPL 3.0), SQLCipher (BSD), SQLAlchemy and Alembic (MIT), "
            "reportlab (BSD), arabic-reshaper (MIT), python-bidi (LGPL 3.0), the Atkinson "
            "Hyperlegible Next and Noto Sans Arabic fonts (SIL Open Font Licence 1.1) and "
            "DejaVu Sans (Bitstream Vera licence), among other components. Their licence "
            "texts are in the resources/licences folder of this installation.", self,
            muted=True)
        licences.setObjectName("aboutLicences")
        layout.addWidget(licences)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(style.em(self) * 26)


class ShortcutsDialog(QDialog):
    """Built from the window's own actions, so it can never disagree with the menus."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        rows = [(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                 a.data() or a.text().replace("&", "").rstrip("…"))
                for a in actions if not a.shortcut().isEmpty()]
        rows += list(_CONTEXT_KEYS) + list(RECORD_KEYS)
        table = QTableWidget(len(rows), 2, self)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Keys", "What they do"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for r, (keys, what) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(keys))
            table.setItem(r, 1, QTableWidgetItem(what))
        table.setColumnWidth(0, style.em(self) * 14)
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(style.em(self) * 40, style.em(self) * 32)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.table.resizeRowsToContents()
