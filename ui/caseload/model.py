"""The caseload table: a model over CaseloadRow tuples, filtered and sorted in the model.

A QSortFilterProxyModel over 50,000 rows is far too slow for search-as-you-type, so the
model keeps the rows sorted once per sort change and filters that list in order: a keystroke
never re-sorts. When the new search text only extends the old one, the search narrows the
rows already shown instead of starting again from everyone. Sorting 50,000 rows takes
longer than a keystroke should, so each sort order is computed once (ahead of time on the
worker thread, see sort_orders) and kept until the rows change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from carecoord.domain.dates import age_on, review_state
from carecoord.domain.enums import PlanStatus
from carecoord.services import caseload
from carecoord.services.caseload import PLAN_STATUS_LABELS, CaseloadRow
from ui import style


@dataclass(frozen=True)
class Column:
    title: str
    field: str
    width_chars: int


COLUMNS: tuple[Column, ...] = (
    Column("Name", "family_name", 26),
    Column("NHS number", "nhs_number", 13),
    Column("Born", "date_of_birth", 16),
    Column("Plan", "plan_status", 12),
    Column("Review due", "review_date", 28),
    Column("Next appointment", "next_appointment", 18),
    Column("Lead professional", "lead_name", 20),
    Column("Team", "team", 16),
    Column("Priority", "priority", 9),
    Column("Frailty", "frailty", 9),
)
NAME, NHS, BORN, PLAN, REVIEW, NEXT, LEAD, TEAM, PRIORITY, FRAILTY = range(len(COLUMNS))

# Review filters offered in the caseload (and used by the Today screen's buttons).
REVIEW_ANY, REVIEW_OVERDUE, REVIEW_DUE_SOON = "any", "overdue", "due_soon"
_REVIEWED_STATUSES = (PlanStatus.AGREED.value, PlanStatus.UNDER_REVIEW.value)


def review_mark(row: CaseloadRow, today: dt.date) -> str | None:
    """'overdue', 'due_7', 'due_14' or None, for plans that have a review to keep."""
    if row.plan_status not in _REVIEWED_STATUSES:
        return None
    return review_state(row.review_date, today)


def display_name(row: CaseloadRow) -> str:
    name = f"{row.family_name}, {row.given_name}"
    if row.preferred_name and row.preferred_name != row.given_name:
        name += f" ({row.preferred_name})"
    return name


def sort_orders(rows: list[CaseloadRow]) -> dict[tuple[str, bool], list[CaseloadRow]]:
    """Every column sorted both ways. Pure, so it can run on the worker thread."""
    return {(c.field, desc): caseload.sort_rows(rows, c.field, desc)
            for c in COLUMNS for desc in (False, True)}


def review_words(row: CaseloadRow, today: dt.date) -> str:
    """'27 Sep 2026, overdue', '6 Dec 2026, due in 14 days', or only the date."""
    if row.review_date is None:
        return ""
    text = short_date(row.review_date)
    mark = review_mark(row, today)
    if mark == "overdue":
        return f"{text}, overdue"
    if mark is None:
        return text
    days = (row.review_date - today).days
    return f"{text}, due {'today' if days == 0 else 'tomorrow' if days == 1 else f'in {days} days'}"


def by_name(rows: list[CaseloadRow]) -> list[CaseloadRow]:
    """Family name, then given name: every later (stable) sort breaks its ties this way."""
    return sorted(rows, key=lambda r: (r.family_name.lower(), r.given_name.lower()))


def short_date(day: dt.date) -> str:
    """'3 Mar 1940': no leading zero, on every platform (strftime's %-d is not portable)."""
    return f"{day.day} {day:%b %Y}"


def count_text(n: int) -> str:
    return f"{n:,} person" if n == 1 else f"{n:,} people"


class CaseloadModel(QAbstractTableModel):
    counts_changed = Signal()

    def __init__(self, today: Callable[[], dt.date], parent=None):
        super().__init__(parent)
        self._today = today
        self._all: list[CaseloadRow] = []
        self._sorted: list[CaseloadRow] = []
        self._base: list[CaseloadRow] = []
        self._shown: list[CaseloadRow] = []
        self._lead_id: int | None = None
        self._review = REVIEW_ANY
        self._search = ""
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sorts: dict[tuple[str, bool], list[CaseloadRow]] = {}
        self.loaded = False

    # ---- what the view asks -------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, col)
        if role == Qt.ItemDataRole.UserRole:
            return row.person_id
        if col == REVIEW and role in (Qt.ItemDataRole.BackgroundRole,
                                      Qt.ItemDataRole.ForegroundRole):
            mark = review_mark(row, self._today())
            if mark is None:
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                return style.OVERDUE_BG if mark == "overdue" else style.DUE_BG
            return style.OVERDUE_FG if mark == "overdue" else style.DUE_FG
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME:
            return f"{row.name}, NHS number {row.nhs_formatted}. Press Enter to open."
        return None

    def _text(self, row: CaseloadRow, col: int) -> str:
        if col == NAME:
            return display_name(row)
        if col == NHS:
            return row.nhs_formatted
        if col == BORN:
            born = row.date_of_birth
            return f"{short_date(born)} ({age_on(born, self._today())})"
        if col == LEAD:
            return row.lead_name or "No lead"
        if col == PLAN:
            return PLAN_STATUS_LABELS.get(row.plan_status, row.plan_status)
        if col == REVIEW:
            return review_words(row, self._today())
        if col == NEXT:
            when = row.next_appointment
            return f"{when:%a} {when.day} {when:%b, %H:%M}" if when else ""
        value = getattr(row, COLUMNS[col].field)
        return value.replace("_", " ").capitalize() if value and col != TEAM else (value or "")

    # ---- what the caseload screen sets --------------------------------------------------

    def set_rows(self, rows: Sequence[CaseloadRow]) -> None:
        self._all = list(rows)
        self._sorts = {}
        self.loaded = True
        self._sorted = self._sorted_by(COLUMNS[self._sort_column].field, self._descending)
        self._rebuild_base()

    def adopt_sort_orders(self, rows: list[CaseloadRow],
                          orders: dict[tuple[str, bool], list[CaseloadRow]]) -> None:
        """Keep orders computed elsewhere, if they were computed from the rows held now."""
        if rows is self._all:
            self._sorts.update(orders)

    def set_lead(self, professional_id: int | None) -> None:
        """Only this lead professional's people; None for everyone."""
        if professional_id != self._lead_id:
            self._lead_id = professional_id
            self._rebuild_base()

    def set_review_filter(self, which: str) -> None:
        if which != self._review:
            self._review = which
            self._rebuild_base()

    def set_search(self, text: str) -> None:
        old, self._search = self._search, text
        if text == old:
            return
        narrowing = old.strip() and text.lower().startswith(old.lower())
        source = self._shown if narrowing else self._base
        self._show(caseload.search(source, text) if text.strip() else list(self._base))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        field = COLUMNS[column].field
        self.layoutAboutToBeChanged.emit()
        self._sorted = self._sorted_by(field, self._descending)
        self._base = self._filter_base(self._sorted)
        shown_ids = {r.person_id for r in self._shown}
        keep_all = len(shown_ids) == len(self._base)
        self._shown = list(self._base) if keep_all else [
            r for r in self._sorted if r.person_id in shown_ids]
        self.layoutChanged.emit()

    # ---- what others read ----------------------------------------------------------------

    @property
    def all_rows(self) -> list[CaseloadRow]:
        return self._all

    @property
    def shown(self) -> int:
        return len(self._shown)

    @property
    def in_scope(self) -> int:
        return len(self._base)

    @property
    def search_text(self) -> str:
        return self._search

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def row_at(self, index: QModelIndex | QPersistentModelIndex | int) -> CaseloadRow:
        return self._shown[index if isinstance(index, int) else index.row()]

    def position_of(self, person_id: int) -> int | None:
        for i, row in enumerate(self._shown):
            if row.person_id == person_id:
                return i
        return None

    def clear(self) -> None:
        """Forget every row (used when the store is closed)."""
        self.beginResetModel()
        self._all, self._sorted, self._base, self._shown = [], [], [], []
        self._sorts = {}
        self.loaded = False
        self.endResetModel()
        self.counts_changed.emit()

    # ---- inside ----------------------------------------------------------------------------

    @property
    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _sorted_by(self, field: str, descending: bool) -> list[CaseloadRow]:
        key = (field, descending)
        if key not in self._sorts:
            self._sorts[key] = caseload.sort_rows(self._all, field, descending)
        return self._sorts[key]

    def _filter_base(self, rows: list[CaseloadRow]) -> list[CaseloadRow]:
        if self._lead_id is not None:
            lead = self._lead_id
            rows = [r for r in rows if r.lead_id == lead]
        if self._review != REVIEW_ANY:
            today = self._today()
            if self._review == REVIEW_OVERDUE:
                rows = [r for r in rows if review_mark(r, today) == "overdue"]
            else:
                rows = [r for r in rows if review_mark(r, today) in ("due_7", "due_14")]
        return rows

    def _rebuild_base(self) -> None:
        self._base = self._filter_base(self._sorted)
        text = self._search
        self._show(caseload.search(self._base, text) if text.strip() else list(self._base))

    def _show(self, rows: list[CaseloadRow]) -> None:
        self.beginResetModel()
        self._shown = rows
        self.endResetModel()
        self.counts_changed.emit()
