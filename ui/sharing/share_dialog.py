"""Send a copy of a person's record: a FHIR file for GP and hospital systems, their
appointments as a calendar file, or their full record for a subject access request.

A copy for the person needs no consent. A copy for anyone else is checked against the
consents on the record before a file is even chosen, and the export itself checks again
(the service refuses without consent, whatever this screen shows). The file is written on
the worker thread, then logged with its SHA-256.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import CareCoordError
from carecoord.services import consent, people, sharing
from carecoord.services.base import Ctx
from carecoord.services.consent import ConsentView
from carecoord.services.sharing import ExportResult
from ui import style
from ui.sharing import file_choice
from ui.sharing.consent_section import how_given
from ui.sharing.fitting import grow
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

OWN_COPY = "own"
SOMEONE_ELSE = "other"


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    hint: str
    suffix: str
    kinds: str
    any_recipient: bool  # False: only the person's own copy (a subject access request)


CHOICES = (
    Choice("fhir", "Care record as a FHIR file (for GP and hospital systems)",
           "An HL7 FHIR R4 file that EMIS, SystmOne and hospital systems can read: details, "
           "care team, care plan, goals, conditions, appointments and consents.",
           "care-record.fhir.json", "FHIR files (*.json)", True),
    Choice("ics", "Appointments as a calendar file (.ics)",
           "Every appointment, for a calendar program. Descriptions are neutral: no "
           "diagnosis is named.", "appointments.ics", "Calendar files (*.ics)", True),
    Choice("record", "Full record for a subject access request (.zip)",
           "Everything held about the person, for the person: the professional copy of "
           "the plan, the FHIR file, other records, who viewed the record, and a README.",
           "subject-access.zip", "Zip files (*.zip)", False),
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "record"


# Set while work is with the runner; the runner may finish it before `run` returns.
BUSY = object()


class ShareDialog(QDialog):
    exported = Signal(object)  # ExportResult, once the file is written and logged

    def __init__(self, ctx: Ctx, person_id: int, runner: TaskRunner,
                 parent: QWidget | None = None, person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id, self.runner = ctx, person_id, runner
        self.who = person_name or people.name_of(ctx, person_id)
        self.consents: list[ConsentView] = []
        self.job = None
        self.last: ExportResult | None = None
        self.setWindowTitle(f"Share {self.who}'s record")

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.note(
            f"Save a copy of {self.who}'s record to give to them or to send to someone they "
            "have agreed may have it. Every file is logged: what, for whom, by whom, when, "
            "and its SHA-256 fingerprint."))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.what = w.combo("What to share")
        for c in CHOICES:
            self.what.addItem(c.label, c.key)
        form.addRow(w.label_for("&What to share", self.what), self.what)
        self.what_hint = w.hint("")
        form.addRow("", self.what_hint)
        self.whom = w.combo("For whom")
        form.addRow(w.label_for("&For whom", self.whom), self.whom)
        self.other = w.line_edit("Recipient's name", "the organisation or person's name")
        self.other_label = w.label_for("Recipient's &name", self.other)
        form.addRow(self.other_label, self.other)
        layout.addLayout(form)
        self.consent_line = w.flag("", "grey")
        layout.addWidget(self.consent_line)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        self.outcome = w.flag("", "green")
        self.outcome.hide()
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.save = self.buttons.addButton("&Save file…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save.setAccessibleName("Save file")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.save.setDefault(True)
        self.setMinimumWidth(style.em(self) * 40)

        self.what.currentIndexChanged.connect(self._what_changed)
        self.whom.currentIndexChanged.connect(self._whom_changed)
        self.other.textChanged.connect(lambda _t: self._show_consent())
        self._load_consents()
        self._what_changed()
        self.what.setFocus()

    # -- choices ------------------------------------------------------------------------------

    def _load_consents(self) -> None:
        try:
            self.consents = consent.consents_for(self.ctx, self.person_id)
        except CareCoordError as exc:
            w.show_problem(self.problem, str(exc))
        self.whom.clear()
        self.whom.addItem(f"{self.who}'s own copy (no consent needed)", OWN_COPY)
        for c in self.consents:
            self.whom.addItem(f"{c.recipient} ({'agreed' if c.current else 'consent withdrawn'})",
                              c.id)
        self.whom.addItem("Someone else…", SOMEONE_ELSE)

    @property
    def choice(self) -> Choice:
        return CHOICES[max(0, self.what.currentIndex())]

    def _what_changed(self) -> None:
        self.what_hint.setText(self.choice.hint)
        if not self.choice.any_recipient:
            self.whom.setCurrentIndex(0)
        self.whom.setEnabled(self.choice.any_recipient)
        self._whom_changed()

    def _whom_changed(self) -> None:
        other = self.whom.currentData() == SOMEONE_ELSE
        self.other.setVisible(other)
        self.other_label.setVisible(other)
        self._show_consent()

    def recipient(self) -> str | None:
        data = self.whom.currentData()
        if data == OWN_COPY or data is None:
            return None
        if data == SOMEONE_ELSE:
            return " ".join(self.other.text().split())
        return next(c.recipient for c in self.consents if c.id == data)

    def _show_consent(self) -> None:
        """Called whenever the choice changes: the last outcome no longer describes it."""
        w.show_problem(self.problem, None)
        self.outcome.hide()
        recipient = self.recipient()
        if not self.choice.any_recipient:
            text, tone = (f"A subject access request is {self.who}'s own record, given to "
                          "them. It is never sent to anyone else from here."), "blue"
        elif recipient is None:
            text, tone = f"This copy is for {self.who}. No consent is needed.", "blue"
        elif not recipient:
            text, tone = "Type who the file is for. It is checked against the consents on "\
                         "the record.", "grey"
        else:
            text, tone = self._consent_words(recipient)
        self.consent_line.setText(text)
        self.consent_line.setStyleSheet(w.flag_style(tone))
        self.consent_line.setAccessibleName(text)
        self.consent_line.show()
        grow(self)

    def _consent_words(self, recipient: str) -> tuple[str, str]:
        try:
            c = consent.require_consent(self.ctx, self.person_id, recipient)
        except CareCoordError as exc:
            return f"Refused: {exc}", "red"
        return (f"{self.who} agreed {how_given(c.method).lower()} on "
                f"{w.long_date(c.given_on)} to share with {c.recipient}: {c.scope}."), "green"

    # -- saving -------------------------------------------------------------------------------

    def suggested_name(self) -> str:
        recipient = self.recipient()
        who = slug(self.who)
        to = f"-for-{slug(recipient)}" if recipient else ""
        return f"{who}{to}-{self.ctx.today():%Y-%m-%d}-{self.choice.suffix}"

    def start(self) -> None:
        """Check consent, ask where to save, then write on the worker."""
        if self.job is not None:
            return
        w.show_problem(self.problem, None)
        self.outcome.hide()
        recipient = self.recipient()
        if recipient is not None:
            if not recipient:
                w.show_problem(self.problem, "Type who the file is for.")
                self.other.setFocus()
                return
            try:
                consent.require_consent(self.ctx, self.person_id, recipient)
            except CareCoordError as exc:
                # The refusal replaces the red line that already said so, not repeats it.
                self.consent_line.hide()
                w.show_problem(self.problem, str(exc))
                self.whom.setFocus()
                return
        choice = self.choice
        out = file_choice.save_file(self, f"Save {choice.label.split(' (')[0].lower()}",
                                    file_choice.default_folder() / self.suggested_name(),
                                    choice.kinds)
        if out is None:
            return
        ctx, pid = self.ctx, self.person_id

        def work() -> ExportResult:
            if choice.key == "fhir":
                return sharing.export_fhir(ctx, [pid], out, recipient)
            if choice.key == "ics":
                return sharing.export_ics_person(ctx, pid, out, recipient)
            return sharing.export_record(ctx, pid, out)

        self._busy(True)
        self.job = BUSY
        self.runner.run(work, self._done, self._failed, label=f"Saving {out.name}…",
                        parent=self)

    def _busy(self, busy: bool) -> None:
        for widget in (self.save, self.what, self.whom, self.other):
            widget.setEnabled(not busy)
        if not busy:
            self.whom.setEnabled(self.choice.any_recipient)

    def _done(self, result: ExportResult) -> None:
        self.job = None
        self._busy(False)
        self.last = result
        size = f"{result.size / 1024:,.0f} KB" if result.size >= 1024 else f"{result.size} bytes"
        whom = f" for {result.recipient}" if result.recipient else ""
        self.outcome.setText(f"Saved {result.path.name}{whom} ({size}) in {result.path.parent}. "
                             f"It is in the export log with SHA-256 {result.sha256[:12]}….")
        self.outcome.setAccessibleName(self.outcome.text())
        self.outcome.show()
        grow(self)
        self.exported.emit(result)
        self.close_button.setFocus()

    def _failed(self, error: Exception) -> None:
        self.job = None
        self._busy(False)
        w.show_problem(self.problem, message_for(error))
        grow(self)
        self.save.setFocus()

    def reject(self) -> None:
        if self.job is not None:  # the file is being written: let it finish and be logged
            w.show_problem(self.problem, "Wait a moment: the file is still being saved.")
            return
        super().reject()
