"""Agree a draft: the person's sign-off and the lead professional's, with dates."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.dates import add_months
from carecoord.domain.enums import AgreementMethod
from carecoord.domain.errors import CareCoordError, NotFoundError, ValidationError
from carecoord.services import plans, team
from carecoord.services.base import Ctx
from carecoord.services.people import PersonView
from carecoord.services.plans import Agreement, PlanView
from carecoord.services.team import ProfessionalView
from ui.record import forms


def lead_choices(ctx: Ctx, person_id: int) -> tuple[list[ProfessionalView], int | None]:
    """The care team (lead first), plus the signed-in professional; and who to preselect."""
    members = team.team_for(ctx, person_id)
    pros = [m.professional for m in members]
    current = next((m.professional.id for m in members if m.is_lead), None)
    mine = ctx.actor.professional_id
    if mine and all(p.id != mine for p in pros):
        try:
            pros.append(team.get_professional(ctx, mine))
        except NotFoundError:
            pass
    return pros, current or mine


class AgreeDialog(QDialog):
    def __init__(self, ctx: Ctx, plan: PlanView, person: PersonView,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.plan, self.person = ctx, plan, person
        self.agreed: PlanView | None = None
        self._review_touched = False
        self.setWindowTitle(f"Agree version {plan.number} of the plan")
        today = ctx.today()
        layout = QVBoxLayout(self)
        actions = sum(len(g.actions) for g in plan.goals)
        goals_n = len(plan.goals)
        layout.addWidget(forms.hint(
            f"Version {plan.number}: what matters, {goals_n} goal{'s' if goals_n != 1 else ''}"
            f" and {actions} action{'s' if actions != 1 else ''}. Agreeing needs two "
            f"sign-offs: {person.full_name} (or their representative) and the lead "
            "professional. The version is then frozen; to change it later, you start a "
            "review."))
        self.problem = forms.error_label()
        layout.addWidget(self.problem)
        self._problems: dict[str, QLabel] = {}

        who_box = QGroupBox("The person's agreement")
        grid = QGridLayout(who_box)
        grid.setColumnStretch(1, 1)
        self.who = forms.line_edit("Who agreed", "the person, or their representative's name",
                                   person.full_name)
        self.method = forms.enum_combo(AgreementMethod, AgreementMethod.SIGNED,
                                       "How they agreed")
        self.person_on = forms.date_edit("Date the person agreed", today)
        self._row(grid, 0, "person_agreed_by", "&Who agreed *", self.who)
        self._row(grid, 1, "method", "&How they agreed *", self.method)
        self._row(grid, 2, "person_agreed_on", "&Date they agreed *", self.person_on)
        layout.addWidget(who_box)

        lead_box = QGroupBox("The lead professional's agreement")
        grid = QGridLayout(lead_box)
        grid.setColumnStretch(1, 1)
        self.lead = QComboBox()
        pros, preselect = lead_choices(ctx, person.id)
        for p in pros:
            self.lead.addItem(p.label, p.id)
        if preselect is not None and self.lead.findData(preselect) >= 0:
            self.lead.setCurrentIndex(self.lead.findData(preselect))
        self.lead_on = forms.date_edit("Date the lead professional agreed", today)
        self._row(grid, 0, "lead_professional", "&Lead professional *", self.lead)
        self._row(grid, 1, "lead_agreed_on", "Date the lead a&greed *", self.lead_on)
        if not pros:
            forms.show_problem(self._problems["lead_professional"],
                               "There is nobody in the care team yet. Add the lead "
                               "professional to the care team first.")
        layout.addWidget(lead_box)

        review_box = QGroupBox("Review")
        grid = QGridLayout(review_box)
        grid.setColumnStretch(1, 1)
        self.review = forms.date_edit("Next review date", self._default_review())
        self._row(grid, 0, "review_date", "&Next review date", self.review)
        grid.addWidget(forms.hint(f"Set to {plan.content.review_months} months after "
                                  "agreement, as chosen in the plan. Bring it forward if "
                                  "the person needs an earlier review."), 2, 0, 1, 2)
        layout.addWidget(review_box)

        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("&Agree the plan", QDialogButtonBox.AcceptRole)
        self.ok.setDefault(True)
        self.ok.setToolTip("Record both sign-offs and freeze this version (Alt+A)")
        buttons.addButton("Cancel", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.review.textEdited.connect(self._touch_review)
        for edit in (self.person_on, self.lead_on):
            edit.textEdited.connect(self._dates_changed)
        self.setMinimumWidth(620)
        self.who.setFocus()
        self.who.selectAll()

    def _row(self, grid: QGridLayout, row: int, name: str, label: str, widget: QWidget):
        grid.addWidget(forms.label_for(label, widget, label.replace("&", "").rstrip(" *")),
                       row * 2, 0, Qt.AlignTop)
        grid.addWidget(widget, row * 2, 1)
        problem = forms.error_label()
        grid.addWidget(problem, row * 2 + 1, 1)
        self._problems[name] = problem

    def _touch_review(self, *_args) -> None:
        self._review_touched = True

    def _default_review(self) -> dt.date:
        days = []
        for edit in (self.person_on, self.lead_on) if hasattr(self, "lead_on") else ():
            try:
                d = forms.read_date(edit, "date")
            except ValidationError:
                d = None
            if d:
                days.append(d)
        agreed = max(days) if days else self.ctx.today()
        return add_months(agreed, self.plan.content.review_months)

    def _dates_changed(self, *_args) -> None:
        if not self._review_touched:
            self.review.setText(forms.short_date(self._default_review()))

    def save(self) -> None:
        for label in self._problems.values():
            forms.show_problem(label, None)
        forms.show_problem(self.problem, None)
        agreement = Agreement(
            person_agreed_by=self.who.text(),
            method=forms.combo_value(self.method, AgreementMethod),
            person_agreed_on=self.person_on.text(),
            lead_professional_id=self.lead.currentData() or 0,
            lead_agreed_on=self.lead_on.text(),
            review_date=self.review.text() or None)
        try:
            self.agreed = plans.agree(self.ctx, self.plan.id, agreement)
        except ValidationError as exc:
            label = self._problems.get(exc.field or "")
            forms.show_problem(label if label is not None else self.problem, str(exc))
            return
        except CareCoordError as exc:
            forms.show_problem(self.problem, str(exc))
            return
        self.accept()
