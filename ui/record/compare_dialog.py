"""Compare two versions of a plan: what was added, removed and changed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import PlanStatus
from carecoord.domain.errors import CareCoordError
from carecoord.services import plans
from carecoord.services.base import Ctx
from carecoord.services.plans import Difference, PlanSummary
from ui.record import forms


def version_label(v: PlanSummary) -> str:
    if v.status == PlanStatus.DRAFT:
        return f"Version {v.number}: draft being written"
    when = forms.long_date(v.agreed_on)
    if v.status == PlanStatus.SUPERSEDED:
        return f"Version {v.number}: agreed {when}, replaced {forms.long_date(v.superseded_on)}"
    if v.status == PlanStatus.UNDER_REVIEW:
        return f"Version {v.number}: agreed {when}, in force, under review"
    return f"Version {v.number}: agreed {when}, in force"


def change_kind(d: Difference) -> str:
    if d.after == "Removed" or (d.before and not d.after):
        return "Removed"
    if not d.before:
        return "Added"
    return "Changed"


_COLOURS = {
    "Added": (forms.GREEN_BG, forms.GREEN_FG),
    "Removed": (forms.RED_BG, forms.RED_FG),
    "Changed": (forms.AMBER_BG, forms.AMBER_FG),
}


class CompareDialog(QDialog):
    def __init__(self, ctx: Ctx, versions: list[PlanSummary], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.versions = [v for v in versions
                         if v.status not in (PlanStatus.OFFERED, PlanStatus.DECLINED)]
        self.differences: list[Difference] = []
        self.setWindowTitle("Compare versions of the plan")
        layout = QVBoxLayout(self)
        pick = QHBoxLayout()
        self.older = QComboBox()
        self.newer = QComboBox()
        for combo in (self.older, self.newer):
            for v in self.versions:
                combo.addItem(version_label(v), v.id)
        if len(self.versions) >= 2:
            self.older.setCurrentIndex(len(self.versions) - 2)
            self.newer.setCurrentIndex(len(self.versions) - 1)
        pick.addWidget(forms.label_for("&Earlier version", self.older))
        pick.addWidget(self.older, 1)
        pick.addSpacing(12)
        pick.addWidget(forms.label_for("&Later version", self.newer))
        pick.addWidget(self.newer, 1)
        layout.addLayout(pick)

        self.summary = forms.heading("", 1.05)
        self.summary.setAccessibleName("Summary of differences")
        layout.addWidget(self.summary)
        layout.addWidget(forms.hint("Green rows were added, red rows removed, amber rows "
                                    "changed; the first column says which."))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Change", "Where", "Before", "After"])
        self.table.setAccessibleName("Differences between the versions")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.setColumnWidth(1, 300)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Close).setText("&Close")
        layout.addWidget(buttons)
        self.older.currentIndexChanged.connect(self.refresh)
        self.newer.currentIndexChanged.connect(self.refresh)
        self.resize(1100, 640)
        self.refresh()
        self.older.setFocus()

    def refresh(self, *_args) -> None:
        if len(self.versions) < 2:
            self._show([], "There is only one version so far. Once a review makes a second "
                           "version, you can compare them here.")
            return
        a, b = self.older.currentData(), self.newer.currentData()
        if a == b:
            self._show([], "Pick two different versions to compare.")
            return
        numbers = {v.id: v.number for v in self.versions}
        if numbers[a] > numbers[b]:
            a, b = b, a
        try:
            diffs = plans.compare(self.ctx, a, b)
        except CareCoordError as exc:
            self._show([], str(exc))
            return
        n = len(diffs)
        words = (f"{n} difference{'s' if n != 1 else ''} between version {numbers[a]} and "
                 f"version {numbers[b]}." if n else
                 f"No differences: versions {numbers[a]} and {numbers[b]} say the same.")
        self._show(diffs, words)

    def _show(self, diffs: list[Difference], summary: str) -> None:
        self.differences = diffs
        self.summary.setText(summary)
        self.table.setRowCount(len(diffs))
        for row, d in enumerate(diffs):
            kind = change_kind(d)
            bg, fg = _COLOURS[kind]
            before = "In the plan" if d.before == "Present" else d.before
            after = d.after
            for col, text in enumerate((kind, d.where, before or "—", after or "—")):
                item = QTableWidgetItem(text)
                item.setBackground(QColor(bg))
                item.setForeground(QColor(fg if col == 0 else "#1b1f23"))
                item.setToolTip(text)
                if col == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setTextAlignment(Qt.AlignLeft | Qt.AlignTop)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(diffs))
