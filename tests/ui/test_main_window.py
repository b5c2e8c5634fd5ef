"""Navigation, menus, honest empty screens, the demo banner, About, and opening a record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord import __version__
from tests.ui.conftest import activate, visible_text
from ui.main_window import CASELOAD, DASHBOARD, HUDDLE, PAGES, TODAY, WEEK, MainWindow


def menu_shortcuts(window) -> dict[str, str]:
    found = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if not action.shortcut().isEmpty():
                found[action.text().replace("&", "")] = action.shortcut().toString()
    return found


def test_ctrl_1_to_4_move_between_screens_and_menus_show_them(qtbot, main_window):
    shortcuts = menu_shortcuts(main_window)
    for i, name in enumerate(PAGES):
        assert shortcuts[f"{i + 1} {name}"] == f"Ctrl+{i + 1}"
    assert shortcuts["Lock"] == "Ctrl+L"
    assert shortcuts["New person…"] == "Ctrl+N"
    for page in (TODAY, HUDDLE, DASHBOARD, CASELOAD):
        qtbot.keyClick(main_window, getattr(Qt.Key, f"Key_{page + 1}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert main_window.nav.currentRow() == page
        assert main_window.windowTitle() == f"CareCoord — {PAGES[page]}"


def test_navigation_list_works_with_arrow_keys(qtbot, main_window):
    main_window.nav.setFocus()
    main_window.nav.setCurrentRow(TODAY)
    qtbot.keyClick(main_window.nav, Qt.Key.Key_Down)
    assert main_window.content.currentWidget() is main_window.caseload_area
    qtbot.keyClick(main_window.nav, Qt.Key.Key_Down)
    assert main_window.page_widget(main_window.content.currentIndex()) is main_window.huddle


def test_today_reads_my_inbox_each_time_it_is_shown(qtbot, main_window, runner):
    main_window.go_to(TODAY)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    text = main_window.today.summary.text()
    assert "Reading" not in text and "could not" not in text, text


def test_dashboard_works_out_its_figures_when_first_shown(qtbot, main_window, runner):
    main_window.go_to(DASHBOARD)
    qtbot.waitUntil(lambda: runner.idle, timeout=20_000)
    status = main_window.dashboard.status.text()
    assert "active people" in status, status


def test_my_week_and_huddle_are_real_screens(qtbot, main_window, runner):
    from ui.appointments.week_view import WeekView
    from ui.huddle.huddle_screen import HuddleScreen

    shown = lambda: main_window.page_widget(main_window.content.currentIndex())  # noqa: E731
    main_window.go_to(WEEK)
    assert isinstance(shown(), WeekView) and shown().isVisibleTo(main_window)
    main_window.go_to(HUDDLE)
    assert isinstance(shown(), HuddleScreen) and shown().isVisibleTo(main_window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_screens_not_needed_at_start_up_are_made_when_first_shown(main_window):
    lazy = main_window._lazy
    assert not any(page.is_built for page in lazy.values())
    main_window.go_to(DASHBOARD)
    assert lazy[DASHBOARD].is_built and not lazy[HUDDLE].is_built
    assert main_window.dashboard.isVisibleTo(main_window)


def test_file_menu_offers_store_wide_actions(main_window):
    texts = {a.text().replace("&", "") for a in main_window.actions()}
    for wanted in ("Import a FHIR bundle…", "Export this caseload view as CSV…",
                   "Print plans for this caseload view…", "Export log…", "Back up now…",
                   "Restore from a backup…"):
        assert wanted in texts


def test_demo_store_shows_a_banner(qtbot, ctx, runner, prefs, settings):
    ctx.store.is_demo = True
    window = MainWindow(ctx, runner, prefs, settings)
    qtbot.addWidget(window)
    window.start()
    assert window.banner is not None and window.banner.isVisible()
    assert window.banner.text().startswith("Demo data")
    assert "(demo data)" in window.windowTitle()
    qtbot.waitUntil(lambda: runner.idle)


def test_no_banner_for_a_real_store(main_window):
    assert main_window.banner is None
    assert "Demo" not in visible_text(main_window)


def test_about_shows_the_version(qtbot, main_window):
    main_window.show_about()
    about = main_window.findChild(QDialog, "aboutDialog")
    assert about.isVisible()
    assert about.findChild(QWidget, "aboutVersion").text() == f"Version {__version__}"
    about.reject()


def test_shortcuts_list_comes_from_the_menus(qtbot, main_window):
    main_window.show_shortcuts()
    dialog = main_window.findChild(QDialog, "shortcutsDialog")
    text = visible_text(dialog)
    assert "Ctrl+L" in text and "Lock" in text and "Ctrl+4" in text
    dialog.reject()


def test_preferences_set_the_lock_time(qtbot, main_window, prefs, settings):
    main_window.preferences()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.windowTitle() == "Preferences" and w.isVisible())
    activate(qtbot, dialog)
    assert dialog.minutes.value() == 5
    dialog.minutes.selectAll()
    qtbot.keyClicks(dialog.minutes, "12")
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Return)
    assert prefs.lock_after_seconds == 12 * 60
    assert float(settings.value("security/lock_after_seconds")) == 720


def test_the_last_screen_is_remembered(qtbot, main_window, ctx, runner, prefs, settings):
    main_window.go_to(DASHBOARD)
    again = MainWindow(ctx, runner, prefs, settings)
    qtbot.addWidget(again)
    assert again.nav.currentRow() == DASHBOARD


def test_enter_opens_the_record_and_alt_left_comes_back(qtbot, main_window, person):
    pytest.importorskip("ui.record.record_view")
    screen = main_window.caseload
    qtbot.keyClicks(screen.search, "smith")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert main_window.caseload_area.currentWidget() is main_window.record_page
    assert main_window.record_page.person_id == person.id
    assert main_window.windowTitle() == "CareCoord — Ann Smith"
    qtbot.waitUntil(lambda: main_window.runner.idle, timeout=10_000)
    focus = QApplication.focusWidget() or main_window
    qtbot.keyClick(focus, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert main_window.caseload_area.currentWidget() is screen
    assert main_window.record_page.view is None
    assert main_window.windowTitle() == "CareCoord — Caseload"


def test_escape_goes_back_except_while_typing(qtbot, main_window):
    view = QWidget()
    box = QPlainTextEdit("What matters to me: my garden", view)
    button = QPushButton("Agree the plan…", view)
    layout = QVBoxLayout(view)
    layout.addWidget(box)
    layout.addWidget(button)
    page = main_window.record_page
    page.set_view(view, 1)
    main_window.caseload_area.setCurrentWidget(page)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert main_window.caseload_area.currentWidget() is page, "typing must not be thrown out"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Escape)
    assert main_window.caseload_area.currentWidget() is main_window.caseload


def test_opening_a_record_without_the_record_module_says_so(qtbot, main_window, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ui.record.record_view", None)  # import fails
    main_window.open_person(1)
    box = next(w for w in QApplication.topLevelWidgets()
               if w.objectName() == "errorMessage" and w.isVisible())
    assert "cannot be opened" in box.text()
    assert main_window.caseload_area.currentWidget() is main_window.caseload
    box.close()


def test_new_person_goes_through_the_record_dialog(qtbot, main_window, monkeypatch, ctx):
    pytest.importorskip("ui.record.person_dialog")
    import ui.record.person_dialog as person_dialog
    from carecoord.services.people import PersonInput, create_person

    def fake_new_person(c, parent):
        return create_person(c, PersonInput("401 023 2137", "Zoe", "Quinn", "01/01/1950")).id

    monkeypatch.setattr(person_dialog, "new_person", fake_new_person)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert main_window.caseload_area.currentWidget() is main_window.record_page
    qtbot.waitUntil(lambda: main_window.runner.idle, timeout=10_000)
    main_window.back_to_caseload()
    main_window.caseload.everyone.setChecked(True)
    assert main_window.caseload.count_label.text() == "6 people"


def test_read_only_role_cannot_add_people(qtbot, ctx, runner, prefs, settings):
    from dataclasses import replace

    from carecoord.domain.enums import Role

    ctx.actor = replace(ctx.actor, role=Role.HUDDLE_VIEWER)
    window = MainWindow(ctx, runner, prefs, settings)
    qtbot.addWidget(window)
    assert not window.new_action.isEnabled()
    assert not window.caseload.new_button.isEnabled()


def test_search_box_has_an_accessible_name_and_every_input_does(main_window):
    for edit in main_window.findChildren(QLineEdit):
        if edit.isVisible():
            assert edit.accessibleName(), edit.objectName()


# ---- the worker thread -------------------------------------------------------------------


def test_work_runs_off_the_ui_thread_and_answers_on_it(qtbot, runner):
    import threading

    ui_thread = threading.get_ident()
    seen = {}

    def work():
        seen["work"] = threading.get_ident()
        return 42

    runner.run(work, lambda result: seen.update(done=(result, threading.get_ident())),
               label="Counting")
    qtbot.waitUntil(lambda: "done" in seen)
    assert seen["work"] != ui_thread
    assert seen["done"] == (42, ui_thread)
    assert not any(w.objectName() == "taskProgress" and w.isVisible()
                   for w in QApplication.topLevelWidgets()), "quick work shows no dialog"


def progress_dialog():
    return next((w for w in QApplication.topLevelWidgets()
                 if w.objectName() == "taskProgress" and w.isVisible()), None)


def test_slow_work_shows_a_progress_dialog_after_a_moment_and_can_be_cancelled(qtbot, runner):
    import time

    from ui.tasks import SHOW_AFTER_MS, Cancelled

    outcome = []

    def work(cancelled, progress):
        for done in range(200):
            if cancelled():
                raise Cancelled()
            progress(done, 200)
            time.sleep(0.02)
        return "finished"

    runner.run_with_progress(work, outcome.append, label="Making the batch",
                             on_cancelled=lambda: outcome.append("cancelled"))
    qtbot.wait(SHOW_AFTER_MS // 2)
    assert progress_dialog() is None, "no dialog flashes for the first moment"
    qtbot.waitUntil(lambda: progress_dialog() is not None, timeout=2_000)
    dialog = progress_dialog()
    assert dialog.labelText() == "Making the batch"
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=2_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Escape is the dialog's Cancel
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5_000)
    assert progress_dialog() is None
    assert runner.idle


def test_errors_come_back_to_the_ui_thread(qtbot, runner):
    from carecoord.domain.errors import RuleError

    def work():
        raise RuleError("Only an agreed plan can be reviewed.")

    errors = []
    runner.run(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "Only an agreed plan can be reviewed."
    # Without an error handler the user is told, in the same words.
    runner.run(work)
    qtbot.waitUntil(lambda: any(w.objectName() == "errorMessage" and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "errorMessage")
    assert box.text() == "Only an agreed plan can be reviewed."
    box.close()


def test_jobs_run_one_at_a_time_in_order(qtbot, runner):
    import time

    order = []
    for i in range(5):
        runner.run(lambda i=i: (time.sleep(0.01), order.append(i)))
    qtbot.waitUntil(lambda: runner.idle)
    assert order == [0, 1, 2, 3, 4]


def test_a_long_session_of_signals_does_not_wear_out_true(qapp):
    """Some PySide6 releases lose a reference to True on every emit(); the app guards it."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Busy(QObject):
        ping = Signal(int)

    busy = Busy()
    for i in range(20_000):  # far more than True's references in a fresh interpreter
        busy.ping.emit(i)
    assert sys.getrefcount(True) > 1_000


def test_the_window_fits_a_small_laptop_at_150_percent(qtbot, main_window, runner, person):
    """1366×768 at 150% leaves about 910×480 logical pixels: no page may ask for more."""
    for page in range(len(PAGES)):
        main_window.go_to(page)
        qtbot.waitUntil(lambda: runner.idle, timeout=20_000)
        hint = main_window.minimumSizeHint()
        assert hint.width() <= 910 and hint.height() <= 480, (PAGES[page], hint)
    main_window.go_to(CASELOAD)
    main_window.open_person(person.id)
    qtbot.waitUntil(lambda: main_window.record_page.view is not None and runner.idle,
                    timeout=20_000)
    hint = main_window.minimumSizeHint()
    assert hint.width() <= 910 and hint.height() <= 480, ("record", hint)
