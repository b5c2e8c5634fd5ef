"""Adding a reading typed by hand ("120/80"), and removing one entered in error.

An impossible value is refused with the service's sentence. An unusual one is saved only
after the user answers the service's question ("... is unusually high. Save it anyway?"):
the question appears in the form and the buttons become "Yes, save it anyway" and "No,
change it"; changing anything puts the question away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QLabel, QWidget

from carecoord.domain.errors import CareCoordError, ValidationError
from carecoord.services import readings
from carecoord.services.base import Ctx
from carecoord.services.readings import KindView, NeedsConfirmation, ReadingRow
from ui.team import widgets as w

REMOVE_REASONS = ("Entered in error", "Entered twice", "Wrong person", "Meter was faulty")


def range_words(kind: KindView) -> str:
    """'usually 90 to 160 over 50 to 100 mmHg', '4.0 to 12.0 mmol/L'."""
    def span(r) -> str:
        return f"{r.low:.{kind.decimals}f} to {r.high:.{kind.decimals}f}"
    text = span(kind.usual)
    if kind.two_values:
        text += f" over {span(kind.usual2)}"
    return f"{text}{'' if kind.unit == '%' else ' '}{kind.unit}"


def example(kind: KindView) -> str:
    if kind.two_values:
        return f"{kind.value_names[0]}/{kind.value_names[1]}, for example 120/80"
    return f"usually {range_words(kind)}"


class AddReadingDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, person_id: int, kind_code: str | None = None,
                 parent: QWidget | None = None, person_name: str | None = None):
        who = person_name or "this person"
        super().__init__("Add a reading",
                         f"A reading {who} took, or one taken at the visit. Type it as it "
                         "appears on the meter.", "&Save reading", parent)
        self.ctx, self.person_id = ctx, person_id
        self.kinds = readings.reading_kinds(ctx)
        self.asking = False
        self.kind = self.row("&Kind of reading", w.combo("Kind of reading"), "kind")
        for k in self.kinds:
            self.kind.addItem(k.title, k.code)
        if kind_code is not None and self.kind.findData(kind_code) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(kind_code))
        self.value = w.line_edit("Reading")
        self.unit = QLabel()
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.value, 1)
        line.addWidget(self.unit)
        self.form.addRow(w.label_for("&Reading", self.value), holder)
        self.fields["value"] = self.fields["value2"] = self.value
        when = QWidget()
        line = QHBoxLayout(when)
        line.setContentsMargins(0, 0, 0, 0)
        self.day = w.date_edit("Date taken", ctx.today())
        self.time = w.time_edit("Time taken")
        self.time.setPlaceholderText("now")
        line.addWidget(self.day)
        line.addWidget(w.label_for("T&ime", self.time, "Time taken"))
        line.addWidget(self.time)
        line.addStretch(1)
        self.form.addRow(w.label_for("&Date", self.day, "Date taken"), when)
        self.fields["taken_at"] = self.day
        self.note = self.row("&Note", w.line_edit("Note", "optional, for example 'after "
                                                          "breakfast'"), "note")
        self.question = w.flag("", "amber")
        self.question.hide()
        self.body.insertWidget(self.body.indexOf(self.problem), self.question)
        self.no = self.buttons.addButton("N&o, change it", QDialogButtonBox.ButtonRole.ResetRole)
        self.no.setAccessibleName("No, change it")
        self.no.hide()
        self.no.clicked.connect(self._change_it)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        for edit in (self.value, self.day, self.time, self.note):
            edit.textChanged.connect(self._put_question_away)
        self.day.textChanged.connect(self._day_changed)
        self.kind.currentIndexChanged.connect(self._put_question_away)
        self._kind_changed()
        self.value.setFocus()

    def chosen(self) -> KindView | None:
        code = self.kind.currentData()
        return next((k for k in self.kinds if k.code == code), None)

    def _kind_changed(self) -> None:
        kind = self.chosen()
        if kind is None:
            return
        self.unit.setText(kind.unit)
        self.value.setPlaceholderText(example(kind))
        self.value.setAccessibleName(f"Reading: {kind.phrase} in {kind.unit}")

    def _day_changed(self) -> None:
        # A time left blank means now today; on an earlier day the service takes midday.
        today = self.day.text().strip() in (w.short_date(self.ctx.today()), "")
        self.time.setPlaceholderText("now" if today else "not known")

    def taken_at(self) -> str:
        day, time = self.day.text().strip(), self.time.text().strip()
        return f"{day} {time}" if day and time else day

    def perform(self) -> ReadingRow:
        return readings.record_reading(self.ctx, self.person_id, self.kind.currentData(),
                                       self.value.text(), taken_at=self.taken_at(),
                                       note=self.note.text(), confirmed=self.asking)

    # -- the question about an unusual value -------------------------------------------------

    def run(self) -> None:
        try:
            result = self.perform()
        except NeedsConfirmation as exc:
            self._ask(str(exc))
            return
        except ValidationError as exc:
            self._put_question_away()
            w.show_problem(self.problem, str(exc))
            self.fields.get(exc.field or "", self.value).setFocus(
                Qt.FocusReason.OtherFocusReason)
            return
        except CareCoordError as exc:
            self._put_question_away()
            w.show_problem(self.problem, str(exc))
            return
        self.result_value = result
        self.accept()

    def _ask(self, question: str) -> None:
        w.show_problem(self.problem, None)
        self.asking = True
        self.question.setText(question)
        self.question.setAccessibleName(question)
        self.question.show()
        self.ok.setText("&Yes, save it anyway")
        self.ok.setAccessibleName("Yes, save it anyway")
        self.no.show()
        self.cancel.hide()
        self.ok.setFocus()

    def _put_question_away(self, *_args) -> None:
        if not self.asking:
            return
        self.asking = False
        self.question.hide()
        self.no.hide()
        self.cancel.show()
        self.ok.setText("&Save reading")
        self.ok.setAccessibleName("Save reading")

    def _change_it(self) -> None:
        self._put_question_away()
        self.value.setFocus()
        self.value.selectAll()


class RemoveReadingDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, row: ReadingRow, parent: QWidget | None = None):
        super().__init__("Remove a reading",
                         f"The {row.kind_name} of {row.display} taken on "
                         f"{w.day_and_time(row.taken_at)} will leave the list and the chart. "
                         "It is kept, with your reason, in the record's history.",
                         "&Remove reading", parent)
        self.ctx, self.reading = ctx, row
        self.reason = self.row("&Reason", w.suggestion_combo("Reason", REMOVE_REASONS,
                                                             REMOVE_REASONS[0]), "reason")
        self.reason.setFocus()
        self.reason.lineEdit().selectAll()

    def perform(self) -> ReadingRow:
        readings.retire_reading(self.ctx, self.reading.id, self.reason.currentText())
        return self.reading
