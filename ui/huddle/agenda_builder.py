"""Building a huddle's agenda: the reasons to discuss someone (with how many people each
brings), people picked by name or NHS number, a title and a date, then Start.

Who each reason brings is huddle.propose_agenda's rule, asked once on the worker for every
reason, so each box can say how many people it brings; huddle.DEFAULT_REASONS are ticked at
first. Ticking a reason on or off only shows or hides people, so it is instant. A person can
be left out with their tick.

Keyboard letters: each label's letter is its own on this screen, and none is F, G or H,
which open the main window's File, Go and Help menus. An "&" meant as text is written "&&".
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.dates import parse_date
from carecoord.domain.errors import CareCoordError
from carecoord.services import caseload, huddle
from carecoord.services.base import Ctx
from carecoord.services.caseload import CaseloadRow
from carecoord.services.huddle import AgendaCandidate, AgendaCriteria, AgendaReason
from ui import style
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

REASONS = (
    (AgendaReason.ADMISSION, "&Admissions and A&&E in the last {days} days"),
    (AgendaReason.NEW_ALERT, "New alerts (&red flags) raised in the last {days} days"),
    (AgendaReason.RED_FLAG, "Older alerts, goals off trac&k or high priority"),
    (AgendaReason.OVERDUE_REVIEW, "&Overdue reviews"),
    (AgendaReason.NEW_REFERRAL, "Ne&w referrals in the last {days} days"),
)
MOST_MATCHES = 30


def plain_text(label: str) -> str:
    """A label as read out: without its keyboard letter's "&", and "&&" as one "&"."""
    return re.sub("&(.)", r"\1", label)


class AgendaBuilder(QWidget):
    started = Signal(object)  # the stored huddle.HuddleView
    proposed = Signal()

    def __init__(self, ctx: Ctx, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.candidates: list[AgendaCandidate] = []
        self.picked: list[tuple[int, str, str]] = []  # (person id, name, NHS formatted)
        self.rows: list[CaseloadRow] | None = None
        self.asked = False  # whether the reasons have been counted yet
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        style.page_margins(outer, self)
        outer.addWidget(w.heading("Huddle: build the agenda", 1))
        outer.addWidget(w.hint(
            "Tick the reasons to bring people to the huddle; each shows how many people it "
            "brings. At first the agenda holds what changed since the last huddle: recent "
            "admissions and new alerts. Untick anyone you will not discuss, and add others "
            "by name or NHS number. Then start the huddle to go through them one at a "
            "time."))
        form = QFormLayout()
        self.title = w.line_edit("Huddle title", text=f"Team huddle {self.ctx.today():%d/%m/%Y}")
        form.addRow(w.label_for("&Title:", self.title), self.title)
        self.held_on = w.date_edit("Date of the huddle", self.ctx.today())
        form.addRow(w.label_for("Dat&e:", self.held_on), self.held_on)
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(huddle.RECENT_DAYS)
        self.days.setSuffix(" days")
        form.addRow(w.label_for("&Look back:", self.days, "Look back this many days for "
                                "admissions, new alerts and new referrals"), self.days)
        self.mine = w.check_box("Only people &I lead", False)
        if self.ctx.actor.professional_id is None:
            self.mine.setEnabled(False)
        form.addRow("", self.mine)
        outer.addLayout(form)

        self.reason_boxes: dict[AgendaReason, QCheckBox] = {}
        boxes = QVBoxLayout()
        for reason, text in REASONS:
            label = self._reason_text(text, None)
            box = w.check_box(label, reason in huddle.DEFAULT_REASONS, plain_text(label))
            box.toggled.connect(self._show_candidates)
            self.reason_boxes[reason] = box
            boxes.addWidget(box)
        outer.addLayout(boxes)
        self.find_button = w.button("Fi&nd people", "Look again with these settings")
        self.find_button.clicked.connect(self.refresh)
        self.days.valueChanged.connect(self._days_changed)
        self.mine.toggled.connect(lambda _c: self.refresh())
        outer.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.table = w.table("People on the agenda", ("Discuss", "Person", "NHS number",
                                                      "Lead", "Why"))
        outer.addWidget(self.table, 1)
        self.count = w.note("")
        self.count.setObjectName("agendaCount")
        outer.addWidget(self.count)

        pick = QHBoxLayout()
        self.pick_box = w.line_edit("Add a person by name or NHS number",
                                    "Name or NHS number")
        self.pick_box.textChanged.connect(self._search)
        self.pick_box.returnPressed.connect(self._add_first_match)
        pick.addWidget(w.label_for("Add a &person:", self.pick_box))
        pick.addWidget(self.pick_box, 1)
        self.add_button = w.button("A&dd", "Add the chosen person to the agenda")
        self.add_button.clicked.connect(self._add_chosen)
        pick.addWidget(self.add_button)
        outer.addLayout(pick)
        self.matches = QListWidget()
        self.matches.setAccessibleName("People matching the search")
        self.matches.setMaximumHeight(style.em(self) * 7)
        self.matches.itemActivated.connect(lambda _i: self._add_chosen())
        self.matches.hide()
        outer.addWidget(self.matches)

        self.problem = w.problem_label()
        outer.addWidget(self.problem)
        self.start_button = w.button("&Start the huddle", "Save the agenda and show the first "
                                     "person", edits=True)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.start_button.setEnabled(self.ctx.actor.can_change)
        outer.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)

    # ---- proposing ------------------------------------------------------------------------

    def _reason_text(self, text: str, count: int | None) -> str:
        """A reason's label with how many people it brings (not known until counted)."""
        label = text.format(days=self.days.value())
        if count is None:
            return f"{label}: counting…"
        return f"{label}: {w.plural(count, 'person', 'people')}"

    def refresh(self) -> None:
        ctx = self.ctx
        self.asked = True
        lead = ctx.actor.professional_id if self.mine.isChecked() else None
        criteria = AgendaCriteria.every_reason(days=self.days.value(),
                                               lead_professional_id=lead)
        self.count.setText("Finding people…")
        self.runner.run(lambda: huddle.propose_agenda(ctx, criteria), self._proposed,
                        self._failed, label="Finding people for the huddle…", parent=self)

    def _failed(self, error: Exception) -> None:
        w.show_problem(self.problem, message_for(error))

    def _proposed(self, candidates: list[AgendaCandidate]) -> None:
        self.candidates = candidates
        for reason, text in REASONS:
            n = sum(reason in c.kinds for c in candidates)
            box = self.reason_boxes[reason]
            box.setText(self._reason_text(text, n))
            box.setAccessibleName(plain_text(box.text()))
        self._show_candidates()
        self.proposed.emit()

    def _days_changed(self, _days: int) -> None:
        self.refresh()

    def wanted(self) -> list[AgendaCandidate]:
        ticked = {r for r, box in self.reason_boxes.items() if box.isChecked()}
        return [c for c in self.candidates if ticked.intersection(c.kinds)]

    def _show_candidates(self) -> None:
        shown = self.wanted()
        t = self.table
        t.setRowCount(len(shown) + len(self.picked))
        for row, c in enumerate(shown):
            w.fill_row(t, row, ("", c.name, c.nhs_formatted, c.lead_name or "No lead",
                                "; ".join(c.reasons)), data=c.person_id)
            self._tick(row)
        for i, (pid, name, nhs) in enumerate(self.picked):
            w.fill_row(t, len(shown) + i, ("", name, nhs, "", "Picked for discussion"),
                       data=pid)
            self._tick(len(shown) + i)
        w.fit_columns(t, widest=18)
        self._count()

    def _tick(self, row: int) -> None:
        item = QTableWidgetItem("")
        keep = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        item.setData(Qt.ItemDataRole.UserRole, keep)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                      | Qt.ItemFlag.ItemIsSelectable)
        item.setCheckState(Qt.CheckState.Checked)
        item.setToolTip("Untick to leave this person off the agenda (Space)")
        self.table.setItem(row, 0, item)

    def _count(self) -> None:
        n = len(self.chosen())
        self.count.setText(f"{w.plural(n, 'person', 'people')} on the agenda." if n else
                           "Nobody on the agenda yet: tick a reason or add someone.")

    def chosen(self) -> list[AgendaCandidate | tuple[int, str]]:
        """What will be stored, in agenda order: proposed people still ticked, then picks."""
        by_id = {c.person_id: c for c in self.wanted()}
        out: list[AgendaCandidate | tuple[int, str]] = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is None or item.checkState() != Qt.CheckState.Checked:
                continue
            pid = item.data(Qt.ItemDataRole.UserRole)
            out.append(by_id.get(pid) or (pid, "Picked for discussion"))
        return out

    # ---- picking by hand ------------------------------------------------------------------

    def _search(self, text: str) -> None:
        if not text.strip():
            self.matches.hide()
            return
        if self.rows is None:
            ctx = self.ctx
            self.runner.run(lambda: caseload.load(ctx), self._rows_loaded, self._failed,
                            parent=self)
            return
        found = caseload.search(self.rows, text)[:MOST_MATCHES]
        self.matches.clear()
        for r in found:
            item = QListWidgetItem(f"{r.name}, NHS {r.nhs_formatted}, born "
                                   f"{w.long_date(r.date_of_birth)}")
            item.setData(Qt.ItemDataRole.UserRole, (r.person_id, r.name, r.nhs_formatted))
            self.matches.addItem(item)
        if found:
            self.matches.setCurrentRow(0)
        self.matches.setVisible(True)
        if not found:
            self.matches.addItem("Nobody matches.")

    def _rows_loaded(self, rows: list[CaseloadRow]) -> None:
        self.rows = rows
        self._search(self.pick_box.text())

    def _add_first_match(self) -> None:
        if self.matches.count():
            self.matches.setCurrentRow(0)
        self._add_chosen()

    def _add_chosen(self) -> None:
        item = self.matches.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if data is None:
            return
        on_agenda = {c if isinstance(c, int) else getattr(c, "person_id", c[0])
                     for c in self.chosen()}
        if data[0] not in on_agenda:
            self.picked.append(tuple(data))
            self._show_candidates()
        self.pick_box.clear()
        self.pick_box.setFocus()

    # ---- starting -------------------------------------------------------------------------

    def start(self) -> None:
        people = self.chosen()
        try:
            day = parse_date(self.held_on.text(), "held_on", required=True)
        except CareCoordError as exc:
            w.show_problem(self.problem, str(exc))
            self.held_on.setFocus()
            return
        if not people:
            w.show_problem(self.problem, "Choose at least one person to discuss.")
            return
        w.show_problem(self.problem, None)
        ctx, title = self.ctx, self.title.text()
        self.runner.run(lambda: huddle.create_huddle(ctx, title, day, people),
                        self.started.emit, self._failed, label="Saving the agenda…",
                        parent=self)

    def held_on_day(self) -> dt.date | None:
        try:
            return parse_date(self.held_on.text(), "held_on", required=True)
        except CareCoordError:
            return None
