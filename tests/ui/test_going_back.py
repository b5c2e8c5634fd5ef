"""Going to a screen puts the keyboard in it, and a record goes back to where it was opened
from (Today, the huddle, My week or the caseload), with that screen's place kept. All driven
from the keyboard, as a matron works."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import activate
from ui.main_window import CASELOAD, HUDDLE, TODAY, WEEK
from ui.today.inbox_tree import ITEM_ROLE

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier

pytest.importorskip("ui.record.record_view")


def focus():
    return QApplication.focusWidget()


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focus() or window, key, modifier)


def settle(qtbot, window) -> None:
    """Let the worker finish; then make the window active again, as the offscreen platform
    can drop the active window some moments after a record opens (a desktop does not)."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    qtbot.wait(50)
    activate(qtbot, window)


def current_person(window) -> str:
    item = window.today.tree.currentItem()
    return item.data(0, ITEM_ROLE).person_name if item is not None else ""


def test_ctrl_1_puts_the_keyboard_on_the_current_item_of_the_inbox(qtbot, main_window):
    assert main_window.nav.currentRow() == CASELOAD
    assert focus() is main_window.caseload.search
    press(qtbot, main_window, Qt.Key.Key_1, CTRL)
    settle(qtbot, main_window)
    tree = main_window.today.tree
    assert focus() is tree
    assert tree.currentItem() is not None and tree.currentItem().data(0, ITEM_ROLE) is not None
    assert current_person(main_window) == "Bob Jones"  # his review is overdue: first
    press(qtbot, main_window, Qt.Key.Key_Down)
    assert current_person(main_window) == "Carol Taylor", "the arrows work at once"


def test_the_go_menu_does_the_same(qtbot, main_window):
    main_window.page_actions[TODAY].trigger()
    settle(qtbot, main_window)
    assert focus() is main_window.today.tree


def test_arrowing_the_screen_list_stays_there_and_enter_goes_into_the_screen(qtbot,
                                                                            main_window):
    nav = main_window.nav
    nav.setFocus()
    qtbot.keyClick(nav, Qt.Key.Key_Up)
    assert main_window.content.currentWidget() is main_window.today
    assert focus() is nav, "arrowing through the screens must not be pulled away"
    qtbot.keyClick(nav, Qt.Key.Key_Return)
    settle(qtbot, main_window)
    assert focus() is main_window.today.tree
    assert main_window.today.tree.currentItem() is not None


def test_a_record_opened_from_today_goes_back_to_today_at_the_same_item(qtbot, main_window):
    press(qtbot, main_window, Qt.Key.Key_1, CTRL)
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Down)
    assert current_person(main_window) == "Carol Taylor"
    press(qtbot, main_window, Qt.Key.Key_Return)
    page = main_window.record_page
    assert main_window.caseload_area.currentWidget() is page and page.view is not None
    assert page.back_button.text() == "← Back to Today"
    assert page.back_button.accessibleName() == "Back to Today"
    assert main_window.back_action.text().replace("&", "") == "Back to Today"
    assert main_window.windowTitle() == "CareCoord — Carol Taylor"
    assert page.view.isAncestorOf(focus()), "the record has the keyboard"
    settle(qtbot, main_window)

    page.back_button.setFocus()  # Escape belongs to the shell outside a text box
    press(qtbot, main_window, Qt.Key.Key_Escape)
    assert page.view is None
    assert main_window.nav.currentRow() == TODAY
    assert main_window.content.currentWidget() is main_window.today
    assert main_window.windowTitle() == "CareCoord — Today"
    settle(qtbot, main_window)  # Today reads the inbox again when shown
    assert focus() is main_window.today.tree
    assert current_person(main_window) == "Carol Taylor"


def test_alt_left_goes_back_to_today_too(qtbot, main_window):
    press(qtbot, main_window, Qt.Key.Key_1, CTRL)
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Return)
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Left, ALT)
    settle(qtbot, main_window)
    assert main_window.record_page.view is None
    assert main_window.nav.currentRow() == TODAY
    assert focus() is main_window.today.tree
    assert current_person(main_window) == "Bob Jones"


def test_a_record_opened_from_the_caseload_still_goes_back_to_it(qtbot, main_window):
    screen = main_window.caseload
    qtbot.keyClicks(screen.search, "taylor")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    page = main_window.record_page
    assert page.back_button.text() == "← Back to Caseload"
    settle(qtbot, main_window)
    page.back_button.setFocus()
    press(qtbot, main_window, Qt.Key.Key_Escape)
    assert main_window.caseload_area.currentWidget() is screen
    assert main_window.nav.currentRow() == CASELOAD
    assert focus() is screen.table


def test_ctrl_2_on_a_record_from_today_goes_to_the_caseload_as_asked(qtbot, main_window):
    press(qtbot, main_window, Qt.Key.Key_1, CTRL)
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Return)
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_2, CTRL)
    assert main_window.record_page.view is None
    assert main_window.caseload_area.currentWidget() is main_window.caseload
    assert main_window.nav.currentRow() == CASELOAD


def test_a_record_left_behind_another_screen_is_not_closed_unseen(qtbot, main_window):
    press(qtbot, main_window, Qt.Key.Key_1, CTRL)
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Return)
    settle(qtbot, main_window)
    view = main_window.record_page.view
    press(qtbot, main_window, Qt.Key.Key_3, CTRL)  # the huddle, the record still open
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Left, ALT)
    assert main_window.record_page.view is view
    assert main_window.nav.currentRow() == HUDDLE


@pytest.mark.parametrize("page, name", [(HUDDLE, "Huddle"), (WEEK, "My week")])
def test_records_opened_from_the_huddle_or_my_week_go_back_there(qtbot, main_window,
                                                                 caseload_people, page, name):
    press(qtbot, main_window, getattr(Qt.Key, f"Key_{page + 1}"), CTRL)
    settle(qtbot, main_window)
    screen = main_window.page_widget(page)
    ann = caseload_people[0]
    if page == WEEK:
        screen.open_person.emit(ann.id)
    else:
        screen.open_person.emit(ann.id, "plan")
    assert main_window.record_page.back_button.text() == f"← Back to {name}"
    settle(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Left, ALT)
    assert main_window.record_page.view is None
    assert main_window.nav.currentRow() == page
    assert main_window.content.currentWidget().isAncestorOf(focus()) or \
        main_window.content.currentWidget() is focus()
    settle(qtbot, main_window)


def test_a_new_persons_window_title_is_their_name(qtbot, main_window, monkeypatch):
    import ui.record.person_dialog as person_dialog
    from carecoord.services.people import PersonInput, create_person

    def fake_new_person(c, parent):
        return create_person(c, PersonInput("401 023 2137", "Zoe", "Quinn", "01/01/1950")).id

    monkeypatch.setattr(person_dialog, "new_person", fake_new_person)
    press(qtbot, main_window, Qt.Key.Key_N, CTRL)
    assert main_window.record_page.view is not None
    assert main_window.windowTitle() == "CareCoord — Zoe Quinn"
    settle(qtbot, main_window)
    assert main_window.windowTitle() == "CareCoord — Zoe Quinn"
