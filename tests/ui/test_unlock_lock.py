"""Unlocking and signing in, failures with their messages, and locking that hides everything."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget

from tests.ui.conftest import PASSPHRASE, PASSWORD, activate, visible_text
from ui.lock import LOCKED_TITLE
from ui.unlock import UnlockScreen

PATIENT_NAMES = ("Smith", "Jones", "Taylor", "Annie")


@pytest.fixture
def unlock_screen(qtbot, new_store, data_dir, runner, settings):
    """The sign-in screen over a store set up earlier (the test's store is closed first)."""
    new_store.store.close()

    def make():
        screen = UnlockScreen(data_dir, runner, settings=settings)
        qtbot.addWidget(screen)
        signed_in = []
        screen.logged_in.connect(lambda store, actor: signed_in.append((store, actor)))
        screen.signed_in = signed_in
        screen.show()
        activate(qtbot, screen)
        return screen

    yield make


def sign_in_and_wait(qtbot, screen) -> None:
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.busy, timeout=10_000)


def test_keyring_store_asks_only_user_name_and_password(qtbot, unlock_screen):
    screen = unlock_screen()
    assert not screen.secret.isVisible()
    assert screen.username.hasFocus()
    qtbot.keyClicks(screen.username, "jo")
    qtbot.keyClick(screen.username, Qt.Key.Key_Tab)
    assert screen.password.hasFocus()
    qtbot.keyClicks(screen.password, PASSWORD)
    sign_in_and_wait(qtbot, screen)
    store, actor = screen.signed_in[0]
    assert actor.username == "jo"
    store.close()


def test_wrong_password_shows_a_plain_message_and_keeps_focus(qtbot, unlock_screen):
    screen = unlock_screen()
    qtbot.keyClicks(screen.username, "jo")
    qtbot.keyClicks(screen.password, "not my password")
    sign_in_and_wait(qtbot, screen)
    assert screen.signed_in == []
    assert screen.message.isVisible()
    assert screen.message.text() == "The user name or password is wrong."
    assert screen.password.hasFocus() and screen.password.text() == ""
    # The store stayed open; the right password now gets in.
    qtbot.keyClicks(screen.password, PASSWORD)
    sign_in_and_wait(qtbot, screen)
    assert screen.signed_in and screen.signed_in[0][1].username == "jo"
    screen.signed_in[0][0].close()


def test_remembers_the_last_user_name(qtbot, unlock_screen):
    screen = unlock_screen()
    qtbot.keyClicks(screen.username, "jo")
    qtbot.keyClicks(screen.password, PASSWORD)
    sign_in_and_wait(qtbot, screen)
    screen.signed_in[0][0].close()
    again = unlock_screen()
    assert again.username.text() == "jo"
    assert again.password.hasFocus()


def test_wrong_passphrase_when_the_keyring_cannot_unlock(qtbot, unlock_screen, memory_keyring):
    memory_keyring.items.clear()  # as on a computer with no usable keyring
    screen = unlock_screen()
    assert screen.secret.isVisible() and screen.secret.hasFocus()
    qtbot.keyClicks(screen.secret, "not the passphrase")
    qtbot.keyClick(screen.secret, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # past "use the recovery key"
    assert screen.username.hasFocus()
    qtbot.keyClicks(screen.username, "jo")
    qtbot.keyClicks(screen.password, PASSWORD)
    sign_in_and_wait(qtbot, screen)
    assert screen.signed_in == []
    assert screen.message.text() == "The passphrase is wrong. Please try again."
    assert screen.secret.hasFocus()
    screen.secret.clear()
    qtbot.keyClicks(screen.secret, PASSPHRASE)
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.signed_in), timeout=10_000)
    screen.signed_in[0][0].close()


def test_recovery_key_instead_of_the_passphrase(qtbot, unlock_screen, memory_keyring,
                                                new_store):
    memory_keyring.items.clear()
    screen = unlock_screen()
    qtbot.mouseClick(screen.switch, Qt.MouseButton.LeftButton)
    assert screen.secret_label.text() == "&Recovery key:"
    qtbot.keyClicks(screen.secret, new_store.recovery_key.lower().replace("-", " "))
    qtbot.keyClicks(screen.username, "jo")
    qtbot.keyClicks(screen.password, PASSWORD)
    sign_in_and_wait(qtbot, screen)
    assert screen.signed_in, screen.message.text()
    screen.signed_in[0][0].close()
    assert memory_keyring.items, "after a recovery the key is kept in this computer's keyring"


def test_empty_fields_are_named(qtbot, unlock_screen):
    screen = unlock_screen()
    qtbot.keyClick(screen.username, Qt.Key.Key_Return)
    assert screen.message.text() == "Type your user name."
    assert screen.username.hasFocus()


# ---- locking ----------------------------------------------------------------------------


def assert_no_patient_data(window) -> None:
    text = visible_text()
    for name in PATIENT_NAMES:
        assert name not in text, f"{name} is visible while locked"
    assert window.windowTitle() == LOCKED_TITLE


def unlock_with(qtbot, panel, password: str) -> None:
    panel.password.setFocus()
    qtbot.keyClicks(panel.password, password)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    # A veil's panel goes away with the veil once unlocked.
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel) or panel.password.isEnabled(),
                    timeout=10_000)


def test_auto_lock_after_inactivity_hides_patient_data(qtbot, main_window, prefs):
    assert "Smith" in visible_text(main_window)
    locker = main_window.locker
    prefs.set_lock_after_seconds(0.3)
    qtbot.waitUntil(lambda: locker.locked, timeout=5_000)
    assert_no_patient_data(main_window)
    assert locker.screen.isVisible()
    # Navigation is off while locked.
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert_no_patient_data(main_window)

    panel = locker.screen.panel
    assert panel.password.hasFocus()
    unlock_with(qtbot, panel, "wrong password")
    assert locker.locked
    assert panel.message.text() == "The user name or password is wrong."
    assert panel.password.hasFocus()
    unlock_with(qtbot, panel, PASSWORD)
    qtbot.waitUntil(lambda: not locker.locked, timeout=5_000)
    assert "Smith" in visible_text(main_window)
    assert main_window.windowTitle() == "CareCoord — Caseload"


def test_input_keeps_it_unlocked(qtbot, main_window, prefs):
    prefs.set_lock_after_seconds(0.6)
    for _ in range(6):
        qtbot.keyClick(main_window.caseload.search, Qt.Key.Key_A)
        qtbot.wait(200)
    assert not main_window.locker.locked


def test_ctrl_l_locks_and_the_password_unlocks(qtbot, main_window):
    qtbot.keyClick(main_window.caseload.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert main_window.locker.locked
    assert_no_patient_data(main_window)
    assert main_window.caseload.search.text() == ""  # the key locked; it did not type
    unlock_with(qtbot, main_window.locker.screen.panel, PASSWORD)
    qtbot.waitUntil(lambda: not main_window.locker.locked, timeout=5_000)
    assert main_window.caseload.stack.currentWidget() is main_window.caseload.table


class Draft(QWidget):
    """Stands in for a record view: it must be asked to save its draft before a lock."""

    def __init__(self):
        super().__init__()
        self.saved = 0
        self.edit = QLineEdit("Annie is typing a goal", self)
        QVBoxLayout(self).addWidget(self.edit)

    def save_draft(self):
        self.saved += 1


def test_lock_asks_drafts_to_save_and_covers_a_modal_dialog(qtbot, main_window):
    draft = Draft()
    main_window.record_page.set_view(draft, 1)
    main_window.caseload_area.setCurrentWidget(main_window.record_page)

    dialog = QDialog(main_window)
    dialog.setWindowTitle("Edit Ann Smith")
    edit = QLineEdit("Ann Smith's new address", dialog)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.open()  # window-modal: the main window's lock screen cannot take input
    qtbot.waitExposed(dialog)
    edit.setFocus()

    qtbot.keyClick(edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    locker = main_window.locker
    assert locker.locked
    assert draft.saved == 1
    assert dialog.isVisible(), "a modal dialog is covered, not closed, so nothing is lost"
    assert dialog.windowTitle() == LOCKED_TITLE
    assert not edit.isVisible()
    assert_no_patient_data(main_window)

    veil = locker._veils[0]
    unlock_with(qtbot, veil.panel, PASSWORD)
    qtbot.waitUntil(lambda: not locker.locked, timeout=5_000)
    assert dialog.windowTitle() == "Edit Ann Smith"
    assert edit.isVisible() and edit.text() == "Ann Smith's new address"
    dialog.reject()


def test_a_window_opened_while_locked_is_covered(qtbot, main_window):
    main_window.locker.lock()
    late = QDialog(main_window)
    late.setWindowTitle("Saved Ann Smith's plan")
    late.setModal(True)
    late.show()
    qtbot.waitUntil(lambda: late.windowTitle() == LOCKED_TITLE, timeout=2_000)
    assert_no_patient_data(main_window)
    late.reject()


def test_non_modal_window_is_hidden_and_comes_back(qtbot, main_window):
    other = QWidget(main_window, Qt.WindowType.Window)
    other.setWindowTitle("Ann Smith, history")
    other.show()
    qtbot.waitExposed(other)
    main_window.locker.lock()
    assert not other.isVisible()
    main_window.locker.unlock_now()
    assert other.isVisible()
    other.close()


def test_real_record_is_hidden_when_locked(qtbot, main_window, person):
    pytest.importorskip("ui.record.record_view")
    main_window.open_person(person.id)
    assert main_window.record_page.view is not None
    qtbot.waitUntil(lambda: main_window.runner.idle, timeout=10_000)
    assert "Smith" in visible_text(main_window)
    assert "Ann Smith" in main_window.windowTitle()
    main_window.locker.lock()
    assert_no_patient_data(main_window)
    main_window.locker.unlock_now()
    assert "Smith" in visible_text(main_window)


def test_a_covered_dialog_that_closes_while_locked_does_not_break_unlock(qtbot, main_window):
    progress = QDialog(main_window)
    progress.setWindowTitle("Printing Ann Smith's plan")
    progress.open()
    qtbot.waitExposed(progress)
    main_window.locker.lock()
    assert progress.windowTitle() == LOCKED_TITLE
    progress.hide()
    progress.deleteLater()  # the task finished while the screen was locked
    qtbot.wait(50)
    unlock_with(qtbot, main_window.locker.screen.panel, PASSWORD)
    qtbot.waitUntil(lambda: not main_window.locker.locked, timeout=5_000)


def test_focus_comes_back_where_it_was(qtbot, main_window):
    search = main_window.caseload.search
    search.setFocus()
    qtbot.keyClicks(search, "smi")
    qtbot.keyClick(search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not search.hasFocus()
    unlock_with(qtbot, main_window.locker.screen.panel, PASSWORD)
    qtbot.waitUntil(lambda: not main_window.locker.locked, timeout=5_000)
    assert search.hasFocus() and search.text() == "smi"
