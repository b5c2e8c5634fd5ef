"""The export log: every file exported or printed, for whom, by whom, when, and the file's
SHA-256, so a copy that turns up later can be matched to its entry. On a record it lists that
person's exports (files holding them among others too); with no person, every export in the
store, for the information lead."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from carecoord.documents.styles import Layout
from carecoord.domain.dates import format_date
from carecoord.domain.enums import ExportKind
from carecoord.domain.errors import CareCoordError
from carecoord.services import sharing
from carecoord.services.base import Ctx
from carecoord.services.sharing import ExportLogLine
from ui import style
from ui.team import widgets as w

KIND_WORDS = {
    ExportKind.PDF: "Printed plan (PDF)",
    ExportKind.FHIR: "Record as FHIR file",
    ExportKind.ICS: "Appointments calendar",
    ExportKind.CSV: "Caseload list (CSV)",
    ExportKind.RECORD: "Full record (subject access)",
    ExportKind.BACKUP: "Backup",
}
SHORT_HASH = 12


def local_time(at: dt.datetime) -> str:
    """The log keeps UTC; people read their own clock."""
    return format_date(at.replace(tzinfo=dt.UTC).astimezone(), "%-d %b %Y %H:%M")


def what_was_sent(line: ExportLogLine) -> str:
    """'Printed plan (PDF): large print, professional copy' from the entry's detail."""
    words = KIND_WORDS.get(line.kind, line.kind_label)
    try:
        detail = json.loads(line.detail) if line.detail else {}
    except ValueError:
        detail = {}
    extra = []
    if isinstance(detail, dict):
        if detail.get("layout") in Layout._value2member_map_:
            extra.append(Layout(detail["layout"]).label.lower())
        if detail.get("professional"):
            extra.append("professional copy")
        if detail.get("calendar") == "week":
            extra.append(f"week {detail.get('week', '')}".strip())
    return f"{words}: {', '.join(extra)}" if extra else words


def whose(line: ExportLogLine) -> str:
    if line.people_count > 1 or line.person_name is None:
        return w.plural(line.people_count, "person", "people")
    return f"{line.person_name} ({line.nhs_number})" if line.nhs_number else line.person_name


class ExportLogView(QWidget):
    changed = Signal()  # never emitted: the log is read-only; kept for a uniform section API

    def __init__(self, ctx: Ctx, person_id: int | None = None, parent: QWidget | None = None,
                 person_name: str | None = None, limit: int = 500):
        super().__init__(parent)
        self.ctx, self.person_id, self.limit = ctx, person_id, limit
        self.who = person_name or "this person"
        self.lines: list[ExportLogLine] = []
        self.dialog = None

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        everyone = person_id is None
        layout.addWidget(w.heading("Export log for the whole store" if everyone
                                   else "Export log"))
        layout.addWidget(w.hint(
            "Every file exported or printed from this store: what, whose record, for whom, by "
            "whom and when. The SHA-256 fingerprint identifies the exact file." if everyone
            else f"Every file of {self.who}'s record that was exported or printed. The SHA-256 "
            "fingerprint identifies the exact file."))
        actions = QHBoxLayout()
        self.copy_button = w.button("&Copy SHA-256", "Copy the selected file's full SHA-256 "
                                    "fingerprint (Alt+C, or Ctrl+C in the list)")
        self.refresh_button = w.button("Re&fresh", "Show exports made since this list was "
                                       "opened (Alt+F)")
        actions.addWidget(self.copy_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        self.count = w.note("")
        actions.addWidget(self.count)
        layout.addLayout(actions)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        # The file name is long and wraps, so it goes last and takes the spare width.
        self.columns = (("When", "What", "Whose record", "For whom", "By whom", "SHA-256",
                         "File") if everyone else
                        ("When", "What", "For whom", "By whom", "SHA-256", "File"))
        self.table = w.table("Export log", self.columns)
        layout.addWidget(self.table, 1)
        self.empty = w.note("")
        layout.addWidget(self.empty)
        layout.addStretch(0)

        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.table)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy_hash)
        self.copy_button.clicked.connect(self.copy_hash)
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.lines = sharing.export_log(self.ctx, self.person_id, self.limit)
            w.show_problem(self.problem, None)
        except CareCoordError as exc:
            self.lines = []
            w.show_problem(self.problem, str(exc))
        t = self.table
        t.setRowCount(len(self.lines))
        hash_col = self.columns.index("SHA-256")
        for row, line in enumerate(self.lines):
            cells = [local_time(line.at), what_was_sent(line)]
            if self.person_id is None:
                cells.append(whose(line))
            cells += [line.for_whom, line.username, line.sha256[:SHORT_HASH] + "…",
                      line.file_name]
            w.fill_row(t, row, cells, data=line.id)
            item = t.item(row, hash_col)
            item.setToolTip(f"SHA-256: {line.sha256}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"SHA-256 {line.sha256}")
            item.setFont(style.monospace(t.font()))
            if line.people_count > 1 and self.person_id is not None:
                t.item(row, 2).setText(f"{line.for_whom} (a file of "
                                       f"{w.plural(line.people_count, 'person', 'people')})")
        w.fit_columns(t)
        has = bool(self.lines)
        t.setVisible(has)
        self.copy_button.setEnabled(has)
        if has:
            more = " (the newest shown)" if len(self.lines) >= self.limit else ""
            self.count.setText(w.plural(len(self.lines), "file") + more)
            if t.currentRow() < 0:
                t.selectRow(0)
        else:
            self.count.setText("")
        self.empty.setVisible(not has and not self.problem.isVisible())
        self.empty.setText(
            "Nothing has been exported or printed from this store yet." if self.person_id is None
            else f"Nothing from {self.who}'s record has been exported or printed yet. Saved "
            "and printed plans, FHIR files, calendars and subject access copies appear here.")

    def selected(self) -> ExportLogLine | None:
        ident = w.selected_data(self.table)
        return next((x for x in self.lines if x.id == ident), None)

    def copy_hash(self) -> None:
        line = self.selected()
        if line is None:
            w.show_problem(self.problem, "Choose a file in the list first, using the arrow "
                                         "keys.")
            return
        QGuiApplication.clipboard().setText(line.sha256)
        w.show_problem(self.problem, None)
        self.count.setText(f"Copied the SHA-256 of {line.file_name}.")
