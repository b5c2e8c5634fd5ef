"""The main window: navigation, menus, the caseload and the person's record, and locking."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from carecoord.services.base import Ctx
from ui import style
from ui.caseload.overview import TodayPage
from ui.caseload.view import CaseloadScreen
from ui.help_dialogs import AboutDialog, ShortcutsDialog
from ui.lazy_page import LazyPage
from ui.lock import LOCK_SHORTCUT, LOCKED_TITLE, Preferences, PreferencesDialog, save_all_drafts
from ui.main_menus import StoreMenus
from ui.memory import tidy
from ui.tasks import TaskRunner, show_error
from ui.today.today_screen import TodayScreen

log = logging.getLogger(__name__)

PAGES = ("Today", "Caseload", "Huddle", "Dashboard", "My week")
TODAY, CASELOAD, HUDDLE, DASHBOARD, WEEK = range(len(PAGES))
BACK_SHORTCUT = QKeySequence("Alt+Left")
_TEXT_INPUTS = (QPlainTextEdit, QTextEdit)

def first_size(window: QWidget) -> QSize:
    """Most of the screen the first time: the caseload has many columns to show."""
    wanted = QSize(style.em(window) * 90, style.em(window) * 56)
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry().size() * 0.9
    return wanted.boundedTo(room)


class RecordPage(QWidget):
    """Holds one person's record and the button that leads back to where it was opened from
    ("← Back to Today"). A record with a banner takes the button onto the banner's row of
    buttons, so a short window (a laptop at 150%) gives its line to the care plan; anything
    else shown here has it on a bar above."""

    back = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        m = style.em(self) // 2
        bar.setContentsMargins(m, m, m, 0)
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("backToCaseload")
        self.back_button.setToolTip("Alt+Left, or Escape when not typing in a text box")
        self.back_button.clicked.connect(self.back)
        self.set_back_to(PAGES[CASELOAD])
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        self.bar = QWidget(self)
        self.bar.setLayout(bar)
        layout.addWidget(self.bar)
        self.holder = QVBoxLayout()
        layout.addLayout(self.holder, 1)
        self.view: QWidget | None = None
        self.person_id: int | None = None
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._escape)

    def _escape(self) -> None:
        # Escape must not throw someone out of a plan they are typing; Alt+Left always works.
        focus = QApplication.focusWidget()
        if isinstance(focus, _TEXT_INPUTS) and not focus.isReadOnly():
            return
        self.back.emit()

    def set_back_to(self, screen: str) -> None:
        self.back_button.setText(f"← Back to {screen}")
        self.back_button.setAccessibleName(f"Back to {screen}")

    def set_view(self, view: QWidget | None, person_id: int | None) -> None:
        self.close_view()
        self.view, self.person_id = view, person_id
        if view is not None:
            banner = getattr(view, "banner", None)
            if callable(getattr(banner, "set_back_button", None)):
                banner.set_back_button(self.back_button)
                self.bar.hide()
            self.holder.addWidget(view)
            view.setFocus()

    def close_view(self) -> None:
        view, self.view, self.person_id = self.view, None, None
        if view is None:
            return
        if self.back_button.parent() is not self.bar:
            # Taken back before the record goes, or it would go with it.
            banner = getattr(view, "banner", None)
            if callable(getattr(banner, "take_back_button", None)):
                banner.take_back_button(self.back_button)
            self.bar.layout().insertWidget(0, self.back_button)
            self.back_button.show()
            self.bar.show()
        save = getattr(view, "save_draft", None)
        if callable(save):
            try:
                save()
            except Exception:  # noqa: BLE001 - closing must go on; the view reports why
                log.exception("Saving a draft before closing a record failed")
        view.hide()
        # Kept as a child until it goes: made a window of its own, its end can take the
        # keyboard away from the main window.
        self.holder.removeWidget(view)
        view.deleteLater()


class MainWindow(QMainWindow):
    closing = Signal()
    lock_requested = Signal()

    def __init__(self, ctx: Ctx, runner: TaskRunner, prefs: Preferences,
                 settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.prefs = prefs
        self.settings = settings or QSettings()
        self.locked = False
        self._title_detail = ""
        # Where a record goes back to, and what had the keyboard there when it was opened.
        self._back_to = CASELOAD
        self._back_focus: QWidget | None = None
        self.setObjectName("mainWindow")
        self._build()
        self._build_actions()
        self._restore()

    # ---- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.root = QStackedWidget(self)
        self.setCentralWidget(self.root)
        self.workspace = QWidget(self.root)
        outer = QVBoxLayout(self.workspace)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = style.demo_banner(self.workspace) if self.ctx.store.is_demo else None
        if self.banner is not None:
            outer.addWidget(self.banner)
        body = QHBoxLayout()
        body.setSpacing(0)
        outer.addLayout(body, 1)

        self.nav = QListWidget(self.workspace)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Screens")
        self.nav.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.nav.setFont(style.scaled_font(self.nav.font(), 1.15))
        self.nav.setSpacing(max(2, style.em(self) // 4))
        for i, name in enumerate(PAGES):
            self.nav.addItem(name)
            self.nav.item(i).setToolTip(f"{name} (Ctrl+{i + 1})")
        width = max(self.nav.fontMetrics().horizontalAdvance(n) for n in PAGES)
        self.nav.setFixedWidth(width + style.em(self) * 3)
        body.addWidget(self.nav)

        self.content = QStackedWidget(self.workspace)
        body.addWidget(self.content, 1)
        mine = self.ctx.actor.professional_id is not None
        self.today = TodayScreen(self.ctx, self.runner) if mine else TodayPage(mine)
        self.caseload = CaseloadScreen(self.ctx, self.runner)
        self.record_page = RecordPage()
        self.caseload_area = QStackedWidget()
        self.caseload_area.addWidget(self.caseload)
        self.caseload_area.addWidget(self.record_page)
        self._lazy = {HUDDLE: LazyPage(self._make_huddle, self.content),
                      DASHBOARD: LazyPage(self._make_dashboard, self.content),
                      WEEK: LazyPage(self._make_week, self.content)}
        for page in (self.today, self.caseload_area, *self._lazy.values()):
            self.content.addWidget(page)
        self.root.addWidget(self.workspace)

        self.nav.currentRowChanged.connect(self._page_changed)
        # Arrowing through the list shows each screen and leaves the keyboard there; Enter
        # (or a click) goes into the screen.
        self.nav.itemActivated.connect(lambda _item: self.focus_page(self.nav.currentRow()))
        self.nav.itemClicked.connect(lambda _item: self.focus_page(self.nav.currentRow()))
        self.caseload.open_person.connect(self.open_person)
        self.caseload.new_person_requested.connect(self.new_person)
        self.caseload.summary_changed.connect(self._summary_changed)
        self.record_page.back.connect(self.go_back)
        self._connect_page(self.today)
        if hasattr(self.today, "show_reviews"):  # the overview shown when I lead no one
            self.today.show_reviews.connect(self.show_reviews)
            self.today.new_person.connect(self.new_person)

        role = self.ctx.actor.role.label
        self.who = QLabel(f"Signed in as {self.ctx.actor.full_name} ({role})")
        self.statusBar().addPermanentWidget(self.who)

    # Made on first use (see LazyPage): start-up needs only Today and the caseload.
    def _make_huddle(self) -> QWidget:
        from ui.huddle.huddle_screen import HuddleScreen

        return self._connect_page(HuddleScreen(self.ctx, self.runner))

    def _make_dashboard(self) -> QWidget:
        from ui.dashboard.dashboard_screen import DashboardScreen

        return self._connect_page(DashboardScreen(self.ctx, self.runner))

    def _make_week(self) -> QWidget:
        if self.ctx.actor.professional_id is None:
            return style.EmptyState(
                "My week", "Your account is not linked to a professional, so it has no "
                "appointments of its own. Open a person from the caseload to see theirs.")
        from ui.appointments.week_view import WeekView

        return self._connect_page(WeekView(self.ctx))

    def _connect_page(self, page: QWidget) -> QWidget:
        if hasattr(page, "open_person"):
            page.open_person.connect(self.open_person)
        return page

    @property
    def huddle(self) -> QWidget:
        return self._lazy[HUDDLE].page()

    @property
    def dashboard(self) -> QWidget:
        return self._lazy[DASHBOARD].page()

    @property
    def week(self) -> QWidget:
        return self._lazy[WEEK].page()

    def page_widget(self, page: int) -> QWidget:
        """The screen shown for a navigation entry, made now if it was not yet."""
        lazy = self._lazy.get(page)
        return lazy.page() if lazy is not None else self.content.widget(page)

    def _action(self, menu, text: str, slot, shortcut: QKeySequence | str | None = None,
                data: bool = True) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        if data:
            self._data_actions.append(action)
        return action

    def _build_actions(self) -> None:
        self._data_actions: list[QAction] = []
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.new_action = self._action(file, "&New person…", self.new_person,
                                       QKeySequence.StandardKey.New)
        if not self.ctx.actor.can_change:
            self.new_action.setEnabled(False)
            self.caseload.new_button.setEnabled(False)
        self.menus = StoreMenus(self)
        self.menus.add_to(file)
        file.addSeparator()
        self._action(file, "&Preferences…", self.preferences, "Ctrl+,")
        self.lock_action = self._action(file, "&Lock", self.lock_requested, LOCK_SHORTCUT)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence("Ctrl+Q"), data=False)

        go = bar.addMenu("&Go")
        self.page_actions = []
        for i, name in enumerate(PAGES):
            action = self._action(go, f"&{i + 1} {name}", lambda _c=False, i=i: self.go_to(i),
                                  f"Ctrl+{i + 1}")
            action.setData(f"Go to {name}")
            self.page_actions.append(action)
        go.addSeparator()
        self._action(go, "&Find in caseload", self.find_in_caseload,
                     QKeySequence.StandardKey.Find)
        self.back_action = self._action(go, "&Back", self.go_back, BACK_SHORTCUT)
        self.back_action.setData("Back from a person's record to where it was opened from")
        self._action(go, "&Reload caseload", lambda: self.caseload.load(audit=True),
                     QKeySequence.StandardKey.Refresh)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts,
                     QKeySequence.StandardKey.HelpContents, data=False)
        self._action(help_menu, "&About CareCoord", self.show_about, data=False)

    def _restore(self) -> None:
        geometry = self.settings.value("ui/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self))
        page = self.settings.value("ui/last_page", CASELOAD)
        try:
            page = int(page)
        except (TypeError, ValueError):
            page = CASELOAD
        self.nav.setCurrentRow(page if 0 <= page < len(PAGES) else CASELOAD)

    def start(self) -> None:
        """Show the window and start loading the caseload in the background."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.caseload.load(audit=True)
        if self.nav.currentRow() == CASELOAD:
            self.caseload.focus_search()
        else:
            self.focus_page(self.nav.currentRow())

    # ---- navigation ---------------------------------------------------------------------

    def go_to(self, page: int) -> None:
        """Ctrl+1 to Ctrl+5 and the Go menu: show the screen and put the keyboard in it."""
        if self.locked:
            return
        if page == CASELOAD and self.nav.currentRow() == CASELOAD:
            self.back_to_caseload()
        self.nav.setCurrentRow(page)
        self.focus_page(page)

    def focus_page(self, page: int) -> None:
        """Put the keyboard in a screen: Today's on its list's current item; another keeps
        it where it is in the screen (a screen shown takes it to its first control)."""
        if self.locked or page < 0:
            return
        if page == TODAY and hasattr(self.today, "focus_list"):
            self.today.focus_list()
            return
        focus = QApplication.focusWidget()
        if focus is not None and self.content.widget(page).isAncestorOf(focus) \
                and focus.isVisible():
            return
        if page == CASELOAD:
            if self.record_showing() and self.record_page.view is not None:
                self.record_page.view.setFocus()
            else:
                self.caseload.table.setFocus()
        else:
            first = _first_focusable(self.page_widget(page))
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

    def record_showing(self) -> bool:
        return self.caseload_area.currentWidget() is self.record_page

    def _page_changed(self, page: int) -> None:
        if page < 0:
            return
        widget = self.page_widget(page)
        self.content.setCurrentIndex(page)
        self.settings.setValue("ui/last_page", page)
        if page in (TODAY, WEEK) and hasattr(widget, "refresh"):
            # What is due changes through the day: read it again each time it is shown.
            widget.refresh()
        elif page == DASHBOARD and not getattr(self, "_dashboard_loaded", False):
            self._dashboard_loaded = True  # the figures take a second at 50,000 people
            self.dashboard.refresh()
        self._update_title()

    def find_in_caseload(self) -> None:
        self.back_to_caseload()
        self.nav.setCurrentRow(CASELOAD)
        self.caseload.focus_search()

    def show_reviews(self, which: str, mine: bool) -> None:
        self.back_to_caseload()
        self.nav.setCurrentRow(CASELOAD)
        self.caseload.show_review_filter(which, mine)
        self.caseload.table.setFocus()

    def back_to_caseload(self) -> None:
        """Close the record and show the caseload, wherever the record came from (Ctrl+2
        on a record, Find, a review filter)."""
        if self.record_showing():
            self.record_page.close_view()
            self.caseload_area.setCurrentWidget(self.caseload)
            self.caseload.table.setFocus()
            self._update_title()

    def go_back(self) -> None:
        """Close the record shown and go back to the screen it was opened from, with the
        keyboard where it was (Back, Escape, Alt+Left)."""
        if not self.record_showing() or self.content.currentWidget() is not self.caseload_area:
            return  # a record left open behind another screen is not closed unseen
        origin, focus = self._back_to, self._back_focus
        self._back_focus = None
        self.back_to_caseload()
        if origin == CASELOAD:
            return
        self.nav.setCurrentRow(origin)
        if focus is not None and isValid(focus) and focus.isVisible() \
                and self.page_widget(origin).isAncestorOf(focus):
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.focus_page(origin)

    def _summary_changed(self, summary) -> None:
        built = [lazy.page() for lazy in self._lazy.values() if lazy.is_built]
        for page in (self.today, *built):
            if hasattr(page, "update_summary"):
                page.update_summary(summary)

    # ---- people -------------------------------------------------------------------------

    def open_person(self, person_id: int, section: str | None = None) -> None:
        if self.locked:
            return
        try:
            from ui.record.record_view import PersonRecordView
        except ImportError:
            show_error(self, "The person's record cannot be opened in this version of "
                             "CareCoord.")
            return
        view = PersonRecordView(self.ctx, person_id, runner=self.runner)
        view.changed.connect(self._record_changed)
        view.closed.connect(self.go_back)
        view.windowTitleChanged.connect(self._record_named)
        self._remember_origin()
        self.record_page.set_view(view, person_id)
        self.nav.setCurrentRow(CASELOAD)
        self.caseload_area.setCurrentWidget(self.record_page)
        # Only a shown record can take the keyboard: from Today it would otherwise be left
        # in the list of screens.
        view.setFocus()
        if section:
            try:
                view.show_section(section)
            except (KeyError, ValueError):
                log.warning("No record section called %s", section)
        # The record names the person: someone just added is not in the caseload's rows yet.
        self._title_detail = view.windowTitle() or self._caseload_name(person_id)
        self._update_title()

    def _remember_origin(self) -> None:
        """Note where a record is being opened from, unless a record is open already
        (a new person added from a record goes back where that record would)."""
        page = self.nav.currentRow()
        if page == CASELOAD and self.record_showing() and self.record_page.view is not None:
            return
        self._back_to = page if page >= 0 else CASELOAD
        focus = QApplication.focusWidget()
        shown = self.page_widget(self._back_to)
        self._back_focus = focus if focus is not None and shown.isAncestorOf(focus) else None
        name = PAGES[self._back_to]
        self.record_page.set_back_to(name)
        self.back_action.setText(f"&Back to {name}")

    def _caseload_name(self, person_id: int) -> str:
        pos = self.caseload.model.position_of(person_id)
        return self.caseload.model.row_at(pos).name if pos is not None else ""

    def _record_named(self, name: str) -> None:
        if name and self.record_page.view is self.sender():
            self._title_detail = name
            self._update_title()

    def _record_changed(self, _person_id: int) -> None:
        self.caseload.load(audit=False)

    def new_person(self) -> None:
        if self.locked or not self.ctx.actor.can_change:
            return
        try:
            from ui.record.person_dialog import new_person
        except ImportError:
            show_error(self, "Adding a person is not available in this version of CareCoord.")
            return
        person_id = new_person(self.ctx, self)
        if person_id is not None and not self.locked:
            self.caseload.load(audit=False)
            self.open_person(person_id)

    # ---- dialogs ------------------------------------------------------------------------

    def preferences(self) -> None:
        PreferencesDialog(self.prefs, self).open()

    def show_about(self) -> None:
        AboutDialog(self.ctx, self).open()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.actions(), self).open()

    # ---- locking ------------------------------------------------------------------------

    def set_locked(self, locked: bool, screen: QWidget) -> None:
        """Show only the lock screen (no patient data at all), or put the workspace back."""
        self.locked = locked
        if self.root.indexOf(screen) < 0:
            self.root.addWidget(screen)
        self.root.setCurrentWidget(screen if locked else self.workspace)
        for action in self._data_actions:
            action.setEnabled(not locked and (action is not self.new_action
                                              or self.ctx.actor.can_change))
        self.statusBar().clearMessage()
        self._update_title()
        if locked:
            # Once the lock screen is up, a full collection's pause cannot be felt.
            # Not at once: someone who locks and unlocks straight away is typing by then.
            QTimer.singleShot(30_000, lambda: self.locked and tidy())
        if not locked:
            current = self.content.currentWidget()
            if current is self.caseload_area and self.record_page.view is None:
                self.caseload.table.setFocus()

    def _update_title(self) -> None:
        if self.locked:
            self.setWindowTitle(LOCKED_TITLE)
            return
        page = PAGES[self.nav.currentRow()] if self.nav.currentRow() >= 0 else ""
        if self.content.currentWidget() is self.caseload_area and self.record_page.view:
            page = self._title_detail or "Person's record"
        demo = " (demo data)" if self.ctx.store.is_demo else ""
        self.setWindowTitle(f"CareCoord{demo} — {page}")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        save_all_drafts()
        self.record_page.close_view()
        self.menus.backup_on_close()
        self.settings.setValue("ui/geometry", self.saveGeometry())
        self.settings.sync()
        self.closing.emit()
        super().closeEvent(event)


def _first_focusable(page: QWidget) -> QWidget | None:
    """The first widget in a screen that Tab would reach."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return widget
        widget = widget.nextInFocusChain()
    return None
