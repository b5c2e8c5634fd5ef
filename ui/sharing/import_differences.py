"""The differences between an import file and this store, as a tree a keyboard user walks:
a line per person (or the directory), under it a line per decision, and under a decision that
covers a whole history, each field that differs. Every line knows which decision it belongs
to, so choosing on any of them decides the right thing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from carecoord.interop.merge import Conflict
from carecoord.services.sharing import KEEP_MINE, TAKE_THEIRS
from ui import style
from ui.team import widgets as w

COLUMNS = ("Difference", "In this store (yours)", "In the file (theirs)", "Decision")
DECISION_WORDS = {None: "Not decided yet", KEEP_MINE: "Keep mine", TAKE_THEIRS: "Take theirs"}
GROUP_TITLES = {"plans": "Care plan history", "leads": "Lead professional history"}
KEY_ROLE = Qt.ItemDataRole.UserRole
DIRECTORY = "The directory of professionals and organisations"


def owner(rows: list[Conflict]) -> str:
    return rows[0].person or DIRECTORY


def group_title(key: str, rows: list[Conflict]) -> str:
    if len(rows) == 1:
        return rows[0].what
    title = GROUP_TITLES.get(key.split(":")[0], rows[0].what.split(":")[0])
    return f"{title}: {w.plural(len(rows), 'difference')}, decided together"


def _bold(item: QTreeWidgetItem) -> None:
    font = QFont(item.font(0))
    font.setBold(True)
    for col in range(len(COLUMNS)):
        item.setFont(col, font)


class DifferencesTree(QTreeWidget):
    def __init__(self):
        super().__init__()
        self.groups: dict[str, list[Conflict]] = {}
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setAccessibleName("Differences between the file and this store")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        self.setMinimumHeight(style.em(self) * 10)

    # -- filling ------------------------------------------------------------------------------

    def show_groups(self, groups: dict[str, list[Conflict]], decisions: dict[str, str]) -> None:
        keep = self.selected_key()
        self.groups = groups
        self.clear()
        by_owner: dict[str, list[str]] = {}
        for key, rows in groups.items():
            by_owner.setdefault(owner(rows), []).append(key)
        for name, keys in by_owner.items():
            top = QTreeWidgetItem([name, "", "", ""])
            top.setData(0, KEY_ROLE, ("person", name))
            _bold(top)
            self.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # only takes once the item is in the tree
            for key in keys:
                self._add_group(top, key, groups[key])
        self.expandAll()
        self.show_decisions(decisions)
        self.fit_columns()
        QTimer.singleShot(0, self, self.fit_columns)  # again, once the width is settled
        if not self.select_key(keep):
            first = self.topLevelItem(0)
            if first is not None and first.childCount():
                self.setCurrentItem(first.child(0))

    def _add_group(self, top: QTreeWidgetItem, key: str, rows: list[Conflict]) -> None:
        single = len(rows) == 1
        item = QTreeWidgetItem([group_title(key, rows), rows[0].mine if single else "",
                                rows[0].theirs if single else "", ""])
        item.setData(0, KEY_ROLE, ("group", key))
        top.addChild(item)
        if not single:
            for c in rows:
                line = QTreeWidgetItem([c.what, c.mine, c.theirs, ""])
                line.setData(0, KEY_ROLE, ("group", key))
                item.addChild(line)
        if rows[0].note:
            note = QTreeWidgetItem([rows[0].note, "", "", ""])
            note.setData(0, KEY_ROLE, ("group", key))
            note.setForeground(0, QBrush(QColor(style.MUTED_FG)))
            item.insertChild(0, note)
            note.setFirstColumnSpanned(True)
        for each in [item, *(item.child(i) for i in range(item.childCount()))]:
            for col in range(len(COLUMNS)):
                each.setToolTip(col, each.text(col))

    def show_decisions(self, decisions: dict[str, str]) -> None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                item = top.child(j)
                key = item.data(0, KEY_ROLE)[1]
                choice = decisions.get(key)
                text = DECISION_WORDS[choice]
                if choice == KEEP_MINE and not self.groups[key][0].can_take_theirs:
                    text = "Keep mine (the only choice)"
                bg, fg = w.TONES[{None: "amber", KEEP_MINE: "blue", TAKE_THEIRS: "green"}[choice]]
                item.setText(3, text)
                item.setBackground(3, QBrush(QColor(bg)))
                item.setForeground(3, QBrush(QColor(fg)))

    def fit_columns(self) -> None:
        """Values and decisions as wide as their words (within reason); the difference's
        name takes the rest, so long names are not cut short while there is room."""
        m = style.em(self)
        widths = []
        for col in range(1, len(COLUMNS)):
            self.resizeColumnToContents(col)
            widths.append(min(self.columnWidth(col) + m, m * 16))
        room = self.viewport().width() - sum(widths)
        self.resizeColumnToContents(0)
        self.setColumnWidth(0, max(m * 14, min(room, self.columnWidth(0) + m)))
        for col, width in enumerate(widths, start=1):
            self.setColumnWidth(col, width)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.groups:
            QTimer.singleShot(0, self, self.fit_columns)

    # -- choosing -----------------------------------------------------------------------------

    def selected_key(self) -> tuple[str, str] | None:
        """('group', key) for a decision's lines, ('person', name) for a person's line."""
        item = self.currentItem()
        return item.data(0, KEY_ROLE) if item is not None else None

    def select_key(self, wanted) -> bool:
        if wanted is None:
            return False
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for item in [top, *(top.child(j) for j in range(top.childCount()))]:
                if item.data(0, KEY_ROLE) == tuple(wanted):
                    self.setCurrentItem(item)
                    return True
        return False

    def keys_for(self, selected) -> list[str]:
        kind, value = selected
        if kind == "group":
            return [value]
        return [k for k, rows in self.groups.items() if owner(rows) == value]

    def detail_text(self) -> str:
        """The chosen line in full: values too long for their column are read here."""
        item = self.currentItem()
        if item is None or item.data(0, KEY_ROLE)[0] == "person":
            return ""
        if item.text(1) or item.text(2):
            return f"{item.text(0)}\nYours: {item.text(1)}\nTheirs: {item.text(2)}"
        return item.text(0)
