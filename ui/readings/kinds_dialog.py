"""The kinds of reading the team records, with their ranges: add one (temperature, FEV1...),
change a kind's ranges, retire one that is no longer recorded or bring it back.

Readings already saved keep their values; the ranges decide only what is refused and what
is asked about from now on. Clinicians and administrators may change kinds (the service
decides, and says so to anyone else).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord.services import readings
from carecoord.services.base import Ctx
from carecoord.services.readings import KindInput, KindView
from ui import style
from ui.readings.reading_dialogs import range_words
from ui.team import widgets as w
from ui.window_fit import keep_whole

COLUMNS = ("Kind", "Unit", "Usual range", "Possible range", "Recorded")


def code_for(name: str) -> str:
    """A stable code from the name: 'Body temperature' -> 'body_temperature'."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")[:40]


def _number_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    width = edit.fontMetrics().horizontalAdvance("00000.00") + style.em(edit)
    edit.setMinimumWidth(width)
    edit.setMaximumWidth(width)
    return edit


def _span(kind: KindView, usual: bool) -> str:
    r = kind.usual if usual else kind.plausible
    text = f"{r.low:g} to {r.high:g}"
    if kind.two_values:
        r2 = kind.usual2 if usual else kind.plausible2
        text += f" over {r2.low:g} to {r2.high:g}"
    return text


class RangeRow(QWidget):
    """'from [ ] to [ ]' for one range."""

    def __init__(self, name: str):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.low = _number_edit(f"{name}, lowest")
        self.high = _number_edit(f"{name}, highest")
        row.addWidget(self.low)
        row.addWidget(QLabel("to"))
        row.addWidget(self.high)
        row.addStretch(1)

    def set(self, low: float | None, high: float | None) -> None:
        self.low.setText("" if low is None else f"{low:g}")
        self.high.setText("" if high is None else f"{high:g}")


class KindsDialog(QDialog):
    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kinds: list[KindView] = []
        self.changed_any = False
        self.setWindowTitle("Kinds of reading")
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.note("A value outside the possible range is refused; one outside "
                                "the usual range is saved only after the user says yes. "
                                "Changing a range does not change readings already saved."))
        self.table = w.table("Kinds of reading", COLUMNS, fit_rows=10)
        layout.addWidget(w.label_for("&Kinds", self.table, "Kinds of reading"))
        layout.addWidget(self.table)

        form = QGridLayout()
        self.name = w.line_edit("Name", "for example 'temperature'")
        self.unit = w.line_edit("Unit", "for example '°C'")
        self.unit.setMinimumWidth(style.em(self.unit) * 6)
        self.possible = RangeRow("Possible range")
        self.usual = RangeRow("Usual range")
        self.possible2 = RangeRow("Possible range of the second value")
        self.usual2 = RangeRow("Usual range of the second value")
        self.decimals = _number_edit("Decimal places")
        self.decimals.setMaxLength(1)
        # Two fields to a line, so the dialog fits a laptop at 150% (480 pixels high).
        form.setHorizontalSpacing(style.em(self) // 2)
        form.setColumnMinimumWidth(2, style.em(self))
        form.setColumnStretch(1, 1)
        form.setColumnStretch(4, 1)
        self.second_labels = (QLabel("Second value possible from"),
                              QLabel("Second value usual from"))
        for row, ((left, left_field), (right, right_field)) in enumerate((
                ((w.label_for("&Name", self.name), self.name),
                 (w.label_for("&Unit", self.unit), self.unit)),
                ((w.label_for("&Possible from", self.possible.low, "Possible range"),
                  self.possible),
                 (w.label_for("Usual &from", self.usual.low, "Usual range"), self.usual)),
                ((self.second_labels[0], self.possible2),
                 (self.second_labels[1], self.usual2)),
                ((w.label_for("&Decimal places", self.decimals), self.decimals),
                 (None, None)))):
            form.addWidget(left, row, 0)
            form.addWidget(left_field, row, 1)
            if right is not None:
                form.addWidget(right, row, 3)
                form.addWidget(right_field, row, 4)
        layout.addLayout(form)
        self.pair_note = w.hint("")
        layout.addWidget(self.pair_note)

        actions = QHBoxLayout()
        self.add_button = w.button("&Add as a new kind", edits=True)
        self.save_button = w.button("&Save changes to the chosen kind", edits=True)
        self.retire_button = w.button("&Retire", "No new readings of this kind; the old ones "
                                      "stay on the record", edits=True)
        self.restore_button = w.button("&Bring back", edits=True)
        for b in (self.add_button, self.save_button, self.retire_button, self.restore_button):
            actions.addWidget(b)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        actions.addWidget(close)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        self.done_note = w.flag("", "green")
        self.done_note.hide()
        layout.addWidget(self.done_note)
        layout.addLayout(actions)
        # Never narrower than its widest line of fields, or the fields would overlap.
        self.setMinimumWidth(max(style.em(self) * 52, layout.minimumSize().width()))
        keep_whole(self)  # a refusal pushes the rows down rather than squeeze them

        self.fields = {"name": self.name, "unit": self.unit, "code": self.name,
                       "plausible_min": self.possible.low, "plausible_max": self.possible.high,
                       "usual_min": self.usual.low, "usual_max": self.usual.high,
                       "plausible_min2": self.possible2.low,
                       "plausible_max2": self.possible2.high,
                       "usual_min2": self.usual2.low, "usual_max2": self.usual2.high,
                       "decimals": self.decimals}
        self.table.itemSelectionChanged.connect(self._chosen)
        self.add_button.clicked.connect(self.add_kind)
        self.save_button.clicked.connect(self.save_kind)
        self.retire_button.clicked.connect(lambda: self._set_active(False))
        self.restore_button.clicked.connect(lambda: self._set_active(True))
        w.set_read_only(self, ctx.actor.can_change)
        self.load()
        self.table.setFocus()

    # -- showing ----------------------------------------------------------------------------

    def load(self, keep: str | None = None) -> None:
        self.kinds = readings.reading_kinds(self.ctx, include_retired=True)
        t = self.table
        t.setRowCount(len(self.kinds))
        for row, k in enumerate(self.kinds):
            w.fill_row(t, row, (k.title, k.unit, _span(k, True), _span(k, False),
                                "Yes" if k.active else "Retired"),
                       data=k.code, muted=not k.active)
        w.fit_columns(t)
        if not (keep and w.select_data(t, keep)) and self.kinds:
            w.select_data(t, self.kinds[0].code)
        self._chosen()

    def chosen(self) -> KindView | None:
        code = w.selected_data(self.table)
        return next((k for k in self.kinds if k.code == code), None)

    def _chosen(self) -> None:
        k = self.chosen()
        can = self.ctx.actor.can_change
        self.save_button.setEnabled(can and k is not None)
        self.retire_button.setEnabled(can and k is not None and k.active)
        self.restore_button.setEnabled(can and k is not None and not k.active)
        pair = k is not None and k.two_values
        for widget in (*self.second_labels, self.possible2, self.usual2):
            widget.setVisible(pair)
        if k is None:
            return
        self.name.setText(k.title)
        self.unit.setText(k.unit)
        self.possible.set(k.plausible.low, k.plausible.high)
        self.usual.set(k.usual.low, k.usual.high)
        if pair:
            self.possible2.set(k.plausible2.low, k.plausible2.high)
            self.usual2.set(k.usual2.low, k.usual2.high)
        self.decimals.setText(str(k.decimals))
        how = ("To change the chosen kind, edit it and press Alt+S. To add a new kind, type "
               "its name, unit and ranges over these and press Alt+A; a new kind has one "
               "value.")
        self.pair_note.setText(f"{k.title} is typed as two values, {k.value_names[0]} over "
                               f"{k.value_names[1]}, usually {range_words(k)}. {how}" if pair
                               else how)

    # -- changing ---------------------------------------------------------------------------

    def _input(self, code: str, pair: KindView | None) -> KindInput:
        values = dict(code=code, name=self.name.text(), unit=self.unit.text(),
                      plausible_min=self.possible.low.text(),
                      plausible_max=self.possible.high.text(),
                      usual_min=self.usual.low.text(), usual_max=self.usual.high.text(),
                      decimals=self.decimals.text() or "1")
        if pair is not None:
            values.update(value_names=pair.value_names,
                          plausible2_min=self.possible2.low.text(),
                          plausible2_max=self.possible2.high.text(),
                          usual2_min=self.usual2.low.text(), usual2_max=self.usual2.high.text())
        return KindInput(**values)

    def _run(self, action, done: str) -> None:
        self.done_note.hide()
        result = w.attempt(action, self.problem, self.fields, self.name)
        if result is None:
            return
        self.changed_any = True
        self.load(result.code)
        self.done_note.setText(done.format(kind=result.title))
        self.done_note.show()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_kind(self) -> None:
        self._run(lambda: readings.add_kind(self.ctx, self._input(code_for(self.name.text()),
                                                                  None)),
                  "{kind} added: it can be recorded now.")

    def save_kind(self) -> None:
        k = self.chosen()
        if k is None:
            return
        self._run(lambda: readings.update_kind(
            self.ctx, self._input(k.code, k if k.two_values else None)),
            "{kind}: the changes are saved.")

    def _set_active(self, active: bool) -> None:
        k = self.chosen()
        if k is None:
            return
        self._run(lambda: readings.set_kind_active(self.ctx, k.code, active),
                  "{kind} can be recorded again." if active
                  else "{kind} is retired: no new readings; the old ones stay.")
