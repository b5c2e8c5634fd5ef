"""Recording a contact, adding a discharge date, taking a mistaken entry out of the log, and
the offer to start a plan review after a discharge."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from carecoord.domain.enums import ContactKind
from carecoord.services import activity, plans
from carecoord.services.activity import ContactInput, ContactResult, ContactView
from carecoord.services.base import Ctx
from ui import style
from ui.team import widgets as w

K = ContactKind
# The order a community matron meets them in, most common first.
KIND_ORDER = (K.HOME_VISIT, K.GP_CONTACT, K.AE_ATTENDANCE, K.UNPLANNED_ADMISSION, K.DISCHARGE,
              K.CALL_999, K.OTHER)
KIND_WORDS = {
    K.HOME_VISIT: "Home visit",
    K.GP_CONTACT: "GP contact",
    K.AE_ATTENDANCE: "A&E attendance",
    K.UNPLANNED_ADMISSION: "Unplanned admission to hospital",
    K.DISCHARGE: "Discharge from hospital",
    K.CALL_999: "999 call",
    K.OTHER: "Other contact",
}
REMOVE_REASONS = ("Entered in error", "Entered twice", "Wrong person", "Wrong date")


def kind_words(kind: ContactKind) -> str:
    return KIND_WORDS.get(kind, kind.label)


class ContactDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        who = person_name or "this person"
        super().__init__("Record a contact",
                         f"What happened for {who}, and when. A discharge from hospital sets "
                         "a follow-up task for the lead professional.", "&Record", parent)
        self.ctx, self.person_id = ctx, person_id
        self.kind = self.row("&What happened", w.enum_combo(ContactKind, name="What happened",
                                                           members=KIND_ORDER), "kind")
        for i, kind in enumerate(KIND_ORDER):
            self.kind.setItemText(i, kind_words(kind))
        self.on = self.row("&Date", w.date_edit("Date", ctx.today()), "occurred_on")
        self.discharged = w.date_edit("Discharged on")
        self.discharged_label = w.label_for("Dis&charged on", self.discharged)
        self.form.addRow(self.discharged_label, self.discharged)
        self.fields["discharged_on"] = self.discharged
        self.discharged.setPlaceholderText("if home already; or add it later")
        self.note = self.row("&Note", w.line_edit("Note", "short, optional"), "note")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.kind.setFocus()

    def chosen(self) -> ContactKind:
        return ContactKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        # Only an admission has a separate discharge date; a disabled field is skipped by Tab.
        admission = self.chosen() == ContactKind.UNPLANNED_ADMISSION
        self.discharged.setEnabled(admission)
        self.discharged_label.setEnabled(admission)

    def perform(self) -> ContactResult:
        discharged = self.discharged.text() if self.discharged.isEnabled() else None
        return activity.record_contact(self.ctx, self.person_id, ContactInput(
            self.chosen(), self.on.text(), self.note.text(), discharged or None))


class DischargeDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, event: ContactView, parent: QWidget | None = None):
        super().__init__("Add the discharge date",
                         f"Admitted on {w.long_date(event.occurred_on)}. The discharge date "
                         "sets a follow-up task for the lead professional.",
                         "&Add discharge", parent)
        self.ctx, self.event = ctx, event
        self.on = self.row("Dis&charged on", w.date_edit("Discharged on", ctx.today()),
                           "discharged_on")
        self.on.setFocus()
        self.on.selectAll()

    def perform(self) -> ContactResult:
        return activity.record_discharge(self.ctx, self.event.id, self.on.text())


class RemoveContactDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, event: ContactView, parent: QWidget | None = None):
        super().__init__("Remove an entry from the log",
                         f"{kind_words(event.kind)} on {w.long_date(event.occurred_on)} will "
                         "leave the log and the admission counts. It is kept, with your "
                         "reason, in the record's history. An open follow-up task that it "
                         "started is cancelled.", "&Remove entry", parent)
        self.ctx, self.event = ctx, event
        self.reason = self.row("&Reason", w.suggestion_combo("Reason", REMOVE_REASONS,
                                                             REMOVE_REASONS[0]), "reason")
        self.reason.setFocus()
        self.reason.lineEdit().selectAll()

    def perform(self) -> ContactView:
        return activity.retire_contact(self.ctx, self.event.id, self.reason.currentText())


def follow_up_words(result: ContactResult) -> str:
    """What the discharge did, in one or two sentences."""
    task = result.follow_up
    if task is None:
        return ""
    if not result.follow_up_created:
        return (f"{result.message or 'A follow-up for this discharge was already set.'} "
                f"It is with {task.owner_name}, due {task.due.describe()}.")
    text = (f"Follow-up task set for {task.owner_name}: {task.description}, due "
            f"{task.due.describe()}.")
    return f"{text} {result.message}" if result.message else text


class OfferReviewDialog(QDialog):
    """After a discharge: say what was set, and offer to start a review of the agreed plan."""

    def __init__(self, ctx: Ctx, result: ContactResult, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.result_in = ctx, result
        self.review = None
        who = person_name or "the person"
        self.setWindowTitle("Start a plan review?")
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.heading("The discharge is recorded", 3))
        self.done_note = w.flag(follow_up_words(result), "amber" if result.message else "green")
        layout.addWidget(self.done_note)
        self.question = w.heading(f"Start a review of {who}'s plan now?", 3)
        layout.addWidget(self.question)
        layout.addWidget(w.note("A stay in hospital often changes what matters and what the "
                                "team will do. The agreed plan stays in force, marked under "
                                "review, while you write the new version."))
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.start = buttons.addButton("Start the &review now",
                                       QDialogButtonBox.ButtonRole.AcceptRole)
        self.start.setAccessibleName("Start the review now")
        self.later = buttons.addButton("&Not now", QDialogButtonBox.ButtonRole.RejectRole)
        self.later.setAccessibleName("Not now")
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Starting a review makes a new version, so it is never what a stray Enter does.
        self.later.setDefault(True)
        self.later.setFocus()
        self.setMinimumWidth(style.em(self) * 34)

    def run(self) -> None:
        self.review = w.attempt(lambda: plans.start_review(self.ctx,
                                                           self.result_in.plan_to_review_id),
                                self.problem)
        if self.review is not None:
            self.accept()
