"""Self-monitoring readings on a person's record: choose a kind, see it over time on a chart
with its usual range shaded, and the readings themselves in a table."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from carecoord.services import readings
from carecoord.services.base import Ctx
from carecoord.services.readings import KindView, PersonReadings, ReadingRow
from ui import style
from ui.readings.chart import ReadingsChart
from ui.readings.kinds_dialog import KindsDialog
from ui.readings.reading_dialogs import AddReadingDialog, RemoveReadingDialog, range_words
from ui.team import widgets as w

COLUMNS = ("Taken", "Reading", "In the usual range?", "Recorded by", "Note")


def unusual_words(kind: KindView | None, r: ReadingRow) -> str:
    """'High', 'Low', 'High systolic', or '' for a usual reading."""
    if kind is None or not r.unusual:
        return "Unusual" if r.unusual else ""
    parts = []
    pairs = [(r.value, kind.usual, kind.value_names[0] if kind.two_values else "")]
    if kind.two_values and r.value2 is not None:
        pairs.append((r.value2, kind.usual2, kind.value_names[1]))
    for value, usual, name in pairs:
        if value > usual.high:
            parts.append(f"high {name}".strip())
        elif value < usual.low:
            parts.append(f"low {name}".strip())
    text = ", ".join(parts) or "unusual"
    return text[:1].upper() + text[1:]


class ReadingsSection(QWidget):
    changed = Signal()

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.who = person_name or "this person"
        self.can_change = ctx.actor.can_change
        self.data = PersonReadings((), ())
        self.kinds: dict[str, KindView] = {}
        self.dialog = None

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.heading("Readings"))
        actions = QHBoxLayout()
        self.kind = w.combo("Kind of reading to show")
        actions.addWidget(w.label_for("&Show", self.kind, "Kind of reading to show"))
        actions.addWidget(self.kind)
        actions.addSpacing(style.em(self))
        self.add_button = w.button("Add &reading…", "A reading typed in by hand, such as "
                                   "120/80 (Alt+R)", edits=True)
        self.remove_button = w.button("Remo&ve reading…", "Take a reading entered in error "
                                      "off the list; it is kept in the history (Alt+V)",
                                      edits=True)
        self.kinds_button = w.button("&Kinds of reading…", "The kinds the team records and "
                                     "their usual and possible ranges (Alt+K)")
        actions.addWidget(self.add_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.kinds_button)
        layout.addLayout(actions)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        self.result_note = w.flag("", "green")
        self.result_note.hide()
        layout.addWidget(self.result_note)

        self.chart = ReadingsChart()
        layout.addWidget(self.chart, 2)
        self.range_note = w.hint("")
        layout.addWidget(self.range_note)
        self.table = w.table(f"Readings for {self.who}", COLUMNS, fit_rows=8)
        layout.addWidget(self.table, 1)
        self.empty = w.note("")
        layout.addWidget(self.empty)
        layout.addStretch(0)  # takes the space only while the chart is hidden

        self.kind.currentIndexChanged.connect(lambda _i: self._show_kind())
        self.add_button.clicked.connect(self.add_reading)
        self.remove_button.clicked.connect(self.remove_reading)
        self.kinds_button.clicked.connect(self.edit_kinds)
        self.table.itemSelectionChanged.connect(self._enable)
        w.set_read_only(self, self.can_change)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def refresh(self, kind_code: str | None = None) -> None:
        keep = kind_code or self.kind.currentData()
        self.kinds = {k.code: k for k in readings.reading_kinds(self.ctx, include_retired=True)}
        self.data = readings.readings_for(self.ctx, self.person_id)
        counts: dict[str, int] = {}
        for r in self.data.rows:
            counts[r.kind_code] = counts.get(r.kind_code, 0) + 1
        # Kinds with readings first, the most recently taken first; then the rest.
        order = list(dict.fromkeys(r.kind_code for r in self.data.rows))
        order += [code for code, k in self.kinds.items() if k.active and code not in order]
        self.kind.blockSignals(True)
        self.kind.clear()
        for code in order:
            kind = self.kinds.get(code)
            title = kind.title if kind else code
            n = counts.get(code, 0)
            self.kind.addItem(f"{title} ({n})" if n else f"{title} (none yet)", code)
        index = self.kind.findData(keep) if keep else -1
        self.kind.setCurrentIndex(index if index >= 0 else 0)
        self.kind.blockSignals(False)
        self._show_kind()

    def _show_kind(self) -> None:
        code = self.kind.currentData()
        kind = self.kinds.get(code)
        rows = [r for r in self.data.rows if r.kind_code == code]
        series = next((s for s in self.data.series if s.kind_code == code), None)
        phrase = kind.phrase if kind else "readings"
        self.chart.set_series(series, kind.decimals if kind else 0)
        self.range_note.setText(f"The shaded band is the usual range for {phrase}: "
                                f"{range_words(kind)}." if kind else "")
        self.chart.setVisible(series is not None)
        self.range_note.setVisible(series is not None)
        t = self.table
        t.setRowCount(len(rows))
        for row, r in enumerate(rows):
            unusual = unusual_words(kind, r)
            w.fill_row(t, row, (w.day_and_time(r.taken_at), r.display,
                                f"No: {unusual.lower()}" if unusual else "Yes",
                                r.recorded_by or "", r.note or ""),
                       data=r.id, tones={2: "amber"} if unusual else None)
        w.fit_columns(t)
        t.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if not self.data.rows:
            self.empty.setText(f"No readings have been recorded for {self.who}. Press Alt+R "
                               "to add one, for example a blood pressure typed as 120/80.")
        else:
            self.empty.setText(f"No {phrase} readings for {self.who}. Press Alt+R to add one, "
                               "or Alt+S to show another kind.")
        if rows:
            w.select_data(t, rows[0].id)
        self._enable()

    def selected(self) -> ReadingRow | None:
        ident = w.selected_data(self.table)
        return next((r for r in self.data.rows if r.id == ident), None)

    def _enable(self) -> None:
        w.enable_for_rows(self.can_change, self.selected() is not None, self.remove_button)

    # -- actions ----------------------------------------------------------------------------

    def _say(self, text: str, tone: str = "green") -> None:
        self.result_note.setText(text)
        self.result_note.setStyleSheet(w.flag_style(tone))
        self.result_note.setAccessibleName(text)
        self.result_note.setVisible(bool(text))

    def _open(self, dialog, on_done) -> None:
        w.show_problem(self.problem, None)
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_done(dialog))
        dialog.open()

    def add_reading(self) -> None:
        kind = self.kinds.get(self.kind.currentData())
        code = kind.code if kind is not None and kind.active else None
        self._open(AddReadingDialog(self.ctx, self.person_id, code, self, self.who),
                   self._added)

    def _added(self, dialog: AddReadingDialog) -> None:
        r: ReadingRow = dialog.result_value
        self.refresh(r.kind_code)
        w.select_data(self.table, r.id)
        self._say(f"{r.kind_name[:1].upper()}{r.kind_name[1:]} of {r.display} saved"
                  + (": it is outside the usual range." if r.unusual else "."),
                  "amber" if r.unusual else "green")
        self.changed.emit()
        self.table.setFocus()

    def remove_reading(self) -> None:
        r = self.selected()
        if r is None:
            w.show_problem(self.problem, "Choose a reading in the list first, using the "
                                         "arrow keys.")
            return
        self._open(RemoveReadingDialog(self.ctx, r, self), self._removed)

    def _removed(self, dialog: RemoveReadingDialog) -> None:
        r = dialog.reading
        self.refresh(r.kind_code)
        self._say(f"The {r.kind_name} of {r.display} was taken off the list.", "grey")
        self.changed.emit()
        self.table.setFocus()

    def edit_kinds(self) -> None:
        w.show_problem(self.problem, None)
        dialog = KindsDialog(self.ctx, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self._kinds_closed(dialog))
        dialog.open()

    def _kinds_closed(self, dialog: KindsDialog) -> None:
        if dialog.changed_any:
            self.refresh()
        self.kind.setFocus()
