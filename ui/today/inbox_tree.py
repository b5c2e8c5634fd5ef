"""The Today inbox as a tree of groups, in the order today.GROUP_ORDER gives (the tests hold
GROUPS to it), each headed by its name and count.

A group folds and unfolds from the keyboard (Left and Right, as in any tree, or Enter and
Space on its heading), and keeps that for as long as the screen lives, across refreshes: a
session. A long group shows its first few items and a "Show all" row; its urgent items are
always shown. Enter or a double-click on an item asks for it to be opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from carecoord.services.today import TodayInbox, TodayItem
from ui import style
from ui.team import widgets as w


@dataclass(frozen=True)
class Group:
    attr: str  # of TodayInbox
    heading: str
    noun: str  # for "Show all 61 reviews"
    empty: str  # what an empty group means, for the empty screen


GROUPS = (
    Group("appointments", "Appointments today", "appointments", "No appointments today."),
    Group("referrals", "Referrals waiting too long", "referrals",
          "No referrals have waited too long."),
    Group("follow_ups", "Follow-ups after discharge", "follow-ups",
          "No follow-ups after a discharge."),
    Group("tasks", "Tasks due", "tasks", "No tasks of yours are due."),
    Group("reviews", "Care plan reviews due or overdue", "reviews",
          "No reviews due in the next 14 days."),
    Group("actions", "Plan actions due", "actions", "No plan actions of yours are due."),
)

PREVIEW = 5  # items shown of a long group until "Show all"
SLACK = 2  # a group this much longer than PREVIEW is shown whole: "Show all 7" hides too little

ITEM_ROLE = Qt.ItemDataRole.UserRole  # the TodayItem of an item row
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # the group's attr, on its heading
SHOW_ALL_ROLE = Qt.ItemDataRole.UserRole + 2  # the group's attr, on its "Show all" row

# The current row: strong blue with white words and a dark frame while the list has the
# keyboard; a pale blue with dark words when it has not, so a glance tells the two apart.
# (Contrast checked by the tests: words at least 4.5:1, the frame at least 3:1.)
FOCUSED_ROW = ("#005eb8", "#ffffff")  # background, words
RESTING_ROW = ("#c6dbf0", "#0b2a4a")
FOCUS_FRAME = "#0b0c0c"

REFERRAL_TIP = ("Two-week-wait (suspected cancer) referrals not seen within 14 days, and "
                "other referrals waiting longer than the team's limit. Two-week-wait and "
                "urgent ones are shown in red.")


def heading_text(group: Group, items: tuple[TodayItem, ...]) -> str:
    """"Tasks due (17)"; a group with urgent items says how many, so a folded one still
    does."""
    if not items:
        return f"{group.heading}: none"
    urgent = sum(1 for i in items if i.urgent)
    return f"{group.heading} ({len(items)}" + (f", {urgent} urgent)" if urgent else ")")


def shown_count(items: tuple[TodayItem, ...]) -> int:
    """How many of a group's items to show before "Show all": every urgent one, at least."""
    if len(items) <= PREVIEW + SLACK:
        return len(items)
    return max(PREVIEW, sum(1 for i in items if i.urgent))


class InboxTree(QTreeWidget):
    open_item = Signal(object)  # TodayItem

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todayInbox")
        self.setAccessibleName("My inbox for today")
        self.setAccessibleDescription(
            "Grouped by what is most pressing. Enter opens an item in the person's record. "
            "On a group's heading, Enter, Space or the Left and Right arrows fold and unfold "
            "it.")
        self.setColumnCount(3)
        self.setHeaderLabels(["Person", "When", "What"])
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFont(style.scaled_font(self.font(), 1.1))
        self.setIndentation(style.em(self))
        self.inbox: TodayInbox | None = None
        # Kept for the session: a folded group stays folded, a group shown whole stays whole.
        self.folded: set[str] = set()
        self.shown_whole: set[str] = set()
        self._filling = False
        self.itemExpanded.connect(lambda item: self._fold_changed(item, False))
        self.itemCollapsed.connect(lambda item: self._fold_changed(item, True))
        self.itemDoubleClicked.connect(lambda item, _c: self.activate(item))
        self.itemClicked.connect(self._clicked)
        self._show_focus(False)

    # ---- filling --------------------------------------------------------------------------

    def fill(self, inbox: TodayInbox) -> None:
        """Show the inbox, keeping the current item when it is still there."""
        keep = self._key(self.currentItem())
        self.inbox = inbox
        self._filling = True
        try:
            self.clear()
            for group in GROUPS:
                items: tuple[TodayItem, ...] = getattr(inbox, group.attr)
                heading = QTreeWidgetItem([heading_text(group, items), "", ""])
                heading.setData(0, GROUP_ROLE, group.attr)
                self._style_heading(heading, any(i.urgent for i in items))
                if group.attr == "referrals":
                    heading.setToolTip(0, REFERRAL_TIP)
                self.addTopLevelItem(heading)
                heading.setFirstColumnSpanned(True)
                self._fill_group(heading, group, items)
                heading.setExpanded(group.attr not in self.folded)
        finally:
            self._filling = False
        self._size_columns(inbox)
        current = self._find(keep) or self.first_item()
        if current is not None:
            self.setCurrentItem(current)

    def _fill_group(self, heading: QTreeWidgetItem, group: Group,
                    items: tuple[TodayItem, ...]) -> None:
        n = len(items) if group.attr in self.shown_whole else shown_count(items)
        for item in items[:n]:
            heading.addChild(self._row(item))
        if n < len(items):
            more = QTreeWidgetItem([f"Show all {len(items):,} {group.noun} "
                                    f"({len(items) - n:,} more)", "", ""])
            more.setData(0, SHOW_ALL_ROLE, group.attr)
            more.setForeground(0, QBrush(QColor(w.TONES["blue"][1])))
            font = QFont(self.font())
            font.setUnderline(True)
            more.setFont(0, font)
            more.setToolTip(0, "Enter or a click lists the rest of this group.")
            heading.addChild(more)
            more.setFirstColumnSpanned(True)

    def _row(self, item: TodayItem) -> QTreeWidgetItem:
        row = QTreeWidgetItem([item.person_name or "No one in particular", item.when_text,
                               item.text])
        row.setData(0, ITEM_ROLE, item)
        row.setToolTip(2, item.text)
        if item.kind == "referral" and item.when is not None:
            row.setToolTip(1, f"Referred on {w.long_date(item.when)}")
        if item.urgent:
            bg, fg = w.TONES["red"]
            bold = QFont(self.font())
            bold.setBold(True)
            for column in (1, 2):
                row.setBackground(column, QBrush(QColor(bg)))
                row.setForeground(column, QBrush(QColor(fg)))
                row.setFont(column, bold)
        return row

    def _style_heading(self, heading: QTreeWidgetItem, urgent: bool) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        heading.setFont(0, bold)
        if urgent:
            heading.setForeground(0, QBrush(QColor(w.TONES["red"][1])))
        bg = QBrush(QColor(w.TONES["grey"][0]))
        for column in range(3):
            heading.setBackground(column, bg)

    def _size_columns(self, inbox: TodayInbox) -> None:
        """Person and When as wide as their longest text (within reason); What takes the
        rest, and its tooltip has it whole."""
        plain = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        heavy = QFontMetrics(bold)
        pad = style.em(self)
        names = [i.person_name or "No one in particular" for i in inbox.items]
        widest_name = max((plain.horizontalAdvance(n) for n in names), default=0)
        self.setColumnWidth(0, min(widest_name, plain.averageCharWidth() * 24)
                            + 2 * self.indentation() + pad)
        whens = [(heavy if i.urgent else plain).horizontalAdvance(i.when_text)
                 for i in inbox.items]
        self.setColumnWidth(1, max([plain.horizontalAdvance("When"), *whens]) + pad)

    # ---- focus ----------------------------------------------------------------------------

    def _show_focus(self, focused: bool) -> None:
        bg, fg = FOCUSED_ROW if focused else RESTING_ROW
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(bg))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(fg))
        self.setPalette(palette)
        self.viewport().update()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self._show_focus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._show_focus(False)

    def drawRow(self, painter: QPainter, options, index: QModelIndex) -> None:  # noqa: N802
        super().drawRow(painter, options, index)
        current = self.currentIndex()
        if self.hasFocus() and current.isValid() and index.row() == current.row() \
                and index.parent() == current.parent():
            width = max(2, style.em(self) // 8)
            painter.save()
            painter.setPen(QPen(QColor(FOCUS_FRAME), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = width // 2
            painter.drawRect(options.rect.adjusted(half, half, -half - 1, -half - 1))
            painter.restore()

    # ---- keys and clicks ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        item = self.currentItem()
        if event.key() in keys and item is not None and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if item.data(0, GROUP_ROLE) is not None:
                item.setExpanded(not item.isExpanded())
                return
            if item.data(0, SHOW_ALL_ROLE) is not None:
                self.show_whole(item)
                return
            if event.key() != Qt.Key.Key_Space and item.data(0, ITEM_ROLE) is not None:
                self.open_item.emit(item.data(0, ITEM_ROLE))
                return
        super().keyPressEvent(event)

    def activate(self, item: QTreeWidgetItem) -> None:
        """A double-click: open an item, list the rest of a group. A heading folds by itself.
        (A double-click on "Show all" is shown the rest by its first click; Qt sends the
        second to no one, as the row it was pressed on has gone.)"""
        if item.data(0, SHOW_ALL_ROLE) is not None:
            self.show_whole(item)
        elif item.data(0, ITEM_ROLE) is not None:
            self.open_item.emit(item.data(0, ITEM_ROLE))

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, SHOW_ALL_ROLE) is not None:  # it looks like a link, so one click
            self.show_whole(item)

    def show_whole(self, more: QTreeWidgetItem) -> None:
        """Replace a "Show all" row by the rest of its group; the first of them is current."""
        attr = more.data(0, SHOW_ALL_ROLE)
        heading = more.parent()
        if heading is None or self.inbox is None:
            return
        self.shown_whole.add(attr)
        first_new = heading.indexOfChild(more)
        heading.removeChild(more)
        items: tuple[TodayItem, ...] = getattr(self.inbox, attr)
        for item in items[first_new:]:
            heading.addChild(self._row(item))
        if first_new < heading.childCount():
            self.setCurrentItem(heading.child(first_new))

    def _fold_changed(self, item: QTreeWidgetItem, folded: bool) -> None:
        attr = item.data(0, GROUP_ROLE)
        if attr is None or self._filling:
            return
        if folded:
            self.folded.add(attr)
        else:
            self.folded.discard(attr)

    # ---- finding --------------------------------------------------------------------------

    def headings(self) -> dict[str, QTreeWidgetItem]:
        """Each group's heading, by its attr of TodayInbox."""
        return {self.topLevelItem(i).data(0, GROUP_ROLE): self.topLevelItem(i)
                for i in range(self.topLevelItemCount())}

    @staticmethod
    def _key(row: QTreeWidgetItem | None):
        if row is None:
            return None
        item = row.data(0, ITEM_ROLE)
        if item is not None:
            return (item.kind, item.item_id)
        if row.data(0, GROUP_ROLE) is not None:
            return ("heading", row.data(0, GROUP_ROLE))
        return ("show all", row.data(0, SHOW_ALL_ROLE))

    def _find(self, key) -> QTreeWidgetItem | None:
        if key is None:
            return None
        for i in range(self.topLevelItemCount()):
            heading = self.topLevelItem(i)
            if self._key(heading) == key:
                return heading
            if not heading.isExpanded():
                continue
            for j in range(heading.childCount()):
                if self._key(heading.child(j)) == key:
                    return heading.child(j)
        return None

    def first_item(self) -> QTreeWidgetItem | None:
        """The first item of the first unfolded group that has one; else the first heading."""
        for i in range(self.topLevelItemCount()):
            heading = self.topLevelItem(i)
            if heading.isExpanded() and heading.childCount():
                return heading.child(0)
        return self.topLevelItem(0)
