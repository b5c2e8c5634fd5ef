"""The quick lifestyle check (Make Every Contact Count), done from the keyboard in under a
minute: the check, the brief intervention for each topic talked about, and a prevention goal
in the person's own words added to the plan in the same step.

Tab walks the form in reading order, Alt+1 to Alt+5 jump to a topic's advice, Space ticks a
box, a letter picks from a list, and Enter saves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.dates import parse_date
from carecoord.domain.enums import InterventionTopic, PlanStatus, ReferralOffer, SmokingStatus
from carecoord.domain.errors import CareCoordError, ValidationError
from carecoord.services import lifestyle, plans
from carecoord.services.base import Ctx
from carecoord.services.lifestyle import (
    SUGGESTED_SERVICE,
    CheckInput,
    CheckView,
    InterventionInput,
    PreventionGoal,
)
from ui import style
from ui.lifestyle import words
from ui.team import widgets as w
from ui.window_fit import ScrollingForm, keep_whole


@dataclass(frozen=True)
class CheckOutcome:
    check: CheckView
    goal: PreventionGoal | None

    @property
    def message(self) -> str:
        text = f"Lifestyle check of {w.long_date(self.check.checked_on)} saved."
        return f"{text} {self.goal.message}" if self.goal else text


class InterventionRow:
    """One topic's brief intervention: advice, leaflet, and a referral offered or not."""

    def __init__(self, topic: InterventionTopic, index: int):
        self.topic = topic
        name = words.TOPICS[topic]
        self.advice = w.line_edit(f"{name}: advice given", "advice given, if any")
        self.label = w.label_for(f"&{index} {name}", self.advice, f"{name}: advice given")
        self.leaflet = QCheckBox("Leaflet")
        self.leaflet.setAccessibleName(f"{name}: leaflet given")
        self.referral = w.combo(f"{name}: referral")
        self.referral.setMinimumContentsLength(10)
        for offer, text in words.REFERRAL:
            self.referral.addItem(text, offer.value)
        self.service = w.combo(f"{name}: service referred to")
        self.service.setMinimumContentsLength(14)
        for service, text in words.SERVICES.items():
            self.service.addItem(text, service.value)
        self.service.setCurrentIndex(self.service.findData(SUGGESTED_SERVICE[topic].value))
        self.referral.currentIndexChanged.connect(self._offered)
        self._offered()

    def _offered(self) -> None:
        # A service matters only once a referral was offered; until then Tab passes it by.
        self.service.setEnabled(self.offer() != ReferralOffer.NOT_OFFERED)

    def offer(self) -> ReferralOffer:
        return ReferralOffer(self.referral.currentData())

    def used(self) -> bool:
        return bool(self.advice.text().strip() or self.leaflet.isChecked()
                    or self.offer() != ReferralOffer.NOT_OFFERED)

    def value(self) -> InterventionInput:
        offered = self.offer() != ReferralOffer.NOT_OFFERED
        return InterventionInput(self.topic, self.advice.text(), self.leaflet.isChecked(),
                                 self.offer(), self.service.currentData() if offered else None)

    def widgets(self) -> list[QWidget]:
        return [self.advice, self.leaflet, self.referral, self.service]


def _with_unit(field: QWidget, unit: str) -> QWidget:
    """A number field with its unit after it, so the unit stays in view once typed."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field)
    row.addWidget(QLabel(unit))
    row.addStretch(1)
    return holder


def _message() -> QLabel:
    """A line under a field for what the typed value means; hidden while there is none."""
    message = style.paragraph("", muted=True)
    message.hide()
    return message


def _set_message(label: QLabel, text: str | None, problem: bool = False) -> None:
    label.setText(text or "")
    label.setStyleSheet(f"color: {style.ERROR_FG if problem else style.MUTED_FG};"
                        + (" font-weight: bold;" if problem else ""))
    label.setAccessibleName(text or "")
    label.setVisible(bool(text))


# The form's most height, in lines of text, before it scrolls: with the buttons and a
# two-line refusal under it the dialog stays inside 480 pixels (a 768-pixel screen at 150%).
MOST_LINES = 23


class LifestyleCheckDialog(QDialog):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.who = person_name or "this person"
        self.result_value: CheckOutcome | None = None
        self.saved_check: CheckView | None = None  # saved, while its goal was refused
        self._topic_chosen = False
        self.setWindowTitle(f"Lifestyle check for {self.who}")

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        form = QWidget()
        body = QVBoxLayout(form)
        body.setContentsMargins(0, 0, style.em(self) // 2, 0)  # clear of the scroll bar
        body.addWidget(w.hint("Fill in what you asked about; leave the rest blank. Enter "
                              "saves."))
        body.addLayout(self._check_part())
        body.addSpacing(style.em(self) // 2)
        body.addWidget(w.heading("Brief intervention", 3))
        body.addLayout(self._intervention_part())
        body.addSpacing(style.em(self) // 2)
        body.addWidget(w.heading("Prevention goal", 3))
        body.addLayout(self._goal_part())
        body.addStretch(1)  # any spare height goes here, not between the rows
        # On a laptop at 150% the whole form is taller than the screen: it scrolls, and the
        # refusal and the buttons under it stay in view.
        self.scroll = ScrollingForm(form, most_lines=MOST_LINES)
        layout.addWidget(self.scroll, 1)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Sa&ve check", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setAccessibleName("Save check")
        self.cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok.setDefault(True)
        keep_whole(self)

        self.fields = {"smoking": self.smoking, "alcohol_units_week": self.alcohol,
                       "activity": self.activity, "height_cm": self.height,
                       "weight_kg": self.weight, "diet_note": self.diet,
                       "wellbeing_score": self.wellbeing, "wellbeing_note": self.feeling,
                       "checked_on": self.checked_on, "person_words": self.goal_words,
                       "target": self.goal_target, "topic": self.goal_topic}
        self._tab_order()
        self._finished: set[str] = set()
        for name, edit in (("alcohol_units_week", self.alcohol), ("height_cm", self.height),
                           ("weight_kg", self.weight), ("wellbeing_score", self.wellbeing)):
            edit.textChanged.connect(lambda _t, n=name: self._edited(n))
            edit.editingFinished.connect(lambda n=name: self._left(n))
        self._show_measures()
        self.smoking.setFocus()

    # -- building ---------------------------------------------------------------------------

    def _check_part(self) -> QGridLayout:
        self.smoking = w.combo("Smoking")
        for status, text in words.SMOKING:
            self.smoking.addItem(text, status.value)
        self.alcohol = self._number_edit("Alcohol, units a week", "")
        self.activity = w.combo("Physical activity")
        for level, text in words.ACTIVITY:
            self.activity.addItem(text, level.value if level else None)
        self.diet = w.line_edit("Diet", "what they eat, in a few words")
        self.height = self._number_edit("Height in centimetres", "")
        self.weight = self._number_edit("Weight in kilograms", "")
        self.bmi = QLabel()
        self.wellbeing = self._number_edit("Mental wellbeing, 0 to 10", "")
        self.wellbeing.setMaxLength(2)
        self.feeling = w.line_edit("How they feel", "in their words")
        self.checked_on = w.date_edit("Date of the check", self.ctx.today())
        self.messages = {name: _message() for name in ("alcohol_units_week", "height_cm",
                                                         "weight_kg", "wellbeing_score")}

        grid = QGridLayout()
        grid.setHorizontalSpacing(style.em(self) // 2)
        grid.setColumnMinimumWidth(2, style.em(self))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(4, 1)
        left = ((w.label_for("Sm&oking", self.smoking), self.smoking, None),
                (w.label_for("&Alcohol", self.alcohol, "Alcohol, units a week"), self.alcohol,
                 "alcohol_units_week"),
                (w.label_for("&Physical activity", self.activity), self.activity, None),
                (w.label_for("D&iet", self.diet), self.diet, None),
                (w.label_for("&Date of check", self.checked_on, "Date of the check"),
                 self.checked_on, None))
        right = ((w.label_for("&Height", self.height, "Height in centimetres"), self.height,
                  "height_cm"),
                 (w.label_for("&Weight", self.weight, "Weight in kilograms"), self.weight,
                  "weight_kg"),
                 (QLabel("BMI"), self.bmi, None),
                 (w.label_for("&Mental wellbeing", self.wellbeing, "Mental wellbeing, 0 to 10"),
                  self.wellbeing, "wellbeing_score"),
                 (w.label_for("How they feel (&note)", self.feeling, "How they feel"),
                  self.feeling, None))
        # Each pair of fields shares a row; a message goes on the row below its field, and
        # a row whose messages are all hidden takes no room.
        units = {self.alcohol: "units a week", self.height: "cm", self.weight: "kg",
                 self.wellbeing: "out of 10"}
        for i, ((ll, lf, lm), (rl, rf, rm)) in enumerate(zip(left, right, strict=True)):
            grid.addWidget(ll, 2 * i, 0)
            grid.addWidget(_with_unit(lf, units[lf]) if lf in units else lf, 2 * i, 1)
            grid.addWidget(rl, 2 * i, 3)
            grid.addWidget(_with_unit(rf, units[rf]) if rf in units else rf, 2 * i, 4)
            if lm:
                grid.addWidget(self.messages[lm], 2 * i + 1, 1)
            if rm:
                grid.addWidget(self.messages[rm], 2 * i + 1, 4)
        return grid

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _number_edit(self, name: str, unit: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(unit)
        edit.setMaxLength(8)
        width = edit.fontMetrics().horizontalAdvance("0 to 10") + style.em(edit)
        edit.setMinimumWidth(width)
        edit.setMaximumWidth(int(width * 1.3))
        return edit

    def _intervention_part(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.em(self) // 2)
        for col, text in enumerate(("Topic", "Advice given", "", "Referral offered",
                                    "Referred to")):
            header = QLabel(text)
            header.setStyleSheet(f"color: {style.MUTED_FG};")
            grid.addWidget(header, 0, col)
        self.rows: dict[InterventionTopic, InterventionRow] = {}
        for i, topic in enumerate(InterventionTopic, start=1):
            r = InterventionRow(topic, i)
            self.rows[topic] = r
            grid.addWidget(r.label, i, 0)
            for col, widget in enumerate(r.widgets(), start=1):
                grid.addWidget(widget, i, col)
            r.advice.textChanged.connect(self._suggest_topic)
            r.leaflet.toggled.connect(self._suggest_topic)
            r.referral.currentIndexChanged.connect(self._suggest_topic)
        grid.setColumnStretch(1, 1)
        return grid

    def _goal_part(self) -> QGridLayout:
        self.goal_words = w.line_edit("Prevention goal in the person's words",
                                      "leave blank for no goal")
        self.goal_topic = w.combo("What the goal is about")
        self.goal_topic.setMinimumContentsLength(14)
        for topic, text in words.TOPICS.items():
            self.goal_topic.addItem(text, topic.value)
        self.goal_topic.activated.connect(self._topic_picked)
        self.goal_target = w.date_edit("Target date for the goal")
        self.goal_target.setPlaceholderText("optional")
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.em(self) // 2)
        grid.addWidget(w.label_for("&Goal, in their words", self.goal_words,
                                   "Prevention goal in the person's words"), 0, 0)
        grid.addWidget(self.goal_words, 0, 1)
        row = QHBoxLayout()
        row.addWidget(self.goal_topic)
        row.addSpacing(style.em(self))
        row.addWidget(w.label_for("&Target", self.goal_target, "Target date for the goal"))
        row.addWidget(self.goal_target)
        row.addStretch(1)
        grid.addWidget(w.label_for("A&bout", self.goal_topic, "What the goal is about"), 1, 0)
        grid.addLayout(row, 1, 1)
        self.plan_note = w.hint(self._plan_words())
        grid.addWidget(self.plan_note, 2, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _plan_words(self) -> str:
        """Say before saving where a goal will go, so a new version is never a surprise."""
        plan = plans.working_plan(self.ctx, self.person_id)
        if plan is None or plan.status in (PlanStatus.OFFERED, PlanStatus.DECLINED):
            return (f"{self.who} has no plan in writing yet: a goal starts a first draft of "
                    "the plan.")
        if plan.status == PlanStatus.DRAFT:
            return f"A goal goes into the draft being written, version {plan.number}."
        if plan.status == PlanStatus.AGREED:
            return (f"A goal starts a review of the agreed plan: it goes into a new draft, "
                    f"version {plan.number + 1}, and the agreed plan stays in force until "
                    "that is agreed.")
        return "A goal goes into the newest version of the plan."

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.smoking, self.alcohol, self.activity, self.diet,
                                self.checked_on, self.height, self.weight, self.wellbeing,
                                self.feeling]
        for r in self.rows.values():
            chain.extend(r.widgets())
        chain += [self.goal_words, self.goal_topic, self.goal_target, self.ok, self.cancel]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # -- live messages ------------------------------------------------------------------------

    def _service_says(self, **values) -> str | None:
        """The service's own sentence about one part of the check, or None if it is fine."""
        try:
            lifestyle.validate_check(CheckInput(smoking=SmokingStatus.NEVER, **values),
                                     self.ctx.today())
        except ValidationError as exc:
            return str(exc)
        return None

    def _edited(self, name: str) -> None:
        # A half-typed number is not an error: its message waits until the user moves on.
        self._finished.discard(name)
        self._show_measures()

    def _left(self, name: str) -> None:
        self._finished.add(name)
        self._show_measures()

    def _show_measures(self) -> None:
        texts = {"alcohol_units_week": self.alcohol.text().strip(),
                 "height_cm": self.height.text().strip(),
                 "weight_kg": self.weight.text().strip(),
                 "wellbeing_score": self.wellbeing.text().strip()}
        problems = {name: self._service_says(**{name: text}) if text else None
                    for name, text in texts.items()}
        for name, label in self.messages.items():
            text, problem = problems[name], True
            if name == "alcohol_units_week" and text is None and texts[name]:
                units = float(texts[name].replace(",", "."))
                if units > words.ALCOHOL_LOW_RISK_UNITS:
                    text, problem = (f"Above the low-risk guideline of "
                                     f"{words.ALCOHOL_LOW_RISK_UNITS} units a week."), False
            _set_message(label, text if name in self._finished else None, problem)
        self._show_bmi(texts["height_cm"], texts["weight_kg"],
                       bool(problems["height_cm"] or problems["weight_kg"]))

    def _show_bmi(self, height: str, weight: str, either_wrong: bool) -> None:
        text, colour = "From the height and weight", f"color: {style.MUTED_FG};"
        if height and weight and not either_wrong:
            try:
                values = lifestyle.validate_check(
                    CheckInput(smoking=SmokingStatus.NEVER, height_cm=height, weight_kg=weight),
                    self.ctx.today())
            except ValidationError as exc:
                if {"height_cm", "weight_kg"} & self._finished:
                    text, colour = str(exc), f"color: {style.ERROR_FG}; font-weight: bold;"
            else:
                bmi = values["bmi"]
                text, colour = f"{bmi:g}: {lifestyle.bmi_band(bmi).lower()}", "font-weight: bold;"
        self.bmi.setText(text)
        self.bmi.setWordWrap(True)
        self.bmi.setStyleSheet(colour)
        self.bmi.setAccessibleName(f"Body mass index: {text}")

    def _topic_picked(self, _index: int) -> None:
        self._topic_chosen = True

    def _suggest_topic(self, *_args) -> None:
        """Until the user picks one, a goal is about the first topic talked about."""
        if self._topic_chosen:
            return
        topic = next((t for t, r in self.rows.items() if r.used()), None)
        if topic is not None:
            self.goal_topic.setCurrentIndex(self.goal_topic.findData(topic.value))

    # -- saving -----------------------------------------------------------------------------

    def check_input(self) -> CheckInput:
        return CheckInput(
            smoking=self.smoking.currentData(), alcohol_units_week=self.alcohol.text(),
            activity=self.activity.currentData(), height_cm=self.height.text(),
            weight_kg=self.weight.text(), diet_note=self.diet.text(),
            wellbeing_score=self.wellbeing.text(), wellbeing_note=self.feeling.text(),
            checked_on=self.checked_on.text())

    def interventions(self) -> tuple[InterventionInput, ...]:
        return tuple(r.value() for r in self.rows.values() if r.used())

    def _goal_first_checks(self) -> None:
        """What would refuse the goal, checked before the check is saved, so the two go in
        together or not at all. The service checks again."""
        target = self.goal_target.text().strip()
        if target and not self.goal_words.text().strip():
            raise ValidationError("Write the goal in the person's own words, or clear the "
                                  "target date.", "person_words")
        day = parse_date(target, "target") if target else None
        if day is not None and day < self.ctx.today():
            raise ValidationError("The goal's target date has already passed.", "target")

    def perform(self) -> CheckOutcome:
        if self.saved_check is None:
            self._goal_first_checks()
            self.saved_check = lifestyle.record_check(self.ctx, self.person_id,
                                                      self.check_input(), self.interventions())
        goal = None
        if self.goal_words.text().strip():
            try:
                goal = lifestyle.add_prevention_goal(
                    self.ctx, self.person_id, self.saved_check.id,
                    self.goal_topic.currentData(), self.goal_words.text(),
                    self.goal_target.text().strip() or None)
            except CareCoordError:
                self._check_saved_goal_refused()
                raise
        return CheckOutcome(self.saved_check, goal)

    def _check_saved_goal_refused(self) -> None:
        """The check is in; only the goal is left to put right."""
        for field in self.fields.values():
            if field not in (self.goal_words, self.goal_topic, self.goal_target):
                field.setEnabled(False)
        for r in self.rows.values():
            for widget in r.widgets():
                widget.setEnabled(False)
        self.ok.setText("Add the &goal")
        self.ok.setAccessibleName("Add the goal")
        self.cancel.setText("Close without the goal")
        self.plan_note.setText("The check is saved. Put the goal right, or close without it.")

    def run(self) -> None:
        result = w.attempt(self.perform, self.problem, self.fields, self.smoking)
        if result is None:
            return
        self.result_value = result
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Enter on a list or a tick box saves too, as it does in a text field.
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and isinstance(self.focusWidget(), QComboBox | QCheckBox)
                and not (isinstance(self.focusWidget(), QComboBox)
                         and self.focusWidget().view().isVisible())):
            self.run()
            return
        super().keyPressEvent(event)
