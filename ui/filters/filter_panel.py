"""The caseload filter panel: filters that combine, saved views, and the column chooser.

The panel only says what to show: it emits a CaseloadFilter (caseload_filters.apply does
the work, in memory, on rows already loaded). Each list shows how many people each choice
has, counted from the rows given to `set_rows`. Saved views are kept in QSettings as JSON
(caseload_filters.views_to_json); the built-in views cannot be changed or deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import Frailty, PriorityTier
from carecoord.domain.errors import ValidationError
from carecoord.services import caseload_filters as cf
from carecoord.services.base import Ctx
from carecoord.services.caseload import CaseloadRow
from carecoord.services.caseload_filters import CaseloadFilter, PlanChoice, ReviewDue, SavedView
from ui import style
from ui.team import widgets as w

SETTINGS_KEY = "caseload/saved_views"
ANY = "any"
MINE = "mine"
NONE = "none"  # "not recorded" in a list whose values may be None


def ask_view_name(parent: QWidget, suggested: str) -> str | None:
    """Asked when saving a view; looked up when needed so tests can replace it."""
    text, ok = QInputDialog.getText(parent, "Save view", "Name for this view:",
                                    text=suggested)
    return text if ok else None


def _days_box(name: str, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, cf.MAX_DAYS)
    box.setValue(value)
    box.setSuffix(" days")
    box.setAccessibleName(name)
    return box


class CaseloadFilterPanel(QWidget):
    changed = Signal(object)  # CaseloadFilter
    view_chosen = Signal(object)  # SavedView: its sort and columns as well
    columns_changed = Signal(tuple)

    def __init__(self, ctx: Ctx, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings or QSettings()
        self.columns: tuple[str, ...] = cf.DEFAULT_COLUMNS
        self._quiet = False
        self._text = ""
        self.user_views, self.unreadable = cf.views_from_json(
            self.settings.value(SETTINGS_KEY, "", type=str))
        self._build()
        self._fill_views()

    # ---- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.view_box = w.combo()
        self.view_box.setObjectName("savedViews")
        top.addWidget(w.label_for("&View:", self.view_box, "Saved view"))
        top.addWidget(self.view_box)
        self.view_box.setMinimumWidth(style.em(self) * 18)
        self.save_button = w.button("&Save view…", "Save these filters, sort and columns "
                                    "under a name")
        self.delete_button = w.button("Delete view", "Delete the chosen saved view")
        self.columns_button = w.button("C&olumns…", "Choose the columns to show")
        self.clear_button = w.button("Clear filters", "Show everyone")
        for b in (self.save_button, self.delete_button, self.columns_button,
                  self.clear_button):
            top.addWidget(b)
        top.addStretch(1)
        outer.addLayout(top)

        grid = QGridLayout()
        self.lead = self._combo(grid, 0, 0, "Lea&d:", "Lead professional")
        self.team = self._combo(grid, 0, 2, "&Team:", "Team")
        self.priority = self._combo(grid, 0, 4, "P&riority:", "Priority tier")
        self.frailty = self._combo(grid, 0, 6, "Frailt&y:", "Frailty")
        self.cohort = self._combo(grid, 1, 0, "&Cohort:", "Cohort")
        self.plan = self._combo(grid, 1, 2, "&Plan:", "Plan status")
        self.review = self._combo(grid, 1, 4, "Revie&w:", "Review due")
        self.appointment = self._combo(grid, 1, 6, "Ne&xt appointment:", "Next appointment")
        self.off_track = w.check_box("Goal off trac&k")
        self.unplanned = w.check_box("&Admission or A&&E in the last", name="Admission or "
                                     "A&E in the last number of days")
        self.unplanned_days = _days_box("Days to look back for admissions and A&E", 14)
        self.appointment_days = _days_box("Appointment within this many days", 7)
        self.alert = w.check_box("Has an alert")
        self.lifestyle = w.check_box("No lifestyle check in 12 months")
        row = QHBoxLayout()
        for widget in (self.off_track, self.unplanned, self.unplanned_days, self.alert,
                       self.lifestyle):
            row.addWidget(widget)
        row.addStretch(1)
        grid.addLayout(row, 2, 0, 1, 8)
        grid.addWidget(self.appointment_days, 1, 8)
        for col in range(0, 9, 2):
            grid.setColumnStretch(col, 0)
        for col in range(1, 9, 2):
            grid.setColumnStretch(col, 1)
        grid.setColumnStretch(9, 2)
        outer.addLayout(grid)
        self.setSizePolicy(self.sizePolicy().horizontalPolicy(),
                           self.sizePolicy().Policy.Maximum)
        self.counts = w.note("")
        self.counts.setObjectName("filterCounts")
        self.counts.setFont(style.scaled_font(self.counts.font(), 1.05, bold=True))
        outer.addWidget(self.counts)

        self.review.addItem("Any review date", ANY)
        for r in (ReviewDue.DUE_14, ReviewDue.DUE_7, ReviewDue.OVERDUE,
                  ReviewDue.DUE_OR_OVERDUE):
            self.review.addItem(r.label, r.value)
        self.plan.addItem("Any plan status", ANY)
        for c in PlanChoice:
            self.plan.addItem(c.label, c.value)
        self.appointment.addItem("Any", ANY)
        self.appointment.addItem("Within some days", "within")
        self.appointment.addItem("None booked", NONE)
        self.priority.addItem("Any priority", ANY)
        for p in PriorityTier:
            self.priority.addItem(p.label, p.value)
        self.priority.addItem("Not recorded", NONE)
        self.frailty.addItem("Any frailty", ANY)
        for f in Frailty:
            self.frailty.addItem(f.label, f.value)
        self.frailty.addItem("Not recorded", NONE)
        self.set_rows([])

        for box in (self.lead, self.team, self.priority, self.frailty, self.cohort, self.plan,
                    self.review, self.appointment):
            box.currentIndexChanged.connect(self._emit)
        for box in (self.off_track, self.unplanned, self.alert, self.lifestyle):
            box.toggled.connect(self._emit)
        self.unplanned_days.valueChanged.connect(self._emit)
        self.appointment_days.valueChanged.connect(self._emit)
        self.view_box.activated.connect(self._view_activated)
        self.save_button.clicked.connect(lambda: self.save_view())
        self.delete_button.clicked.connect(self.delete_view)
        self.columns_button.clicked.connect(self.choose_columns)
        self.clear_button.clicked.connect(lambda: self.set_filter(CaseloadFilter()))

    def _combo(self, grid: QGridLayout, row: int, col: int, text: str, name: str
               ) -> QComboBox:
        box = QComboBox()
        box.setMinimumWidth(style.em(box) * 9)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        grid.addWidget(w.label_for(text, box, name), row, col)
        grid.addWidget(box, row, col + 1)
        return box

    # ---- choices and counts ---------------------------------------------------------------

    def set_rows(self, rows: Sequence[CaseloadRow]) -> None:
        """Offer the leads, teams and cohorts these rows hold, each with its count."""
        keep = self.current_filter() if hasattr(self, "counts") and rows else None
        choices = cf.choices(rows)
        self._quiet = True
        for box, first, items in (
                (self.lead, "Everyone", choices.leads),
                (self.team, "Any team", choices.teams),
                (self.cohort, "Any cohort", choices.cohorts)):
            box.clear()
            box.addItem(first, ANY)
            if box is self.lead and self.ctx.actor.professional_id is not None:
                box.addItem("My caseload", MINE)
            for c in items:
                box.addItem(f"{c.label} ({c.count:,})", NONE if c.value is None else c.value)
        self._quiet = False
        self.show_counts(cf.counts(rows, self.ctx.today()), len(rows))
        if keep is not None:
            self.set_filter(keep)

    def show_counts(self, counts: cf.CaseloadCounts, total: int) -> None:
        """The counts line for what is shown: always visible, in words."""
        c = counts
        bits = [f"{c.total:,} of {total:,} people shown" if c.total != total
                else f"{total:,} people",
                f"{c.agreed:,} with an agreed plan", f"{c.no_plan:,} with no plan",
                f"{c.review_overdue:,} reviews overdue", f"{c.review_due_14:,} due in 14 days",
                f"{c.unplanned_14:,} admissions or A&E in 14 days"]
        if c.off_track is not None:
            bits.append(f"{c.off_track:,} with a goal off track")
        self.counts.setText(" · ".join(bits))

    # ---- the filter -----------------------------------------------------------------------

    @staticmethod
    def _value(box: QComboBox):
        data = box.currentData()
        return None if data == ANY else data

    def current_filter(self) -> CaseloadFilter:
        def one(box):
            v = self._value(box)
            return () if v is None else ((None if v == NONE else v),)

        lead = self._value(self.lead)
        appointment = self._value(self.appointment)
        return CaseloadFilter(
            text=self._text,
            my_caseload=lead == MINE,
            lead_ids=() if lead in (None, MINE) else ((None if lead == NONE else lead),),
            teams=one(self.team), priorities=one(self.priority),
            frailties=one(self.frailty), cohorts=one(self.cohort),
            # Plan statuses have their own "none" (no plan at all): never read it as "not
            # recorded".
            plan_statuses=() if self._value(self.plan) is None else (self._value(self.plan),),
            review=self._value(self.review),
            goal_off_track=self.off_track.isChecked(),
            unplanned_within_days=(self.unplanned_days.value() if self.unplanned.isChecked()
                                   else None),
            appointment_within_days=(self.appointment_days.value()
                                     if appointment == "within" else None),
            no_appointment=appointment == NONE,
            active_alert=self.alert.isChecked(),
            no_recent_lifestyle_check=self.lifestyle.isChecked())

    def set_text(self, text: str) -> None:
        """The caseload's search box text, kept in the filter (and in saved views)."""
        self._text = text

    def set_filter(self, flt: CaseloadFilter) -> None:
        self._quiet = True
        try:
            def pick(box, values, none_means=NONE):
                value = values[0] if values else ANY
                if value is None:
                    value = none_means
                i = box.findData(value)
                box.setCurrentIndex(max(i, 0))

            if flt.my_caseload:
                pick(self.lead, (MINE,))
            else:
                pick(self.lead, flt.lead_ids)
            pick(self.team, flt.teams)
            pick(self.priority, flt.priorities)
            pick(self.frailty, flt.frailties)
            pick(self.cohort, flt.cohorts)
            pick(self.plan, flt.plan_statuses)
            pick(self.review, (flt.review,) if flt.review else ())
            self.off_track.setChecked(flt.goal_off_track)
            self.unplanned.setChecked(flt.unplanned_within_days is not None)
            if flt.unplanned_within_days is not None:
                self.unplanned_days.setValue(flt.unplanned_within_days)
            if flt.appointment_within_days is not None:
                self.appointment_days.setValue(flt.appointment_within_days)
            pick(self.appointment, ("within",) if flt.appointment_within_days is not None
                 else (NONE,) if flt.no_appointment else ())
            self.alert.setChecked(flt.active_alert)
            self.lifestyle.setChecked(flt.no_recent_lifestyle_check)
            self._text = flt.text
        finally:
            self._quiet = False
        self._emit()

    def _emit(self, *_args) -> None:
        if self._quiet:
            return
        self.appointment_days.setEnabled(self.appointment.currentData() == "within")
        self.unplanned_days.setEnabled(self.unplanned.isChecked())
        self.changed.emit(self.current_filter())

    # ---- saved views ----------------------------------------------------------------------

    def views(self) -> list[SavedView]:
        return cf.all_views(self.user_views)

    def _fill_views(self, select: str | None = None) -> None:
        self.view_box.blockSignals(True)
        self.view_box.clear()
        self.view_box.addItem("Everyone (no filters)", None)
        for v in self.views():
            self.view_box.addItem(v.name + (" (built in)" if v.built_in else ""), v.name)
        if select is not None:
            self.view_box.setCurrentIndex(max(0, self.view_box.findData(select)))
        self.view_box.blockSignals(False)
        self.delete_button.setEnabled(self._chosen_user_view() is not None)

    def _chosen_user_view(self) -> SavedView | None:
        name = self.view_box.currentData()
        return next((v for v in self.user_views if v.name == name), None)

    def _view_activated(self, _index: int) -> None:
        name = self.view_box.currentData()
        self.delete_button.setEnabled(self._chosen_user_view() is not None)
        if name is None:
            self.set_filter(CaseloadFilter())
            return
        view = next(v for v in self.views() if v.name == name)
        self.apply_view(view)

    def apply_view(self, view: SavedView) -> None:
        self.columns = view.columns
        self.set_filter(view.filter)
        self.view_chosen.emit(view)
        self.columns_changed.emit(self.columns)

    def save_view(self, sort_column: str = "family_name", descending: bool = False) -> None:
        name = ask_view_name(self, "")
        if name is None:
            return
        try:
            view = SavedView(name, self.current_filter(), sort_column, descending,
                             self.columns)
        except ValidationError as exc:
            from ui.tasks import show_error

            show_error(self, exc)
            return
        if view.name.casefold() in {v.name.casefold() for v in cf.BUILT_IN_VIEWS}:
            from ui.tasks import show_error

            show_error(self, f"“{view.name}” is a built-in view. Choose another name.")
            return
        self.user_views = [v for v in self.user_views
                           if v.name.casefold() != view.name.casefold()] + [view]
        self._store()
        self._fill_views(view.name)

    def delete_view(self) -> None:
        view = self._chosen_user_view()
        if view is None:
            return
        self.user_views = [v for v in self.user_views if v is not view]
        self._store()
        self._fill_views()

    def _store(self) -> None:
        self.settings.setValue(SETTINGS_KEY, cf.views_to_json(self.user_views))
        self.settings.sync()

    # ---- columns --------------------------------------------------------------------------

    def choose_columns(self) -> None:
        self.dialog = ColumnChooser(self.columns, self)
        self.dialog.accepted.connect(lambda: self._columns_chosen(self.dialog.chosen()))
        self.dialog.open()

    def _columns_chosen(self, columns: tuple[str, ...]) -> None:
        self.columns = columns
        self.columns_changed.emit(columns)


class ColumnChooser(QDialog):
    """Tick the columns to show; Alt+Up and Alt+Down move the chosen one. The name is
    always shown: a row must say who it is."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Choose columns")
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.hint("Tick the columns to show, and put them in order with "
                                "Move up and Move down. The name is always shown."))
        self.list = QListWidget()
        self.list.setAccessibleName("Columns")
        shown = [c for c in columns if c in cf.COLUMN_TITLES]
        rest = [k for k, _ in cf.COLUMNS if k not in shown]
        for key in shown + rest:
            item = QListWidgetItem(cf.COLUMN_TITLES[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if key != cf.ALWAYS_SHOWN:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if key in shown or key == cf.ALWAYS_SHOWN
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        moves = QHBoxLayout()
        up = w.button("Move &up", "Alt+U")
        down = w.button("Move &down", "Alt+D")
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        moves.addWidget(up)
        moves.addWidget(down)
        moves.addStretch(1)
        layout.addLayout(moves)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(style.em(self) * 22, style.em(self) * 26)

    def move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def chosen(self) -> tuple[str, ...]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            if item.checkState() == Qt.CheckState.Checked or key == cf.ALWAYS_SHOWN:
                out.append(key)
        return tuple(out)
