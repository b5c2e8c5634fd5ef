"""Today, Huddle and Dashboard, for now: what each screen is for, and real figures from the
caseload rows already loaded, with buttons that open the caseload filtered to match.

Nothing here is invented. Every number is counted from the same rows as the caseload table.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import style
from ui.caseload.model import REVIEW_DUE_SOON, REVIEW_OVERDUE, count_text
from ui.caseload.summary import CaseloadSummary


def _figure(text: str = "…", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setFont(style.scaled_font(label.font(), 1.15, bold=True))
    label.setAccessibleName(name)
    return label


def _share(part: int, whole: int) -> str:
    return f"{part:,} ({part * 100 // whole}%)" if whole else f"{part:,}"


class OverviewPage(QWidget):
    """An honest page: purpose, a few counted figures, and where to go next.

    `show_reviews` asks the main window to open the caseload with a review filter:
    (which, mine) where which is REVIEW_OVERDUE or REVIEW_DUE_SOON.
    """

    show_reviews = Signal(str, bool)
    new_person = Signal()

    def __init__(self, title: str, body: str, actions, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        style.page_margins(outer, self)
        outer.addWidget(style.heading(title, 1, self))
        column = QWidget(self)
        column.setMaximumWidth(style.em(self) * 40)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(style.em(self) // 2)
        self.body = style.paragraph(body, column)
        box.addWidget(self.body)
        self.figure_box = QWidget(column)
        self.form = QFormLayout(self.figure_box)
        self.form.setContentsMargins(0, style.em(self) // 2, 0, style.em(self) // 2)
        box.addWidget(self.figure_box)
        self.figures: dict[str, QLabel] = {}
        self.empty_note = style.paragraph(
            "Nobody is in CareCoord yet, so there is nothing to count. Add the first person "
            "you coordinate care for.", column)
        self.empty_note.hide()
        box.addWidget(self.empty_note)
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for text, callback in actions:
            button = QPushButton(text, column)
            button.clicked.connect(callback)
            row.addWidget(button)
            self.buttons.append(button)
        self.new_button = QPushButton("New person…", column)
        self.new_button.clicked.connect(self.new_person)
        self.new_button.hide()
        row.addWidget(self.new_button)
        row.addStretch(1)
        box.addLayout(row)
        outer.addWidget(column)
        outer.addStretch(1)

    def add_figure(self, key: str, label: str) -> None:
        value = _figure(name=label)
        self.figures[key] = value
        self.form.addRow(QLabel(label + ":"), value)

    def set_figure(self, key: str, text: str) -> None:
        self.figures[key].setText(text)

    def show_empty(self, empty: bool) -> None:
        """With nobody in the store, zeros say nothing: say how to start instead."""
        self.empty_note.setVisible(empty)
        self.figure_box.setVisible(not empty)
        self.new_button.setVisible(empty)
        for button in self.buttons:
            button.setVisible(not empty)


class TodayPage(OverviewPage):
    def __init__(self, has_caseload: bool, parent: QWidget | None = None):
        mine = has_caseload
        whose = "your caseload" if has_caseload else "everyone in the store"
        super().__init__(
            "Today",
            "Today is for what needs you now. Reviews are counted below for "
            f"{whose}, from each person's care plan. Open the list, then press Enter on a "
            "person to open their record and update their plan.",
            [("Show overdue reviews", lambda: self.show_reviews.emit(REVIEW_OVERDUE, mine)),
             ("Show reviews due within 14 days",
              lambda: self.show_reviews.emit(REVIEW_DUE_SOON, mine))],
            parent)
        self.mine = mine
        self.add_figure("people", "People on " + whose)
        self.add_figure("overdue", "Reviews overdue")
        self.add_figure("due_soon", "Reviews due within 14 days")

    def update_summary(self, summary: CaseloadSummary) -> None:
        counts = summary.mine if self.mine else summary.everyone
        self.set_figure("people", count_text(counts.people))
        self.set_figure("overdue", f"{counts.overdue:,}")
        self.set_figure("due_soon", f"{counts.due_soon:,}")
        self.show_empty(summary.everyone.people == 0)


class HuddlePage(OverviewPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            "Huddle",
            "The huddle is the team's regular meeting about the people who need discussion. "
            "To prepare one now, list the whole team's overdue reviews, then open each person "
            "in turn (Enter opens, Alt+Left comes back) and record what the team agreed in "
            "their care plan.",
            [("List overdue reviews for the whole team",
              lambda: self.show_reviews.emit(REVIEW_OVERDUE, False)),
             ("List reviews due within 14 days",
              lambda: self.show_reviews.emit(REVIEW_DUE_SOON, False))],
            parent)
        self.add_figure("overdue", "Reviews overdue, whole team")
        self.add_figure("due_soon", "Reviews due within 14 days, whole team")

    def update_summary(self, summary: CaseloadSummary) -> None:
        self.set_figure("overdue", f"{summary.everyone.overdue:,}")
        self.set_figure("due_soon", f"{summary.everyone.due_soon:,}")
        self.show_empty(summary.everyone.people == 0)


class DashboardPage(OverviewPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            "Dashboard",
            "The dashboard shows how well the whole caseload is covered by care plans. The "
            "figures count everyone active in the store, as the caseload was when it was "
            "last loaded. Press F5 to reload it.",
            [("List overdue reviews", lambda: self.show_reviews.emit(REVIEW_OVERDUE, False))],
            parent)
        self.add_figure("people", "People on the caseload")
        self.add_figure("agreed", "With an agreed plan")
        self.add_figure("offered", "Offered a plan (agreed, draft, offered or declined)")
        self.add_figure("none", "Not yet offered a plan")
        self.add_figure("overdue", "Reviews overdue")

    def update_summary(self, summary: CaseloadSummary) -> None:
        people = summary.everyone.people
        self.set_figure("people", count_text(people))
        self.set_figure("agreed", _share(summary.agreed, people))
        self.set_figure("offered", _share(summary.offered, people))
        self.set_figure("none", _share(people - summary.offered, people))
        self.set_figure("overdue", f"{summary.everyone.overdue:,}")
        self.show_empty(people == 0)
