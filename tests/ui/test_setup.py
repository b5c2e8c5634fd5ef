"""The first run, typed as a new user would: the wizard, the recovery key, then signing in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from carecoord.domain.enums import Role
from carecoord.security import keystore
from carecoord.services import setup
from tests.ui.conftest import activate
from ui.app import CareCoordApp
from ui.setup_wizard import PAGE_PASSPHRASE, PAGE_RECOVERY, PAGE_USER, suggest_username

PASSWORD = "tea at four o'clock"


@pytest.fixture
def start_app(qtbot, data_dir, settings):
    """Start CareCoord on an empty folder; quitting is recorded instead of ending the tests."""
    started = []

    def start() -> CareCoordApp:
        quits = []
        app = CareCoordApp(data_dir, settings=settings, quit=lambda: quits.append(True))
        app.quits = quits
        started.append(app)
        app.start()
        assert app.wizard is not None
        activate(qtbot, app.wizard)
        return app

    yield start
    for app in started:
        app.shutdown()
        if app.store is not None:
            app.store.close()


@pytest.fixture
def first_run(start_app):
    return start_app()


def press(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_in(qtbot, text: str) -> None:
    """Type into whatever has focus, then Tab on, as someone filling a form does."""
    qtbot.keyClicks(QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def fill_user_page(qtbot, wizard, password_again: str = PASSWORD) -> None:
    page = wizard.user_page
    page.full_name.setFocus()
    type_in(qtbot, "Jo Bloggs")
    assert page.username.text() == "jo.bloggs"  # suggested from the name
    assert page.username.hasFocus()
    qtbot.keyClick(page.username, Qt.Key.Key_Tab)  # keep the suggestion
    assert page.role.hasFocus()
    qtbot.keyClick(page.role, Qt.Key.Key_Tab)  # Administrator, the first account's default
    type_in(qtbot, "Community matron")
    type_in(qtbot, "Riverside Community Nursing Team")
    type_in(qtbot, "01632 960000")
    type_in(qtbot, "jo.bloggs@nhs.net")
    type_in(qtbot, PASSWORD)
    qtbot.keyClicks(QApplication.focusWidget(), password_again)


def test_first_run_sets_up_the_store_and_signs_in(qtbot, first_run, data_dir):
    wizard = first_run.wizard
    assert wizard.welcome.location.text() == str(data_dir)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_USER

    # Mistyped second password: a plain message, and nothing is created.
    fill_user_page(qtbot, wizard, password_again="tea at five")
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.text() == "&Create the store"
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.user_page
    assert page.message.text() == "The two passwords are different. Type the password again."
    assert page.password_again.hasFocus()
    assert not setup.store_exists(data_dir)

    qtbot.keyClicks(page.password_again, PASSWORD)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=10_000)
    assert setup.store_exists(data_dir)

    recovery = wizard.recovery_page
    key = recovery.key.text()
    assert len(key.replace("-", "")) == 24
    # Finish stays off until the user says the key is saved; Cancel and Back are gone.
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible(), "Escape must not close the wizard before the key is saved"
    qtbot.mouseClick(recovery.copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == key
    recovery.saved.setFocus()
    qtbot.keyClick(recovery.saved, Qt.Key.Key_Space)
    assert finish.isEnabled()
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    # Straight to sign-in, the new user name filled in, the store already open.
    screen = first_run.unlock_screen
    assert screen is not None and screen.isVisible()
    activate(qtbot, screen)
    assert screen.username.text() == "jo.bloggs"
    assert not screen.secret.isVisible()
    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: first_run.window is not None, timeout=10_000)
    window = first_run.window
    qtbot.waitUntil(lambda: window.caseload.model.loaded, timeout=10_000)
    assert window.ctx.actor.full_name == "Jo Bloggs"
    assert window.ctx.actor.role == Role.ADMIN, "the first account can add the others"
    assert window.caseload.stack.currentWidget() is window.caseload.empty_store
    assert first_run.quits == []


def test_passphrase_page_only_without_a_safe_keyring(qtbot, start_app, data_dir,
                                                     monkeypatch):
    monkeypatch.setattr(keystore, "safe_keyring", lambda: None)
    wizard = start_app().wizard
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_user_page(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_PASSPHRASE
    page = wizard.passphrase_page
    page.passphrase.setFocus()
    type_in(qtbot, "too short")
    qtbot.keyClicks(page.passphrase_again, "too short")
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert page.message.text() == "A passphrase needs at least 10 characters."
    assert page.passphrase.hasFocus()
    page.passphrase.clear()
    page.passphrase_again.clear()
    qtbot.keyClicks(page.passphrase, "river stone lantern")
    qtbot.keyClicks(page.passphrase_again, "river stone lantern")
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=10_000)
    assert setup.needs_secret(data_dir)
    wizard.created.store.close()  # one open copy per store
    store = setup.unlock(data_dir, passphrase="river stone lantern")
    store.close()


def test_recovery_key_saves_to_a_file(qtbot, first_run, tmp_path):
    wizard = first_run.wizard
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_user_page(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=10_000)
    target = tmp_path / "key.txt"
    wizard.recovery_page.ask_file = lambda: str(target)
    qtbot.mouseClick(wizard.recovery_page.save, Qt.MouseButton.LeftButton)
    assert wizard.recovery_page.key.text() in target.read_text(encoding="utf-8")
    assert "Saved to" in wizard.recovery_page.note.text()
    wizard.recovery_page.saved.setChecked(True)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    first_run.unlock_screen.take_store().close()


def test_a_folder_that_already_holds_a_store_is_refused(qtbot, first_run, new_store,
                                                        data_dir):
    wizard = first_run.wizard
    wizard.welcome.set_location(data_dir)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == 0
    assert "already a CareCoord store" in wizard.welcome.message.text()


def test_the_first_account_is_an_administrator_unless_changed(qtbot, first_run):
    wizard = first_run.wizard
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.user_page
    assert page.role.currentData() == Role.ADMIN.value
    assert page.role.currentText() == "Administrator"
    hint = page.findChild(QLabel, "roleHint")
    assert hint.isVisible() and "add your colleagues' accounts" in hint.text()
    page.role.setFocus()
    qtbot.keyClick(page.role, Qt.Key.Key_Home)  # the keyboard can still choose another role
    assert page.first_user().role == Role.CLINICIAN


def test_cancelling_before_anything_is_made_quits(qtbot, first_run):
    press(qtbot, first_run.wizard, QWizard.WizardButton.CancelButton)
    assert first_run.quits == [True]


def test_user_name_suggestion():
    assert suggest_username("Jo Bloggs") == "jo.bloggs"
    assert suggest_username("Mary-Jane O'Neill") == "mary.neill"
    assert suggest_username("Prince") == "prince"


def test_every_input_in_the_wizard_and_sign_in_has_an_accessible_name(qtbot, first_run,
                                                                       runner, new_store,
                                                                       data_dir, settings):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox

    from ui.unlock import UnlockScreen

    new_store.store.close()
    screen = UnlockScreen(data_dir, runner, settings=settings)
    qtbot.addWidget(screen)
    for window in (first_run.wizard, screen):
        inputs = [w for kind in (QLineEdit, QComboBox, QSpinBox)
                  for w in window.findChildren(kind)]
        assert len(inputs) >= 3
        for widget in inputs:
            assert widget.accessibleName(), f"{widget.objectName()} in {window.objectName()}"
        for button in window.findChildren(QAbstractButton):
            assert button.accessibleName() or button.text(), button.objectName()


@pytest.mark.parametrize("keyring_safe", [True, False], ids=["keyring", "no keyring"])
def test_the_welcome_names_as_many_steps_as_are_shown(qtbot, start_app, monkeypatch,
                                                      keyring_safe):
    if not keyring_safe:
        monkeypatch.setattr(keystore, "safe_keyring", lambda: None)
    wizard = start_app().wizard
    words = wizard.welcome.subTitle().split(":")[0]
    steps = [wizard.currentId()]
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_user_page(qtbot, wizard)
    steps.append(wizard.currentId())
    steps.append(wizard.user_page.nextId())
    if steps[-1] == PAGE_PASSPHRASE:
        steps.append(wizard.passphrase_page.nextId())
    assert steps[-1] == PAGE_RECOVERY
    assert words == {3: "Three steps", 4: "Four steps"}[len(steps)]
    assert ("passphrase" in wizard.welcome.subTitle()) == (not keyring_safe)
    assert ("choose a passphrase" in wizard.welcome.about.text()) == (not keyring_safe)


def test_a_message_goes_as_soon_as_its_field_is_put_right(qtbot, first_run):
    wizard = first_run.wizard
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.user_page
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert page.message.isVisible() and page.message.text() == "Type your full name."
    assert page.full_name.hasFocus()
    qtbot.keyClicks(page.full_name, "J")
    assert not page.message.isVisible(), "the name is typed: nothing to say any more"

    page.full_name.clear()
    fill_user_page(qtbot, wizard, password_again="tea at five")
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert page.message.text().startswith("The two passwords are different")
    qtbot.keyClicks(page.password_again, PASSWORD[:-1])
    assert page.message.isVisible(), "still different while it is being typed"
    qtbot.keyClicks(page.password_again, PASSWORD[-1])
    assert not page.message.isVisible()

    # Typing in another field leaves a message about this one alone.
    page.email.clear()
    qtbot.keyClicks(page.email, "jo@")
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert "email address looks incomplete" in page.message.text()
    qtbot.keyClicks(page.phone, "0")
    assert page.message.isVisible()
    assert page.email.hasFocus() and page.email.selectedText() == "jo@"
    qtbot.keyClicks(page.email, "jo@nhs.net")
    assert not page.message.isVisible()


def test_the_passphrase_message_goes_once_it_is_long_enough(qtbot, start_app, monkeypatch):
    monkeypatch.setattr(keystore, "safe_keyring", lambda: None)
    wizard = start_app().wizard
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_user_page(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.passphrase_page
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert page.message.text() == "A passphrase needs at least 10 characters."
    qtbot.keyClicks(page.passphrase, "river ston")
    assert not page.message.isVisible()


def test_on_the_recovery_step_each_control_has_its_own_letter(qtbot, first_run, tmp_path):
    wizard = first_run.wizard
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_user_page(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=10_000)
    page = wizard.recovery_page
    shown = [page.copy, page.save, page.saved, wizard.button(QWizard.WizardButton.FinishButton)]
    letters = [b.text()[b.text().index("&") + 1].lower() for b in shown]
    assert len(set(letters)) == len(letters), letters

    target = tmp_path / "key.txt"
    page.ask_file = lambda: str(target)
    activate(qtbot, wizard)  # letters work in the active window, as for a user
    # A button pressed by its letter clicks a moment later, as it does for a user.
    qtbot.keyClick(wizard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(target.exists, timeout=2_000)
    qtbot.wait(200)
    assert not page.saved.isChecked(), "Alt+S saves; it does not tick the box"
    qtbot.keyClick(wizard, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(page.saved.isChecked, timeout=2_000)  # Alt+I ticks it
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    first_run.unlock_screen.take_store().close()


def test_the_account_page_fits_a_laptop_at_150_percent(qtbot, first_run):
    """1366x768 at 150% is about 910x480 logical pixels once the taskbar is taken, and the
    role and password hints take the lines they need, not blank ones around them."""
    wizard = first_run.wizard
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.wait(20)
    need = wizard.minimumSizeHint().expandedTo(wizard.minimumSize())
    assert need.width() <= 910 and need.height() <= 480 - 30, need  # less a title bar
    hint = wizard.user_page.findChild(QLabel, "roleHint")
    assert hint.height() <= hint.heightForWidth(hint.width()) + 2
