"""Small dialogs for the plan's lifecycle: offered, declined, and the next review date."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import CareCoordError
from carecoord.services import plans
from carecoord.services.base import Ctx
from carecoord.services.plans import PlanView
from ui.record import forms


class _Base(QDialog):
    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_plan: PlanView | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(forms.hint(intro))
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.problem = forms.error_label()
        self.layout_.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(ok_text, QDialogButtonBox.AcceptRole)
        self.ok.setDefault(True)
        buttons.addButton("Cancel", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self._run)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)
        self.setMinimumWidth(520)

    def _run(self) -> None:
        try:
            self.result_plan = self.perform()
        except CareCoordError as exc:
            forms.show_problem(self.problem, str(exc))
            return
        self.accept()

    def perform(self) -> PlanView:
        raise NotImplementedError


class OfferDialog(_Base):
    def __init__(self, ctx: Ctx, person_id: int, name: str, parent: QWidget | None = None):
        super().__init__("Record that a plan was offered",
                         f"Record the date a personalised care and support plan was offered "
                         f"to {name}. This counts towards coverage.", "&Record offer", parent)
        self.ctx, self.person_id = ctx, person_id
        self.on = forms.date_edit("Date offered", ctx.today())
        self.form.addRow(forms.label_for("&Date offered", self.on), self.on)
        self.on.setFocus()
        self.on.selectAll()

    def perform(self) -> PlanView:
        return plans.record_offer(self.ctx, self.person_id, self.on.text())


class DeclineDialog(_Base):
    def __init__(self, ctx: Ctx, person_id: int, name: str, parent: QWidget | None = None):
        super().__init__("Record that the plan was declined",
                         f"Record that {name} chose not to have a plan for now. You can offer "
                         "one again later.", "&Record declined", parent)
        self.ctx, self.person_id = ctx, person_id
        self.on = forms.date_edit("Date declined", ctx.today())
        self.note = forms.text_box("Note", 3, "for example: happy with current support; "
                                   "ask again at the next visit")
        self.form.addRow(forms.label_for("&Date declined", self.on), self.on)
        self.form.addRow(forms.label_for("&Note", self.note), self.note)
        self.on.setFocus()
        self.on.selectAll()

    def perform(self) -> PlanView:
        return plans.record_decline(self.ctx, self.person_id, self.on.text(),
                                    self.note.toPlainText())


class ReviewDateDialog(_Base):
    def __init__(self, ctx: Ctx, plan: PlanView, parent: QWidget | None = None):
        super().__init__("Set the next review date",
                         f"Version {plan.number} was agreed on "
                         f"{forms.long_date(plan.agreed_on)}. Changing the review date does "
                         "not change the plan itself.", "&Set review date", parent)
        self.ctx, self.plan = ctx, plan
        self.on = forms.date_edit("Next review date", plan.review_date)
        self.form.addRow(forms.label_for("&Next review date", self.on), self.on)
        self.on.setFocus()
        self.on.selectAll()

    def perform(self) -> PlanView:
        return plans.set_review_date(self.ctx, self.plan.id, self.on.text())
