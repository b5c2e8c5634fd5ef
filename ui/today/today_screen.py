"""Today: my inbox, grouped. Reviews due or overdue, actions and tasks due, follow-ups after a
discharge, today's appointments and long-waiting referrals (today.py decides what is in
each). Enter or a double-click on an item opens the person's record at the right section.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.services import lifestyle, today
from carecoord.services.base import Ctx
from carecoord.services.today import TodayInbox, TodayItem
from ui import style
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

# (attribute of TodayInbox, heading, what an empty group means)
GROUPS = (
    ("reviews", "Reviews due or overdue", "No reviews due in the next 14 days."),
    ("actions", "Actions due", "No plan actions of yours are due."),
    ("follow_ups", "Follow-ups after discharge", "No follow-ups after a discharge."),
    ("tasks", "Tasks due", "No tasks of yours are due."),
    ("appointments", "Appointments today", "No appointments today."),
    ("referrals", "Referrals waiting too long", "No referrals have waited too long."),
)


def _when(item: TodayItem) -> str:
    if item.when is None:
        return "No date"
    if hasattr(item.when, "hour"):
        return f"{item.when:%H:%M}"
    if item.kind == "referral":
        return f"Referred {w.long_date(item.when)}"
    day = w.long_date(item.when)
    return f"Overdue: {day}" if item.overdue else day


class InboxTree(QTreeWidget):
    """Enter opens the current item, as a double-click does."""

    open_item = Signal(object)  # TodayItem

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
            if data is not None:
                self.open_item.emit(data)
                return
        super().keyPressEvent(event)


class TodayScreen(QWidget):
    open_person = Signal(int, str)  # person id, record section
    loaded = Signal(object)  # the TodayInbox shown

    def __init__(self, ctx: Ctx, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.inbox: TodayInbox | None = None
        self._busy = False
        outer = QVBoxLayout(self)
        style.page_margins(outer, self)
        top = QHBoxLayout()
        self.title = w.heading("Today", 1)
        top.addWidget(self.title, 1)
        self.refresh_button = w.button("&Refresh", "Read the inbox again (F5 in the caseload)")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        self.summary = w.note("Reading your inbox…")
        self.summary.setObjectName("todaySummary")
        outer.addWidget(self.summary)
        self.lifestyle = w.note("")
        self.lifestyle.setObjectName("todayLifestyle")
        outer.addWidget(self.lifestyle)

        self.stack = QStackedWidget(self)
        self.tree = InboxTree(self)
        self.tree.setObjectName("todayInbox")
        self.tree.setAccessibleName("My inbox for today")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Person", "When", "What"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFont(style.scaled_font(self.tree.font(), 1.1))
        self.tree.itemDoubleClicked.connect(lambda item, _c: self._open(item))
        self.tree.open_item.connect(self._open_data)
        self.empty = style.EmptyState(
            "Nothing due today",
            "", [("Read the inbox again", self.refresh)])
        self.empty.setObjectName("todayEmpty")
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        outer.addWidget(self.stack, 1)
        self.hint = w.hint("Press Enter on an item, or double-click it, to open the person's "
                           "record where it is kept.")
        outer.addWidget(self.hint)

    # ---- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        ctx = self.ctx
        me = ctx.actor.professional_id

        def work():
            inbox = today.inbox(ctx)
            cover = lifestyle.lifestyle_check_coverage(ctx, me) if me is not None else None
            return inbox, cover

        self.runner.run(work, self._arrived, self._failed, label="Reading your inbox…",
                        parent=self)

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self.summary.setText("Your inbox could not be read: " + message_for(error))

    def _arrived(self, result) -> None:
        self._busy = False
        inbox, cover = result
        self.show_inbox(inbox, cover)

    # ---- showing --------------------------------------------------------------------------

    def show_inbox(self, inbox: TodayInbox, cover=None) -> None:
        self.inbox = inbox
        self.title.setText(f"Today, {inbox.today:%A} {w.long_date(inbox.today)}")
        if cover is not None and cover.people:
            share = round(cover.checked * 100 / cover.people)
            self.lifestyle.setText(
                f"Lifestyle checks: {cover.checked:,} of the {cover.people:,} people you lead "
                f"({share}%) had one since {w.long_date(cover.since)}.")
        self.lifestyle.setVisible(cover is not None and bool(cover.people))
        if inbox.professional_id is None:
            self.summary.setText("")
            self.empty.title.setText("No inbox for this user")
            self.empty.set_body("Your user is not linked to a professional in the directory, "
                                "so nothing can be due for you. Ask an administrator to link "
                                "it.")
            self.stack.setCurrentWidget(self.empty)
            self.hint.hide()
            return
        if inbox.is_empty:
            self.summary.setText("")
            self.empty.title.setText("Nothing due today")
            self.empty.set_body(
                "Checked just now: " + " ".join(empty for _a, _h, empty in GROUPS)
                + " New items appear here as they fall due.")
            self.stack.setCurrentWidget(self.empty)
            self.hint.hide()
            self.loaded.emit(inbox)
            return
        self._fill(inbox)
        n = len(inbox.items)
        overdue = inbox.overdue
        self.summary.setText(f"{w.plural(n, 'item')} for you"
                             + (f", {overdue} overdue." if overdue else ".")
                             + " Overdue items come first in each group.")
        self.stack.setCurrentWidget(self.tree)
        self.hint.show()
        self.loaded.emit(inbox)

    def _fill(self, inbox: TodayInbox) -> None:
        t = self.tree
        t.clear()
        bold = QFont(t.font())
        bold.setBold(True)
        first_item = None
        red_bg, red_fg = w.TONES["red"]
        for attr, heading, _empty in GROUPS:
            items: tuple[TodayItem, ...] = getattr(inbox, attr)
            group = QTreeWidgetItem([f"{heading} ({len(items)})", "", ""])
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            bg = QBrush(QColor(w.TONES["grey"][0]))
            for c in range(3):
                group.setBackground(c, bg)
            t.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for item in items:
                row = QTreeWidgetItem([item.person_name or "No one in particular",
                                       _when(item), item.text])
                row.setData(0, Qt.ItemDataRole.UserRole, item)
                row.setToolTip(2, item.text)
                if item.overdue:
                    row.setBackground(1, QBrush(QColor(red_bg)))
                    row.setForeground(1, QBrush(QColor(red_fg)))
                    row.setFont(1, bold)
                group.addChild(row)
                first_item = first_item or row
            group.setExpanded(True)
        char = t.fontMetrics().averageCharWidth()
        t.setColumnWidth(0, char * 26)
        t.setColumnWidth(1, char * 38)  # bold "Overdue: 20 September 2026"
        if first_item is not None:
            t.setCurrentItem(first_item)

    # ---- opening --------------------------------------------------------------------------

    def _open(self, row: QTreeWidgetItem) -> None:
        data = row.data(0, Qt.ItemDataRole.UserRole)
        if data is not None:
            self._open_data(data)

    def _open_data(self, item: TodayItem) -> None:
        if item.person_id is not None:
            self.open_person.emit(item.person_id, item.section)

    def focus_list(self) -> None:
        self.tree.setFocus()
