"""The caseload table: a model over CaseloadRow tuples, filtered and sorted in the model.

A QSortFilterProxyModel over 50,000 rows is far too slow for search-as-you-type, so the
model keeps the rows sorted once per sort change and filters that list in order: a keystroke
never re-sorts. caseload.search decides what matches; the model only avoids asking it to
look at all 50,000 rows when it need not:

- results are kept per search text until the rows, filters or order change, so Backspace
  is a look-up, and a longer text searches only the rows its longest known prefix matched;
- the first character typed would match most of everyone, so which people each single
  letter or digit matches is worked out ahead, on the worker thread (prepare);
- each sort order is computed once (also by prepare) and kept until the rows change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from carecoord.domain.dates import age_on, review_state
from carecoord.domain.enums import PlanStatus
from carecoord.domain.errors import RuleError
from carecoord.services import caseload
from carecoord.services import caseload_filters as cf
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
    Column("Priority", "priority", 11),
    Column("Frailty", "frailty", 11),
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


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")
_KEEP_RESULTS = 64


@dataclass(frozen=True)
class Prepared:
    """Work done ahead for one list of rows: sort orders and single-character matches."""

    orders: dict[tuple[str, bool], list[CaseloadRow]]
    first_keys: dict[str, frozenset[int]]


def first_key_matches(rows: list[CaseloadRow]) -> dict[str, frozenset[int]]:
    """Who each single letter or digit matches, in one pass over the rows.

    For one character caseload.search is simple: a digit is looked for in the NHS number, a
    letter in the search key. A test holds this to caseload.search for every character.
    """
    found: dict[str, list[int]] = {ch: [] for ch in _LETTERS | _DIGITS}
    for r in rows:
        for ch in _LETTERS.intersection(r.search_key):
            found[ch].append(r.person_id)
        for ch in _DIGITS.intersection(r.nhs_number):
            found[ch].append(r.person_id)
    return {ch: frozenset(ids) for ch, ids in found.items()}


def sort_orders(rows: list[CaseloadRow], only: tuple[str, bool] | None = None
                ) -> dict[tuple[str, bool], list[CaseloadRow]]:
    """Every column sorted both ways (or only one order). Pure: it runs on the worker."""
    wanted = [only] if only else [(c.field, desc) for c in COLUMNS for desc in (False, True)]
    return {(field, desc): caseload.sort_rows(rows, field, desc) for field, desc in wanted}


def prepare(rows: list[CaseloadRow]) -> Prepared:
    """Every sort order and who each first keystroke matches, in one go (tests, scripts)."""
    return Prepared(sort_orders(rows), first_key_matches(rows))


def search_key(text: str) -> str:
    """Search text as caseload.search reads it: case, commas and extra spaces do not
    matter."""
    return " ".join(caseload.search_words(text))


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
        self._more = None  # a CaseloadFilter from the filter panel, or None
        self._extras = cf.FilterExtras()
        self._search = ""
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sorts: dict[tuple[str, bool], list[CaseloadRow]] = {}
        self._sorted_for = (self._sort_column, self._sort_order)
        self._first_keys: dict[str, frozenset[int]] = {}
        self._results: dict[str, list[CaseloadRow]] = {}
        self.loaded = False  # everyone's rows are in
        self.partial = False  # only the signed-in lead's own people are, so far

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

    def set_rows(self, rows: Sequence[CaseloadRow],
                 orders: dict[tuple[str, bool], list[CaseloadRow]] | None = None,
                 partial: bool = False) -> None:
        """New rows; `orders` may bring sort orders already worked out from these rows.
        `partial`: only the signed-in lead's own people, with everyone else still to come."""
        was_partial = self.partial
        self._all = list(rows)
        self._sorts, self._first_keys = dict(orders or {}), {}
        self.loaded, self.partial = not partial, partial
        self._sorted = self._sorted_by(COLUMNS[self._sort_column].field, self._descending)
        self._sorted_for = (self._sort_column, self._sort_order)
        self._base = self._filter_base(self._sorted)
        self._results = {}
        # When everyone arrives after the lead's own people, the rows shown are usually the
        # same people: refresh them in place so the selection and scroll position stay put.
        self._show(self._matching(self._search), in_place=was_partial)

    def adopt(self, rows: list[CaseloadRow], prepared: Prepared) -> None:
        """Keep work done ahead, if it was done for the rows held now."""
        self.adopt_orders(rows, prepared.orders)
        self.adopt_first_keys(rows, prepared.first_keys)

    def adopt_orders(self, rows: list[CaseloadRow],
                     orders: dict[tuple[str, bool], list[CaseloadRow]]) -> None:
        if rows is self._all:
            self._sorts.update(orders)

    def adopt_first_keys(self, rows: list[CaseloadRow], first: dict[str, frozenset[int]]
                         ) -> None:
        if rows is self._all:
            self._first_keys = first

    @property
    def current_order(self) -> tuple[str, bool]:
        return COLUMNS[self._sort_column].field, self._descending

    def set_lead(self, professional_id: int | None) -> None:
        """Only this lead professional's people; None for everyone."""
        if professional_id != self._lead_id:
            self._lead_id = professional_id
            self._rebuild_base()

    def set_review_filter(self, which: str) -> None:
        if which != self._review:
            self._review = which
            self._rebuild_base()

    def set_more_filters(self, flt, extras=None) -> None:
        """The filter panel's combined filter (lead, team, cohort, plan, off track…)."""
        self._more = None if flt is None or flt.is_everyone else flt
        if extras is not None:
            self._extras = extras
        self._rebuild_base()

    def set_extras(self, extras) -> None:
        self._extras = extras
        if self._more is not None:
            self._rebuild_base()

    def shown_rows(self) -> list[CaseloadRow]:
        """The rows as shown now: in scope, filtered, searched and sorted."""
        return list(self._shown)

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            found = self._matching(text)
            if found is not self._shown:  # "smith " finds what "smith" found
                self._show(found)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        order = Qt.SortOrder(order)
        self._sort_column, self._sort_order = column, order
        if (column, order) == self._sorted_for:
            return  # QTableView.sortByColumn asks twice; the rows are already in this order
        self._sorted_for = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sorted = self._sorted_by(COLUMNS[column].field, self._descending)
        self._base = self._filter_base(self._sorted)
        self._results = {}
        key = search_key(self._search)
        if not key:
            self._shown = self._base
        else:
            ids = {r.person_id for r in self._shown}
            self._shown = self._results[key] = [r for r in self._base if r.person_id in ids]
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
        self._sorts, self._first_keys, self._results = {}, {}, {}
        self.loaded = self.partial = False
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
        if self._more is not None:
            try:
                rows = cf.apply(rows, self._more, self._today(), self._extras)
            except RuleError:
                pass  # goals off track not worked out yet; applied again when they are
        return rows

    def _rebuild_base(self) -> None:
        self._base = self._filter_base(self._sorted)
        self._results = {}
        self._show(self._matching(self._search))

    def _matching(self, text: str) -> list[CaseloadRow]:
        """The rows in scope that caseload.search matches, in the current order."""
        key = search_key(text)
        if not key:
            return self._base
        found = self._results.get(key)
        if found is not None:
            return found
        if key in self._first_keys:
            ids = self._first_keys[key]
            found = [r for r in self._base if r.person_id in ids]
        else:
            # A longer text matches a subset of what its prefix matched (names hold no digits).
            known = [k for k in self._results if key.startswith(k)]
            source = self._results[max(known, key=len)] if known else self._base
            found = caseload.search(source, text)
        if len(self._results) >= _KEEP_RESULTS:
            self._results.clear()
        self._results[key] = found
        return found

    def _show(self, rows: list[CaseloadRow], in_place: bool = False) -> None:
        same_people = in_place and len(rows) == len(self._shown) and all(
            a.person_id == b.person_id for a, b in zip(rows, self._shown, strict=True))
        if same_people and rows:
            self._shown = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._shown = rows
            self.endResetModel()
        self.counts_changed.emit()
