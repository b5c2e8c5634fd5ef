"""History: the plan's versions and who held the lead, beside the record's audit trail."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.dates import format_date
from carecoord.domain.enums import PlanStatus
from carecoord.services import plans, team
from carecoord.services.base import Ctx
from carecoord.services.history import AuditLine, record_history
from carecoord.services.people import PersonView
from carecoord.services.plans import PlanSummary
from ui.list_section import WrapAnywhere
from ui.record import forms
from ui.team import widgets as w


def _table(headers: list[str], name: str, fit_rows: int | None = None) -> QTableWidget:
    """A read-only list whose columns give way to the window's width: the words wrap (inside a
    long word where they must) and a heading takes a second line, so nothing scrolls
    sideways on a laptop at 150%."""
    table = w.table(name, headers, fit_rows=fit_rows)
    table.setItemDelegate(WrapAnywhere(table))
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setTextAlignment(Qt.AlignLeft | Qt.AlignTop)
            table.setItem(r, c, item)


# The versions and the leads are shown whole up to this many rows, then scroll on their own.
FIT_ROWS = 6


def _local(at: dt.datetime) -> str:
    return format_date(at.replace(tzinfo=dt.UTC).astimezone(), "%-d %b %Y %H:%M")


class HistorySection(QWidget):
    compare_requested = Signal()

    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person: PersonView | None = None
        self.versions: list[PlanSummary] = []
        self.lines: list[AuditLine] = []
        self.stale = True
        self.dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        layout.addWidget(split)
        self.split = split

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        box = QGroupBox("Versions of the plan")
        box_layout = QVBoxLayout(box)
        self.version_table = _table(["Version", "Status", "Agreed", "Next review",
                                     "Replaced"], "Versions of the plan", FIT_ROWS)
        self.version_table.doubleClicked.connect(self.show_version)
        box_layout.addWidget(self.version_table)
        self.no_versions = forms.hint("No plan yet. Versions appear here once a plan is "
                                      "offered, written and agreed.")
        box_layout.addWidget(self.no_versions)
        row = QHBoxLayout()
        self.show_button = forms.button("Show this &version", "Read the selected version "
                                        "as it was (Alt+V or Enter)")
        self.show_button.clicked.connect(self.show_version)
        self.compare_button = forms.button("&Compare versions…", "Show what changed between "
                                           "two versions (Alt+C)")
        self.compare_button.clicked.connect(self.compare_requested)
        row.addWidget(self.show_button)
        row.addWidget(self.compare_button)
        row.addStretch(1)
        box_layout.addLayout(row)
        left_layout.addWidget(box, 3)

        leads = QGroupBox("Lead professionals")
        leads_layout = QVBoxLayout(leads)
        self.lead_table = _table(["Lead professional", "From", "To", "Handover note"],
                                 "Lead professionals over time", FIT_ROWS)
        leads_layout.addWidget(self.lead_table)
        left_layout.addWidget(leads, 2)
        split.addWidget(left)

        right = QGroupBox("Who did what to this record")
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(forms.hint("Every opening and change of this record, newest "
                                          "first, from the tamper-evident audit trail."))
        self.audit_table = _table(["When", "Who", "What", "Details"], "Audit trail of this "
                                  "record")
        right_layout.addWidget(self.audit_table)
        split.addWidget(right)
        split.setSizes([520, 700])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Side by side on a wide screen; one above the other when the tables would be too
        # narrow to read (a laptop at 150%), and the record scrolls.
        wide = event.size().width() >= self.fontMetrics().height() * 48
        wanted = Qt.Horizontal if wide else Qt.Vertical
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)
            rows = self.fontMetrics().height() * (1 if wide else 8)
            self.audit_table.setMinimumHeight(rows)  # the others are as tall as their rows
        super().resizeEvent(event)

    def load(self, person: PersonView, versions: list[PlanSummary]) -> None:
        self.person, self.versions = person, versions
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Loaded when first shown: the audit trail is not needed to open a record."""
        if self.person is None:
            return
        self.stale = False
        _fill(self.version_table, [
            [f"Version {v.number}", v.status.label, forms.long_date(v.agreed_on),
             forms.long_date(v.review_date) if v.status in (
                 PlanStatus.AGREED, PlanStatus.UNDER_REVIEW) else "",
             forms.long_date(v.superseded_on)]
            for v in reversed(self.versions)])
        has = bool(self.versions)
        self.version_table.setVisible(has)
        self.no_versions.setVisible(not has)
        self.show_button.setEnabled(has)
        self.compare_button.setEnabled(len([v for v in self.versions if v.status not in (
            PlanStatus.OFFERED, PlanStatus.DECLINED)]) >= 2)
        if has:
            self.version_table.selectRow(0)
        _fill(self.lead_table, [
            [p.professional.label, forms.long_date(p.started_on),
             forms.long_date(p.ended_on) or "now", p.handover_note or ""]
            for p in team.lead_history(self.ctx, self.person.id)])
        self.lines = record_history(self.ctx, self.person.id)
        _fill(self.audit_table, [[_local(a.at), a.username, a.what, a.detail]
                                 for a in self.lines])
        for table in (self.version_table, self.lead_table, self.audit_table):
            w.fit_columns(table)  # the columns to the new words, and the rows to them

    def show_version(self, *_args) -> None:
        row = self.version_table.currentRow()
        if row < 0 or not self.versions:
            return
        summary = list(reversed(self.versions))[row]
        if summary.status in (PlanStatus.OFFERED, PlanStatus.DECLINED):
            return
        self.dialog = VersionDialog(self.ctx, self.person, summary.id, self)
        self.dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()


class VersionDialog(QDialog):
    """One version as it was, read-only."""

    def __init__(self, ctx: Ctx, person: PersonView, plan_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        from ui.record.plan_editor import PlanEditor

        plan = plans.get_plan(ctx, plan_id)
        self.setWindowTitle(f"{person.full_name}: care plan version {plan.number}")
        layout = QVBoxLayout(self)
        self.editor = PlanEditor(ctx, self, read_only=True)
        self.editor.load(person, plan, [], team.team_for(ctx, person.id), None)
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Roomy where the screen allows; never larger than what the screen has free (a laptop
        # at 150% has about 910x480), where the plan scrolls instead.
        screen = parent.screen() if parent is not None else None
        screen = screen or QGuiApplication.primaryScreen()
        free = screen.availableGeometry().size() if screen is not None else QSize(1000, 720)
        self.resize(min(1000, free.width()), min(720, free.height()))
