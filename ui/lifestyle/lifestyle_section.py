"""Lifestyle checks on a person's record: when the last one was, each past check with its
brief interventions, and the way to a new one."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carecoord.domain.dates import add_months
from carecoord.domain.enums import SmokingStatus
from carecoord.services import lifestyle
from carecoord.services.base import Ctx
from carecoord.services.lifestyle import CheckView
from ui.lifestyle import words
from ui.lifestyle.lifestyle_dialog import CheckOutcome, LifestyleCheckDialog
from ui.list_section import ListSection
from ui.team import widgets as w

# Five columns, so the list fits a laptop at 150% without scrolling sideways: alcohol is the
# second line under smoking, and wellbeing under the BMI. The check's detail is below.
COLUMNS = ("Date", "Smoking and alcohol", "Activity", "BMI and wellbeing",
           "Brief intervention about")
REMOVE_REASONS = ("Entered in error", "Entered twice", "Wrong person")


class RemoveCheckDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, check: CheckView, parent: QWidget | None = None):
        super().__init__("Remove a lifestyle check",
                         f"The check of {w.long_date(check.checked_on)} will leave the record's "
                         "list and the caseload figures. It is kept, with your reason, in the "
                         "record's history. A goal added from it stays on the plan.",
                         "&Remove check", parent)
        self.ctx, self.check = ctx, check
        self.reason = self.row("&Reason", w.suggestion_combo("Reason", REMOVE_REASONS,
                                                             REMOVE_REASONS[0]), "reason")
        self.reason.setFocus()
        self.reason.lineEdit().selectAll()

    def perform(self) -> CheckView:
        lifestyle.retire_check(self.ctx, self.check.id, self.reason.currentText())
        return self.check


def stacked(*parts: str) -> str:
    """Two answers in one cell, one a line; a part not asked about is left out."""
    return "\n".join(p for p in parts if p)


def detail(c: CheckView) -> str:
    """Everything the check recorded, one part a line, for the selected check."""
    lines = [f"Recorded by {c.recorded_by}." if c.recorded_by else ""]
    if c.height_cm is not None or c.weight_kg is not None:
        lines.append(", ".join(x for x in (
            f"height {words.number(c.height_cm, 'cm')}" if c.height_cm is not None else "",
            f"weight {words.number(c.weight_kg, 'kg')}" if c.weight_kg is not None else "")
            if x).capitalize())
    if c.diet_note:
        lines.append(f"Diet: {c.diet_note}")
    if c.wellbeing_note:
        lines.append(f"How they feel: {c.wellbeing_note}")
    lines.extend(words.intervention_words(i) for i in c.interventions)
    if not c.interventions:
        lines.append("No brief intervention recorded.")
    return "\n".join(x for x in lines if x)


class LifestyleSection(ListSection):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, person_id, "Lifestyle checks", parent, person_name)
        self.checks: list[CheckView] = []
        self.add(w.hint("Make Every Contact Count: smoking, alcohol, physical activity, diet "
                        "and weight, and mental wellbeing, with the brief advice given."))
        self.status_line = self.add(w.flag("", "blue"))
        self.new_button = self.action("New &lifestyle check…", "A quick check with brief "
                                      "advice and, if wanted, a prevention goal (Alt+L)",
                                      self.new_check)
        self.remove_button = self.action("Remo&ve check…", "Take a check entered in error off "
                                         "the list; it is kept in the history (Alt+V)",
                                         self.remove_check)
        self.toolbar(self.new_button, self.remove_button)
        self.result_line()
        self.list_table(f"Lifestyle checks for {self.who}", COLUMNS, 10)
        self.detail_heading = self.add(w.heading("", 3))
        self.detail = self.add(w.note(""))
        self.detail.setAccessibleName("What the selected check recorded")
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.ready()

    def listed(self) -> list[CheckView]:
        return self.checks

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = w.selected_data(self.table)
        self.checks = lifestyle.checks_for(self.ctx, self.person_id)
        t = self.table
        t.setRowCount(len(self.checks))
        for row, c in enumerate(self.checks):
            smoking = "" if c.smoking == SmokingStatus.NOT_ASKED else words.smoking_words(
                c.smoking)
            bmi = f"BMI {c.bmi:g} ({c.bmi_band.lower()})" if c.bmi is not None else ""
            wellbeing = (f"Wellbeing {c.wellbeing_score} out of 10"
                         if c.wellbeing_score is not None else "")
            alcohol = (f"{c.alcohol_units_week:g} units a week"
                       if c.alcohol_units_week is not None else "")
            topics = ", ".join(words.TOPICS[i.topic].lower() for i in c.interventions)
            w.fill_row(t, row, (w.long_date(c.checked_on), stacked(smoking, alcohol),
                                words.activity_words(c.activity), stacked(bmi, wellbeing),
                                topics[:1].upper() + topics[1:] or "None"), data=c.id)
        w.fit_columns(t, widest=14)
        t.setVisible(bool(self.checks))
        self.empty.setVisible(not self.checks)
        self.empty.setText(f"No lifestyle check has been recorded for {self.who}. Press "
                           "Alt+L to do one: it takes under a minute.")
        self._status()
        self.reselect(keep, self.checks[0].id if self.checks else None)
        w.enable_for_rows(self.can_change, bool(self.checks), self.remove_button)
        self._show_detail()

    def _show_detail(self) -> None:
        c = self.selected()
        self.detail_heading.setVisible(c is not None)
        self.detail.setVisible(c is not None)
        if c is not None:
            self.detail_heading.setText(f"The check of {w.long_date(c.checked_on)}")
            self.detail.setText(detail(c))

    def _status(self) -> None:
        today = self.ctx.today()
        last = self.checks[0].checked_on if self.checks else None
        if last is None:
            text = f"{self.who[:1].upper()}{self.who[1:]} has not had a lifestyle check."
            tone = "amber"
        elif last >= add_months(today, -12):
            text, tone = f"Last check {w.long_date(last)}: within the last 12 months.", "green"
        else:
            text, tone = (f"No lifestyle check in the last 12 months: the last was on "
                          f"{w.long_date(last)}. Press Alt+L to do one."), "amber"
        self.status_line.setText(text)
        self.status_line.setStyleSheet(w.flag_style(tone))
        self.status_line.setAccessibleName(text)
        self.status_line.setVisible(last is not None)  # the empty note says it otherwise

    # -- actions ----------------------------------------------------------------------------

    def new_check(self) -> None:
        w.show_problem(self.problem, None)
        dialog = LifestyleCheckDialog(self.ctx, self.person_id, self, self.who)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self._check_done(dialog))
        dialog.open()

    def _check_done(self, dialog: LifestyleCheckDialog) -> None:
        outcome: CheckOutcome | None = dialog.result_value
        if outcome is None and dialog.saved_check is None:
            return  # cancelled before anything was saved
        self.after_change()
        if outcome is not None:
            self.say(outcome.message, "amber" if outcome.goal and (
                outcome.goal.started_review or outcome.goal.started_draft) else "green")
        else:
            self.say("The lifestyle check was saved, without the prevention goal.", "amber")

    def remove_check(self) -> None:
        c = self.selected()
        if c is None:
            self.need_choice("a check")
            return
        self.open_dialog(RemoveCheckDialog(self.ctx, c, self), self._removed)

    def _removed(self, dialog: RemoveCheckDialog) -> None:
        self.after_change()
        self.say(f"The check of {w.long_date(dialog.check.checked_on)} was taken off the "
                 "list.", "grey")
