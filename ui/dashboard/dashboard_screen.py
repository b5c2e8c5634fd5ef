"""The dashboard: coverage, reviews due per week, overdue reviews by lead, admissions around
the first agreed plan, and goal achievement, for everyone or one team and one lead.

The figures are dashboard.py's, worked out on the worker thread; the charts are drawn with
QPainter (ui/dashboard/charts.py). Each chart can be saved as a PNG, and each has its
figures in words underneath, for people who cannot see the bars.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import Achievement
from carecoord.services import dashboard, team
from carecoord.services.base import Ctx
from carecoord.services.dashboard import Dashboard, DashboardFilter
from ui import style
from ui.dashboard.charts import Bar, BarChart
from ui.sharing import file_choice
from ui.tasks import TaskRunner, show_error
from ui.team import widgets as w

MOST_LEADS = 12  # overdue reviews by lead: the rest are added up in one bar


def save_png_path(parent: QWidget, suggested: Path) -> Path | None:
    """The save dialog, looked up when needed so tests can replace it."""
    return file_choice.save_file(parent, "Save the chart as a picture", suggested,
                                 "PNG pictures (*.png)")


def _pct(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} ({round(part * 100 / whole)}%)" if whole else f"{part:,}"


class ChartCard(QFrame):
    """One chart with its title, its figures in words, and Save as PNG."""

    def __init__(self, key: str, title: str, horizontal: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.title = title
        self.setObjectName(f"chart_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        top = QHBoxLayout()
        self.heading = w.heading(title, 2)
        # A long title wraps at a narrow width or a large text size, and takes the lines it
        # needs: never squeezed (cut at top and bottom) to make room for the chart.
        policy = self.heading.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
        self.heading.setSizePolicy(policy)
        top.addWidget(self.heading, 1)
        self.save_button = w.button("Save as PNG…", f"Save the “{title}” chart as a picture")
        self.save_button.setAccessibleName(f"Save {title} as PNG")
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.chart = BarChart(title, horizontal, self)
        layout.addWidget(self.chart, 1)
        self.words = w.note("")
        self.words.setObjectName(f"words_{key}")
        layout.addWidget(self.words)
        self.saved_to: Path | None = None

    def show_figures(self, bars, words: str, top: float | None = None,
                     empty: str = "Nothing to show.") -> None:
        self.chart.set_bars(bars, top, empty)
        self.words.setText(words)

    def save(self) -> None:
        name = f"{self.key.replace('_', '-')}-{dt.date.today().isoformat()}.png"
        path = save_png_path(self, file_choice.default_folder() / name)
        if path is None:
            return
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        # The card (title, chart and words), so the picture explains itself.
        self.save_button.hide()
        try:
            ok = self.grab().save(str(path), "PNG")
        finally:
            self.save_button.show()
        if not ok:
            show_error(self, f"{path.name} could not be saved. Choose another folder.")
            return
        self.saved_to = path


class DashboardScreen(QWidget):
    open_person = Signal(int, str)  # not used here: the dashboard shows no one by name
    loaded = Signal(object)  # the Dashboard shown

    def __init__(self, ctx: Ctx, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.figures: Dashboard | None = None
        self._pending: DashboardFilter | None = None
        self._busy = False
        self._choices_loaded = False
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        style.page_margins(outer, self)
        top = QHBoxLayout()
        top.addWidget(w.heading("Dashboard", 1))
        top.addStretch(1)
        self.team_box = w.combo()
        self.team_box.addItem("Every team", None)
        self.lead_box = w.combo()
        self.lead_box.addItem("Every lead professional", None)
        top.addWidget(w.label_for("&Team:", self.team_box, "Show figures for one team"))
        top.addWidget(self.team_box)
        top.addWidget(w.label_for("&Lead:", self.lead_box,
                                  "Show figures for one lead professional's caseload"))
        top.addWidget(self.lead_box)
        outer.addLayout(top)
        self.status = w.note("Working out the figures…")
        self.status.setObjectName("dashboardStatus")
        outer.addWidget(self.status)

        grid_holder = QWidget()
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(style.em(self))
        self.cards = {
            "coverage": ChartCard("coverage", "Plan coverage", True),
            "reviews_due": ChartCard("reviews_due", "Reviews due per week, next 12 weeks",
                                     False),
            "overdue": ChartCard("overdue", "Overdue reviews by lead professional", True),
            "admissions": ChartCard("admissions", "Unplanned admissions and A&E, 12 months "
                                    "before and after the first agreed plan", True),
            "goals": ChartCard("goals", "Goal achievement (plans in force)", True),
            "lifestyle": ChartCard("lifestyle", "Lifestyle check in the last 12 months", True),
        }
        order = ("coverage", "reviews_due", "overdue", "admissions", "goals", "lifestyle")
        for i, key in enumerate(order):
            card = self.cards[key]
            grid.addWidget(card, i // 2, i % 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_holder)
        outer.addWidget(scroll, 1)
        self.team_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.lead_box.currentIndexChanged.connect(lambda _i: self.refresh())

    # ---- loading --------------------------------------------------------------------------

    @property
    def current_filter(self) -> DashboardFilter:
        return DashboardFilter(self.team_box.currentData(), self.lead_box.currentData())

    def refresh(self) -> None:
        """Work the figures out again on the worker; one at a time, the latest filter wins."""
        flt = self.current_filter
        if self._busy:
            self._pending = flt
            return
        self._busy = True
        self.status.setText("Working out the figures…")
        ctx = self.ctx
        want_choices = not self._choices_loaded

        def work():
            figures = dashboard.dashboard(ctx, flt)
            choices = None
            if want_choices:
                choices = (dashboard.teams(ctx), team.directory(ctx, limit=5000))
            return figures, choices

        self.runner.run(work, self._arrived, self._failed, label="Working out the dashboard…",
                        parent=self)

    def _arrived(self, result) -> None:
        figures, choices = result
        self._busy = False
        if choices is not None:
            self._fill_choices(*choices)
        if self._pending is not None and self._pending != figures.filter:
            self._pending = None
            self.refresh()
            return
        self._pending = None
        self.show_figures(figures)

    def _failed(self, error: Exception) -> None:
        from ui.tasks import message_for

        self._busy = False
        self.status.setText("The figures could not be worked out: " + message_for(error))
        if self.figures is None:
            for card in self.cards.values():
                card.chart.set_waiting("The figures could not be worked out.")

    def _fill_choices(self, teams: list[str], pros) -> None:
        self._choices_loaded = True
        for box in (self.team_box, self.lead_box):
            box.blockSignals(True)
        for name in teams:
            self.team_box.addItem(name, name)
        me = self.ctx.actor.professional_id
        mine = [p for p in pros if p.id == me]
        for p in mine:
            self.lead_box.addItem(f"Me ({p.name})", p.id)
        for p in pros:
            if p.id != me:
                self.lead_box.addItem(p.label, p.id)
        for box in (self.team_box, self.lead_box):
            box.blockSignals(False)

    # ---- showing --------------------------------------------------------------------------

    def show_figures(self, d: Dashboard) -> None:
        self.figures = d
        who = self.team_box.currentText() if d.filter.team else "everyone"
        if d.filter.lead_professional_id is not None:
            who += f", led by {self.lead_box.currentText()}"
        self.status.setText(f"{d.coverage.people:,} active people ({who}), as of "
                            f"{w.long_date(d.today)}.")
        self._coverage(d)
        self._reviews(d)
        self._overdue(d)
        self._admissions(d)
        self._goals(d)
        self._lifestyle(d)
        self.loaded.emit(d)

    def _coverage(self, d: Dashboard) -> None:
        c = d.coverage
        bars = [Bar("Agreed plan", 100 * c.agreed / c.people if c.people else 0,
                    _pct(c.agreed, c.people)),
                Bar("Plan offered", 100 * c.offered / c.people if c.people else 0,
                    _pct(c.offered, c.people), second=True)]
        words = (f"{_pct(c.agreed, c.people)} have an agreed plan (including plans under "
                 f"review); {_pct(c.offered, c.people)} have been offered one (offered, "
                 "declined, draft or agreed).")
        self.cards["coverage"].show_figures(bars, words, top=100,
                                            empty="Nobody in this caseload.")

    def _reviews(self, d: Dashboard) -> None:
        # This week counts from today, so it is labelled with today's date.
        bars = [Bar(f"{(d.today if i == 0 else wk.week_start).day} "
                    f"{(d.today if i == 0 else wk.week_start):%b}",
                    wk.count, f"{wk.count:,}") for i, wk in enumerate(d.reviews_due_by_week)]
        total = sum(wk.count for wk in d.reviews_due_by_week)
        busiest = max(d.reviews_due_by_week, key=lambda wk: wk.count, default=None)
        words = (f"{total:,} reviews due in the next 12 weeks (weeks start on Monday; this "
                 "week counts from today).")
        if busiest is not None and busiest.count:
            words += (f" The busiest is the week of {w.long_date(busiest.week_start)}, with "
                      f"{busiest.count:,}.")
        self.cards["reviews_due"].show_figures(bars, words)

    def _overdue(self, d: Dashboard) -> None:
        leads = list(d.overdue_by_lead)
        bars = [Bar(c.name, c.count, f"{c.count:,}") for c in leads[:MOST_LEADS]]
        total = sum(c.count for c in leads)
        words = (f"{total:,} reviews overdue, across {w.plural(len(leads), 'lead professional')}."
                 if total else "No reviews are overdue.")
        if len(leads) > MOST_LEADS:
            # In words, not as a bar: one bar for all the rest would dwarf every lead's.
            rest = leads[MOST_LEADS:]
            words += (f" The {MOST_LEADS} with the most are shown; the other {len(rest):,} "
                      f"have {sum(c.count for c in rest):,} between them.")
        self.cards["overdue"].show_figures(bars, words, empty="No reviews are overdue.")

    def _admissions(self, d: Dashboard) -> None:
        a = d.admissions
        bars = [Bar("12 months before", a.before_qualifying, f"{a.before_qualifying:,}"),
                Bar("12 months after", a.after_qualifying, f"{a.after_qualifying:,}",
                    second=True)]
        words = (f"{a.qualifying:,} of the {a.people_with_plan:,} people with an agreed plan "
                 "qualify: their first plan was agreed at least 12 months ago, so a whole year "
                 "after it can be counted. The bars are their admissions and A&E visits.")
        if a.change is not None:
            change = round(a.change * 100)
            words += (f" That is {abs(change)}% {'fewer' if change < 0 else 'more'} after."
                      if change else " The same number after.")
        words += (f" Before the plan, over everyone with an agreed plan: {a.before_all:,}.")
        empty = ("Nobody qualifies yet: no first plan was agreed 12 months ago or more."
                 if not a.qualifying else "Nothing to show.")
        self.cards["admissions"].show_figures(bars if a.qualifying else [], words,
                                              empty=empty)

    def _goals(self, d: Dashboard) -> None:
        total = sum(n for _, n in d.goal_achievement)
        bars = [Bar(a.label, n, _pct(n, total), second=a in (Achievement.WORSENING,
                                                             Achievement.NOT_ACHIEVED))
                for a, n in d.goal_achievement]
        achieved = dict(d.goal_achievement).get(Achievement.ACHIEVED, 0)
        words = (f"{total:,} goals on plans in force; {_pct(achieved, total)} achieved."
                 if total else "No goals on plans in force.")
        self.cards["goals"].show_figures(bars, words, empty="No goals on plans in force.")

    def _lifestyle(self, d: Dashboard) -> None:
        lc = d.lifestyle
        share = 100 * lc.checked / lc.people if lc.people else 0
        bars = [Bar("Checked", share, _pct(lc.checked, lc.people)),
                Bar("Not checked", 100 - share if lc.people else 0,
                    _pct(lc.people - lc.checked, lc.people), second=True)]
        words = (f"{_pct(lc.checked, lc.people)} had a lifestyle check since "
                 f"{w.long_date(lc.since)}.")
        self.cards["lifestyle"].show_figures(bars, words, top=100,
                                             empty="Nobody in this caseload.")
