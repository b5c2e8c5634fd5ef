"""The banner at the top of every record: who this is, their plan, and what to watch for."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QLayout, QVBoxLayout, QWidget

from carecoord.domain.dates import review_state
from carecoord.domain.enums import AlertKind, PersonStatus, PlanStatus
from carecoord.services.people import PersonView
from carecoord.services.plans import PlanSummary
from carecoord.services.team import ProfessionalView
from ui.record import forms
from ui.record.flow import FlowLayout
from ui.record.forms import long_date


def plan_status_words(versions: list[PlanSummary]) -> str:
    if not versions:
        return "No care plan offered yet"
    newest = versions[-1]
    current = next((v for v in versions if v.is_current), None)
    if newest.status == PlanStatus.OFFERED:
        return f"Plan offered on {long_date(newest.offered_on)}, not written yet"
    if newest.status == PlanStatus.DECLINED:
        return f"Plan declined on {long_date(newest.declined_on)}"
    if newest.status == PlanStatus.DRAFT:
        if current is not None and current.status == PlanStatus.UNDER_REVIEW:
            return (f"Under review: version {current.number} is in force, "
                    f"version {newest.number} is being written")
        return "Plan being written (draft, not agreed yet)"
    if newest.status == PlanStatus.AGREED:
        return f"Plan agreed on {long_date(newest.agreed_on)} (version {newest.number})"
    return f"Plan {newest.status.label.lower()}"


def review_chip_parts(review_date: dt.date | None, today: dt.date) -> tuple[str, str, str]:
    """(words, background, foreground). The words say it all; the colour only repeats them."""
    state = review_state(review_date, today)
    if review_date is None:
        return "", forms.GREY_BG, forms.GREY_FG
    days = (review_date - today).days
    if state == "overdue":
        late = -days
        return (f"REVIEW OVERDUE: was due {long_date(review_date)} "
                f"({late} day{'s' if late != 1 else ''} ago)", forms.RED_BG, forms.RED_FG)
    if state == "due_7":
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return (f"Review due {when}: {long_date(review_date)}", forms.AMBER_BG, forms.AMBER_FG)
    if state == "due_14":
        return (f"Review due soon, in {days} days: {long_date(review_date)}",
                forms.YELLOW_BG, forms.YELLOW_FG)
    return f"Next review {long_date(review_date)}", forms.GREY_BG, forms.GREY_FG


_ALERT_WORDS = {
    AlertKind.SAFEGUARDING: "SAFEGUARDING",
    AlertKind.RISK_TO_STAFF: "RISK TO STAFF",
    AlertKind.CLINICAL: "CLINICAL ALERT",
    AlertKind.OTHER: "ALERT",
}


class _NameLabel(QLabel):
    """A large name that wraps only when the line is too short for all of it. A wrapping
    QLabel's own size hint aims at a short line, which split "Douglas / Anderson" with half
    the banner empty beside it."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        m = self.contentsMargins()
        metrics = self.fontMetrics()
        width = (max(metrics.horizontalAdvance(self.text()),
                     metrics.boundingRect(self.text()).width())
                 + m.left() + m.right() + 2 * self.margin() + 2)
        return QSize(width, self.heightForWidth(width))


class _Line(QWidget):
    """Two parts on one line when the width holds both, the second beside the first or
    pushed to the right; one above the other when it does not. The narrow form is what the
    window needs, so a laptop at 150% is not made wider by a long name or a row of buttons."""

    def __init__(self, first: QWidget, second: QWidget, spacing: int,
                 second_align: Qt.AlignmentFlag | None = None, push_right: bool = False,
                 line_spacing: int = 3):
        super().__init__()
        self._parts = (first, second)
        self._spacing = (spacing, line_spacing)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._box.addWidget(first)
        if push_right:
            self._box.addStretch(1)
        if second_align is None:
            self._box.addWidget(second)
        else:
            self._box.addWidget(second, 0, second_align)
        if not push_right:
            self._box.addStretch(1)

    def one_line_width(self) -> int:
        shown = [w for w in self._parts if not w.isHidden()]
        return sum(w.sizeHint().width() for w in shown) + self._spacing[0] * max(
            0, len(shown) - 1)

    def is_one_line(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.LeftToRight

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        shown = [w for w in self._parts if not w.isHidden()]
        width = max((w.minimumSizeHint().width() for w in shown), default=0)
        return QSize(width, super().minimumSizeHint().height())

    def relayout(self, width: int) -> None:
        wanted = (QBoxLayout.Direction.LeftToRight if width >= self.one_line_width()
                  else QBoxLayout.Direction.TopToBottom)
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
            self._box.setSpacing(self._spacing[wanted != QBoxLayout.Direction.LeftToRight])
            self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.relayout(event.size().width())
        super().resizeEvent(event)


def _flow(widgets: tuple[QWidget, ...], spacing: int) -> QWidget:
    holder = QWidget()
    flow = FlowLayout(holder, spacing=spacing)  # side by side when there is room, else wrapped
    for w in widgets:
        flow.addWidget(w)
    return holder


class Banner(QFrame):
    """Four short lines at a laptop's full width: the name; NHS number, age and lead; the
    plan and review with the record's buttons on the right; any alerts. Narrower, each line
    wraps in its own way rather than widening the window."""

    edit_requested = Signal()
    close_requested = Signal()
    print_requested = Signal()
    share_requested = Signal()

    def __init__(self, can_change: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recordBanner")
        self.setStyleSheet("#recordBanner { background: #f6f8fa; border-bottom: 2px solid "
                           "#c9d0d6; }")
        outer = QVBoxLayout(self)
        # Tight: at 150% on a laptop every line the banner takes is a line of the section.
        outer.setContentsMargins(10, 5, 10, 5)
        outer.setSpacing(3)

        self.name = _NameLabel()
        self.name.setFont(forms.heading("", 1.4).font())
        self.name.setWordWrap(True)
        self.name.setAccessibleName("Person's name")
        self.name.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.preferred = QLabel()
        self.preferred.setAccessibleName("Preferred name")
        self.name_line = _Line(self.name, self.preferred, 10, Qt.AlignBottom)
        outer.addWidget(self.name_line)

        self.facts = QLabel()
        self.facts.setAccessibleName("NHS number, age and lead professional")
        self.facts.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.facts.setWordWrap(True)
        outer.addWidget(self.facts)

        self.person_status = forms.chip("")
        self.plan_status = forms.chip("", forms.BLUE_BG, forms.BLUE_FG)
        self.review = forms.chip("")

        # No Alt+letters here: the banner sits above every section, and the sections use
        # most of the alphabet between them. The record binds the Ctrl keys named in each
        # tooltip, and Ctrl keys never clash with a section's.
        self.edit_button = forms.button("Edit details…", "Change name, NHS number, date of "
                                        "birth, address and contacts (Ctrl+E)",
                                        "Edit the person's details", edits=True)
        self.edit_button.clicked.connect(self.edit_requested)
        self.edit_button.setVisible(can_change)
        self.print_button = forms.button("Print or save plan…", "Preview the care plan, then "
                                         "print it or save it as a PDF (Ctrl+P)",
                                         "Print or save the care plan")
        self.print_button.clicked.connect(self.print_requested)
        self.share_button = forms.button("Share…", "Save the record for the person or for "
                                         "someone they agreed may have it (Ctrl+Shift+S)",
                                         "Share the record")
        self.share_button.clicked.connect(self.share_requested)
        self.close_button = forms.button("Close record", "Close this record (Ctrl+W). "
                                         "Anything typed is saved first.")
        self.close_button.clicked.connect(self.close_requested)
        buttons = (self.edit_button, self.print_button, self.share_button, self.close_button)
        self.buttons = _flow(buttons, 5)
        self.status_line = _Line(
            _flow((self.person_status, self.plan_status, self.review), 6),
            self.buttons, 10, push_right=True)
        outer.addWidget(self.status_line)

        self.alerts = QLabel()
        self.alerts.setObjectName("alerts")
        self.alerts.setWordWrap(True)
        self.alerts.setTextFormat(Qt.RichText)
        self.alerts.setAccessibleName("Alerts")
        self.alerts.setStyleSheet(f"#alerts {{ background: {forms.RED_BG}; color: "
                                  f"{forms.RED_FG}; border: 2px solid {forms.RED_FG}; "
                                  "border-radius: 4px; padding: 2px 8px; }")
        outer.addWidget(self.alerts)

    def set_back_button(self, button: QWidget) -> None:
        """Put the window's way back first on the row of buttons: on a bar of its own above
        the banner it took a line that a short window needs for the plan."""
        flow = self.buttons.layout()
        items = [flow.takeAt(0) for _ in range(flow.count())]
        flow.addWidget(button)
        for item in items:
            flow.addItem(item)
        button.show()
        QWidget.setTabOrder(button, self.edit_button if self.edit_button.isVisibleTo(self)
                            else self.print_button)
        self._refit()

    def take_back_button(self, button: QWidget) -> None:
        self.buttons.layout().removeWidget(button)
        self._refit()

    def _refit(self) -> None:
        self.buttons.layout().invalidate()
        self.buttons.updateGeometry()
        if self.width() > 0:
            self.fit(self.width())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # The height its lines need at the width it has: a short window then squeezes the
        # section below, which scrolls, instead of drawing the buttons over the alerts.
        hint = super().minimumSizeHint()
        layout = self.layout()
        if self.width() > 0 and layout.hasHeightForWidth():
            hint.setHeight(max(hint.height(), layout.totalHeightForWidth(self.width())))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit(event.size().width())
            self.updateGeometry()

    def fit(self, width: int) -> None:
        """Choose each line's form for this width."""
        m = self.layout().contentsMargins()
        for line in (self.name_line, self.status_line):
            line.relayout(width - m.left() - m.right())

    def show_person(self, person: PersonView, lead: ProfessionalView | None,
                    versions: list[PlanSummary], today: dt.date) -> None:
        self.name.setText(person.full_name)
        prefers = person.preferred_name
        self.preferred.setText(f"prefers to be called <b>{_escape(prefers)}</b>"
                               if prefers and prefers != person.given_name else "")
        self.preferred.setVisible(bool(self.preferred.text()))
        lead_text = "<b>No lead professional named yet</b>"
        if lead:
            lead_text = (f"Lead professional: <b>{_escape(lead.name)}</b> "
                         f"({_escape(lead.role)})")
        self.facts.setText(
            f"NHS number <b>{person.nhs_formatted}</b> &nbsp;·&nbsp; Age "
            f"<b>{person.age(today)}</b> (born {long_date(person.date_of_birth)})"
            f" &nbsp;·&nbsp; {lead_text}")

        if person.status == PersonStatus.ACTIVE:
            self.person_status.hide()
        else:
            word = "Died" if person.status == PersonStatus.DECEASED else "Discharged"
            self.person_status.setText(f"{word} on {long_date(person.status_changed_on)}")
            self.person_status.show()

        written = any(v.status not in (PlanStatus.OFFERED, PlanStatus.DECLINED)
                      for v in versions)
        self.print_button.setEnabled(written)
        self.print_button.setToolTip(
            "Preview the care plan, then print it or save it as a PDF (Ctrl+P)" if written
            else "There is no plan to print yet: start writing one in the Care plan section.")
        status = plan_status_words(versions)
        self.plan_status.setText(status)
        self.plan_status.setAccessibleName(f"Plan status: {status}")

        current = next((v for v in versions if v.is_current), None)
        words, bg, fg = review_chip_parts(current.review_date if current else None, today)
        self.review.setText(words)
        self.review.setAccessibleName(f"Review: {words}")
        self.review.setStyleSheet(forms.chip_style(bg, fg))
        self.review.setVisible(bool(words))

        alerts = person.active_alerts
        if alerts:
            lines = [f"<b>{_ALERT_WORDS.get(a.kind, 'ALERT')}:</b> {_escape(a.text)} "
                     f"<span>(since {long_date(a.raised_on)})</span>" for a in alerts]
            self.alerts.setText("<br>".join(lines))
            self.alerts.show()
        else:
            self.alerts.hide()
        if self.width() > 0:  # new words change what fits on a line; the width has not
            self.fit(self.width())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
