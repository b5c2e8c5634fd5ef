"""Self-monitoring readings on a person's record: choose a kind, see it over time on a chart
with its usual range shaded, and the readings themselves in a table."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carecoord.services import readings
from carecoord.services.base import Ctx
from carecoord.services.readings import KindView, PersonReadings, ReadingRow
from ui.list_section import ListSection, labelled
from ui.readings.chart import ReadingsChart
from ui.readings.kinds_dialog import KindsDialog
from ui.readings.reading_dialogs import AddReadingDialog, RemoveReadingDialog, range_words
from ui.team import widgets as w

# Four columns with short headings, so the list fits a laptop at 150% without scrolling
# sideways: who recorded a reading is the last line of its note.
COLUMNS = ("Taken", "Reading", "Usual range?", "Note")


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


class ReadingsSection(ListSection):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, person_id, "Readings", parent, person_name)
        self.data = PersonReadings((), ())
        self.kinds: dict[str, KindView] = {}
        self.kind = w.combo("Kind of reading to show")
        self.add_button = self.action("Add &reading…", "A reading typed in by hand, such as "
                                      "120/80 (Alt+R)", self.add_reading)
        self.remove_button = self.action("Remo&ve reading…", "Take a reading entered in "
                                         "error off the list; it is kept in the history "
                                         "(Alt+V)", self.remove_reading)
        self.kinds_button = self.action("&Kinds of reading…", "The kinds the team records and "
                                        "their usual and possible ranges (Alt+K)",
                                        self.edit_kinds, edits=False)
        self.toolbar(labelled("&Show", self.kind, "Kind of reading to show"), self.add_button,
                     self.remove_button, self.kinds_button)
        self.result_line()
        self.chart = self.add(ReadingsChart(), 2)
        self.range_note = self.add(w.hint(""))
        self.list_table(f"Readings for {self.who}", COLUMNS, 8, stretch=1)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_kind())
        self.table.itemSelectionChanged.connect(self._enable)
        self.ready(0)  # the spare height is taken only while the chart is hidden

    def listed(self) -> tuple[ReadingRow, ...]:
        return self.data.rows

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
            note = r.note or ""
            if r.recorded_by:
                note += (f"\n(recorded by {r.recorded_by})" if note
                         else f"Recorded by {r.recorded_by}")
            w.fill_row(t, row, (w.day_and_time(r.taken_at), r.display,
                                f"No: {unusual.lower()}" if unusual else "Yes", note),
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

    def _enable(self) -> None:
        w.enable_for_rows(self.can_change, self.selected() is not None, self.remove_button)

    # -- actions ----------------------------------------------------------------------------

    def add_reading(self) -> None:
        kind = self.kinds.get(self.kind.currentData())
        code = kind.code if kind is not None and kind.active else None
        self.open_dialog(AddReadingDialog(self.ctx, self.person_id, code, self, self.who),
                         self._added)

    def _added(self, dialog: AddReadingDialog) -> None:
        r: ReadingRow = dialog.result_value
        self.refresh(r.kind_code)
        w.select_data(self.table, r.id)
        self.say(f"{r.kind_name[:1].upper()}{r.kind_name[1:]} of {r.display} saved"
                 + (": it is outside the usual range." if r.unusual else "."),
                 "amber" if r.unusual else "green")
        self.changed.emit()
        self.table.setFocus()

    def remove_reading(self) -> None:
        r = self.selected()
        if r is None:
            self.need_choice("a reading")
            return
        self.open_dialog(RemoveReadingDialog(self.ctx, r, self), self._removed)

    def _removed(self, dialog: RemoveReadingDialog) -> None:
        r = dialog.reading
        self.refresh(r.kind_code)
        self.say(f"The {r.kind_name} of {r.display} was taken off the list.", "grey")
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
