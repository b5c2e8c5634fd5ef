"""The caseload screen: search, my caseload or everyone, review filter, and the table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord.services import caseload
from carecoord.services.base import Ctx
from carecoord.services.caseload_filters import load_extras
from ui import style
from ui.caseload.model import (
    COLUMNS,
    LEAD,
    NAME,
    REVIEW_ANY,
    REVIEW_DUE_SOON,
    REVIEW_OVERDUE,
    CaseloadModel,
    by_name,
    count_text,
    first_key_matches,
    sort_orders,
)
from ui.caseload.summary import CaseloadSummary, summarise
from ui.memory import settle_long_lived
from ui.tasks import TaskRunner

# How each column's two orders read, in COLUMNS order.
_SORT_WORDS = (("A to Z", "Z to A"), ("lowest first", "highest first"),
               ("oldest first", "youngest first"), ("in order", "in reverse order"),
               ("soonest first", "latest first"), ("soonest first", "latest first"),
               ("A to Z", "Z to A"), ("A to Z", "Z to A"), ("in order", "in reverse order"),
               ("in order", "in reverse order"))

_REVIEW_CHOICES = ((REVIEW_ANY, "Any review date"), (REVIEW_OVERDUE, "Reviews overdue"),
                   (REVIEW_DUE_SOON, "Reviews due within 14 days"))


def _nobody_mine_text(in_store: int) -> str:
    if in_store == 1:
        return ("There is 1 person in the store, but you are not their lead professional. "
                "Choose Everyone to see them.")
    return (f"There are {in_store:,} people in the store, but none of them has you as their "
            "lead professional. Choose Everyone to see them all.")


class CaseloadTable(QTableView):
    """A table that opens the current row on Enter, as well as on a double-click."""

    open_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchBox(QLineEdit):
    """Down or Enter moves to the results, so typing a name and pressing Enter just works."""

    to_results = Signal(bool)  # True when Enter was pressed

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.to_results.emit(False)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_results.emit(True)
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class CaseloadScreen(QWidget):
    open_person = Signal(int)
    new_person_requested = Signal()
    summary_changed = Signal(object)  # CaseloadSummary

    def __init__(self, ctx: Ctx, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.summary = CaseloadSummary()
        self._selected: int | None = None
        self._loading = False
        self._reload_pending = self._pending_audit = False
        self.model = CaseloadModel(ctx.today, self)
        self._build()
        self.model.counts_changed.connect(self._update_state)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

    # ---- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        style.page_margins(outer, self)

        top = QHBoxLayout()
        top.addWidget(style.heading("Caseload", 1, self))
        top.addStretch(1)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("caseloadCount")
        self.count_label.setAccessibleName("Number of people shown")
        self.count_label.setFont(style.scaled_font(self.count_label.font(), 1.15, bold=True))
        top.addWidget(self.count_label)
        # Sorting from the keyboard: a column heading can only be clicked.
        sort_label = QLabel("Sort &by:", self)
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("caseloadSort")
        self.sort_box.setAccessibleName("Sort the caseload by")
        for column, (up, down) in enumerate(_SORT_WORDS):
            title = COLUMNS[column].title
            # Item 2 × column is that column ascending; the next one, descending.
            self.sort_box.addItem(f"{title}, {up}")
            self.sort_box.addItem(f"{title}, {down}")
        sort_label.setBuddy(self.sort_box)
        top.addWidget(sort_label)
        top.addWidget(self.sort_box)
        # Up here, not in the row of filters below: that row must fit a small laptop at 150%.
        self.new_button = QPushButton("&New person…", self)
        self.new_button.setAccessibleName("Add a new person")
        self.new_button.clicked.connect(self.new_person_requested)
        top.addSpacing(style.em(self))
        top.addWidget(self.new_button)
        outer.addLayout(top)

        controls = QHBoxLayout()
        find = QLabel("F&ind:", self)  # Alt+F belongs to the File menu
        self.search = SearchBox(self)
        self.search.setObjectName("caseloadSearch")
        self.search.setPlaceholderText("Name or NHS number")
        self.search.setToolTip("For example: smith ann, annie, or 943 476. Ctrl+F comes here.")
        self.search.setAccessibleName("Search the caseload by name or NHS number")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(style.em(self) * 12)
        find.setBuddy(self.search)
        self.search.textChanged.connect(self.model.set_search)
        self.search.to_results.connect(self._search_to_results)
        controls.addWidget(find)
        controls.addWidget(self.search, 3)

        self.mine = QRadioButton("&My caseload", self)
        self.mine.setAccessibleName("Show only people I am lead professional for")
        self.everyone = QRadioButton("&Everyone", self)
        self.everyone.setAccessibleName("Show everyone in the store")
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.mine)
        self.scope.addButton(self.everyone)
        if self.ctx.actor.professional_id is None:
            self.mine.setEnabled(False)
            self.mine.setToolTip("Your user account is not linked to a professional.")
            self.everyone.setChecked(True)
        else:
            self.mine.setChecked(True)
            self.model.set_lead(self.ctx.actor.professional_id)
        self.mine.toggled.connect(self._scope_changed)
        controls.addWidget(self.mine)
        controls.addWidget(self.everyone)

        self.review = QComboBox(self)
        self.review.setAccessibleName("Filter by review date")
        for value, text in _REVIEW_CHOICES:
            self.review.addItem(text, value)
        # May narrow (and elide) on a small screen rather than push the window wider.
        self.review.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.review.setMinimumContentsLength(14)
        self.review.currentIndexChanged.connect(
            lambda _i: self.model.set_review_filter(self.review.currentData()))
        controls.addWidget(self.review, 1)
        self.more_button = QPushButton("More fi&lters…", self)
        self.more_button.setCheckable(True)
        self.more_button.setAccessibleName("Show more filters: lead, team, plan, goals off "
                                           "track, admissions, appointments, saved views")
        self.more_button.toggled.connect(self._toggle_more)
        controls.addWidget(self.more_button)
        outer.addLayout(controls)

        from ui.filters.filter_panel import CaseloadFilterPanel

        self.more = CaseloadFilterPanel(self.ctx, parent=self)
        self.more.setVisible(False)
        self.more.changed.connect(self._more_changed)
        self.extras = None
        outer.addWidget(self.more)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)
        self.loading = style.EmptyState("Loading the caseload…",
                                        "This takes a moment for a large caseload.")
        self.empty_store = style.EmptyState(
            "Nobody is in CareCoord yet",
            "Add the first person you coordinate care for: choose New person (Ctrl+N) and "
            "type their NHS number, name and date of birth. Everyone you add appears here.",
            [("New person…", self.new_person_requested.emit)])
        self.nobody_mine = style.EmptyState(
            "Nobody has you as their lead professional yet", "",
            [("Show everyone", lambda: self.everyone.setChecked(True))])
        self.no_match = style.EmptyState("Nobody matches", "",
                                         [("Clear the search and filters", self.clear_filters)])
        self.table = self._make_table()
        for page in (self.loading, self.empty_store, self.nobody_mine, self.no_match,
                     self.table):
            self.stack.addWidget(page)
        self.setTabOrder(self.search, self.mine)
        self.setTabOrder(self.mine, self.everyone)
        self.setTabOrder(self.everyone, self.review)
        self.setTabOrder(self.review, self.more_button)
        self.setTabOrder(self.more_button, self.sort_box)
        self.setTabOrder(self.sort_box, self.new_button)
        self.setTabOrder(self.new_button, self.table)

    def _make_table(self) -> CaseloadTable:
        table = CaseloadTable(self)
        table.setObjectName("caseloadTable")
        table.setAccessibleName("Caseload")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        vertical = table.verticalHeader()
        vertical.hide()
        # Fixed heights: the view never measures 50,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(int(style.em(table) * 1.6))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        char = table.fontMetrics().averageCharWidth()
        for i, column in enumerate(COLUMNS):
            table.setColumnWidth(i, column.width_chars * char + style.em(table))
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sorted_by_heading)
        self._sorted_by_heading(self.model.sort_column, self.model.sort_order)
        self.sort_box.activated.connect(self._sort_chosen)
        table.setColumnHidden(LEAD, self.mine.isChecked())
        table.open_row.connect(self._open_index)
        table.doubleClicked.connect(self._open_index)
        return table

    # ---- loading --------------------------------------------------------------------------

    def load(self, audit: bool = True) -> None:
        """Fetch every row on the worker; the table fills in when they arrive.

        The first time, the signed-in lead's own people come first: one indexed query of tens
        of milliseconds, where everyone takes about a second at 50,000 people. "My caseload"
        is what opens, so it is usable while the rest follow."""
        if self._loading:
            # A change made while the rows were being read may not be in them: read again
            # as soon as this load ends, rather than dropping the request.
            self._reload_pending = True
            self._pending_audit = self._pending_audit or audit
            return
        self._loading = True
        self._reload_pending = self._pending_audit = False
        ctx = self.ctx
        lead = ctx.actor.professional_id
        order = self.model.current_order
        if not self.model.loaded and not self.model.partial:
            self.stack.setCurrentWidget(self.loading)
            if lead is not None and self.mine.isChecked():
                query = caseload.CaseloadQuery(lead_professional_id=lead)
                self.runner.run(lambda: by_name(caseload.load(ctx, query, audit=audit)),
                                self._own_loaded, lambda _e: None, parent=self)

        def work():
            rows = by_name(caseload.load(ctx, audit=audit))
            return rows, summarise(rows, ctx.today(), lead), sort_orders(rows, only=order)

        self.runner.run(work, self._loaded, self._load_failed, parent=self)

    def _own_loaded(self, rows) -> None:
        # If this fails, the load of everyone queued behind it reports the error.
        if self._loading and not self.model.loaded:
            self.model.set_rows(rows, partial=True)

    def _loaded(self, result) -> None:
        rows, summary, orders = result
        self._loading = False
        self.model.set_rows(rows, orders)
        settle_long_lived()
        self.summary = summary
        self.summary_changed.emit(summary)
        # Work ahead, on the worker, while the user reads: first keystrokes, then the sorts.
        held = self.model.all_rows
        self.runner.run(lambda: first_key_matches(held),
                        lambda keys: self.model.adopt_first_keys(held, keys), parent=self)
        self.runner.run(lambda: sort_orders(held),
                        lambda orders: self.model.adopt_orders(held, orders), parent=self)
        if self.more.isVisible():  # its choices and counts cost ~60 ms at 50,000 rows
            self.more.set_rows(held)
        # Goals off track cost about half a second at 50,000 people: worked out after the
        # first paint, on the worker, and applied when they arrive.
        ctx = self.ctx
        self.runner.run(lambda: load_extras(ctx), self._extras_loaded, parent=self)
        if self._reload_pending:
            self.load(audit=self._pending_audit)  # an F5 while loading is still a view

    def _extras_loaded(self, extras) -> None:
        self.extras = extras
        self.model.set_extras(extras)
        self._update_state()

    def _toggle_more(self, shown: bool) -> None:
        if shown and self.model.loaded:
            self.more.set_rows(self.model.all_rows)
        self.more.setVisible(shown)
        if not shown:
            self.model.set_more_filters(None)
            self._update_state()
        else:
            self.more.setFocus()

    def _more_changed(self, flt) -> None:
        # The panel's lead choice and My caseload / Everyone must not contradict each other
        # ("My caseload" with another lead chosen would show nobody, and say I lead nobody).
        if flt is not None and flt.lead_ids and self.mine.isChecked():
            self.everyone.setChecked(True)
        elif flt is not None and flt.my_caseload and self.mine.isEnabled():
            self.mine.setChecked(True)
        self.model.set_more_filters(flt, self.extras)
        self._update_state()

    def _load_failed(self, error: Exception) -> None:
        from ui.tasks import message_for

        self._loading = False
        # F5 tries again; a failing store would only fail again.
        self._reload_pending = self._pending_audit = False
        self.loading.title.setText("The caseload could not be loaded")
        self.loading.set_body(message_for(error))
        self.stack.setCurrentWidget(self.loading)

    # ---- filters --------------------------------------------------------------------------

    def show_review_filter(self, which: str, mine: bool = True) -> None:
        """Used by Today and Huddle: my overdue reviews, and so on."""
        if mine and self.mine.isEnabled():
            self.mine.setChecked(True)
        else:
            self.everyone.setChecked(True)
        self.search.clear()
        self.review.setCurrentIndex(self.review.findData(which))

    def _sort_chosen(self, index: int) -> None:
        column, descending = divmod(index, 2)
        self.table.sortByColumn(column, Qt.SortOrder.DescendingOrder if descending
                                else Qt.SortOrder.AscendingOrder)

    def _sorted_by_heading(self, column: int, order: Qt.SortOrder) -> None:
        descending = Qt.SortOrder(order) == Qt.SortOrder.DescendingOrder
        self.sort_box.setCurrentIndex(column * 2 + int(descending))

    def sort_by(self, column: int, order: Qt.SortOrder) -> None:
        self.table.sortByColumn(column, order)

    def clear_filters(self) -> None:
        self.search.clear()
        self.review.setCurrentIndex(0)
        self.search.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _scope_changed(self) -> None:
        mine = self.mine.isChecked()
        self.model.set_lead(self.ctx.actor.professional_id if mine else None)
        # On my own caseload the lead is me on every row: the column only takes room.
        self.table.setColumnHidden(LEAD, mine)

    # ---- state ------------------------------------------------------------------------------

    def _update_state(self) -> None:
        m = self.model
        if not m.loaded and not m.partial:
            self.count_label.setText("")
            return
        if m.partial and not (self.mine.isChecked() and m.all_rows):
            # Only the lead's own people are here yet: anything wider waits for the rest.
            self.count_label.setText("")
            self.stack.setCurrentWidget(self.loading)
            return
        searching = bool(m.search_text.strip())
        filtered = (searching or self.review.currentData() != REVIEW_ANY
                    or (self.more.isVisible() and not self.more.current_filter().is_everyone))
        if searching and m.shown != m.in_scope:
            self.count_label.setText(f"{m.shown:,} of {count_text(m.in_scope)}")
        else:
            self.count_label.setText(count_text(m.shown))
        if not m.all_rows:
            page = self.empty_store
        elif m.shown:
            page = self.table
        elif not m.in_scope and self.mine.isChecked() and not filtered:
            self.nobody_mine.set_body(_nobody_mine_text(len(m.all_rows)))
            page = self.nobody_mine
        else:
            self.no_match.title.setText(self._no_match_title())
            self.no_match.set_body(
                "Check the spelling, or type part of the NHS number. Searching looks at "
                + ("your caseload only; choose Everyone to search the whole store."
                   if self.mine.isChecked() else "everyone in the store."))
            page = self.no_match
        had_focus = self.stack.currentWidget().hasFocus() if self.stack.currentWidget() else False
        self.stack.setCurrentWidget(page)
        if had_focus and page is not self.table:
            self.search.setFocus()

    def _no_match_title(self) -> str:
        text = self.model.search_text.strip()
        review = self.review.currentText().lower()
        if text:
            return f"Nobody matches “{text}”"
        return f"Nobody with {review}" if self.review.currentData() != REVIEW_ANY else \
            "Nobody matches"

    def _remember_selection(self) -> None:
        index = self.table.currentIndex()
        self._selected = self.model.row_at(index).person_id if index.isValid() else None

    def _restore_selection(self) -> None:
        if self._selected is None:
            return
        pos = self.model.position_of(self._selected)
        if pos is not None:
            self.table.setCurrentIndex(self.model.index(pos, NAME))

    # ---- opening --------------------------------------------------------------------------

    def _search_to_results(self, enter: bool) -> None:
        if not self.model.shown:
            return
        if enter and self.model.shown == 1:
            self.open_person.emit(self.model.row_at(0).person_id)
            return
        self.table.setFocus()
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, NAME))

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_person.emit(self.model.row_at(index).person_id)

    def selected_person(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_at(index).person_id if index.isValid() else None
