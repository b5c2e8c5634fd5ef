"""The sign-in screen over a store that cannot be opened: the newest backup offered, confirmed,
restored on the worker, then signing in as usual; a backup that fails its checks said plainly
and the next older offered; a backup file chosen by hand restored, asking for its store's
secret when needed; no backup said plainly; and the warnings a store opened with (a journal
lost in a crash) shown once after signing in."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select, text

from carecoord.domain.errors import StoreError
from carecoord.security.users import login
from carecoord.services import backups, setup
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, create_person
from carecoord.store import backup as store_backup
from carecoord.store.backup import read_info
from carecoord.store.models import AuditEvent, Person
from carecoord.store.paths import backups_dir, db_path
from carecoord.store.store import JOURNAL_LOST_WARNING
from tests.reliability.conftest import crash_image, sqlite_parts
from tests.ui.conftest import PASSPHRASE, PASSWORD, activate
from ui import store_recovery
from ui.sharing import file_choice
from ui.unlock import UnlockScreen


@pytest.fixture
def backed_up(new_store, data_dir):
    """A closed store holding Ann Smith, with one automatic backup; returns the backup."""
    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    backup = backups.backup_on_close(store)
    store.close()
    assert backup.parent == backups_dir(data_dir)
    return backup


def cut_off(data_dir) -> bytes:
    """A file cut off part-way, as a flat battery mid-write can leave it."""
    path = db_path(data_dir)
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size - 1000)
    return path.read_bytes()


@pytest.fixture
def screen_on(qtbot, runner, settings):
    def make(data_dir) -> UnlockScreen:
        screen = UnlockScreen(data_dir, runner, settings=settings)
        qtbot.addWidget(screen)
        screen.signed_in = []
        screen.logged_in.connect(lambda store, actor: screen.signed_in.append((store, actor)))
        screen.show()
        activate(qtbot, screen)
        return screen

    return make


def try_to_sign_in(qtbot, screen, secret: str | None = None) -> None:
    if secret is not None:
        qtbot.keyClicks(screen.secret, secret)
    screen.username.setFocus()
    qtbot.keyClicks(screen.username, "jo")
    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.busy, timeout=10_000)


def the_box(qtbot, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox),
                    timeout=5_000)
    box = QApplication.activeModalWidget()
    assert box.objectName() == name
    return box


def restore_and_wait(qtbot, screen) -> None:
    """Press the offered button with the keyboard, then say yes in the confirmation."""
    assert screen.offer.button.hasFocus(), "after the failure the way out has the focus"
    qtbot.keyClick(screen.offer.button, Qt.Key.Key_Space)
    box = the_box(qtbot, "confirmRestore")
    yes = [b for b in box.buttons() if b.objectName() == "confirmRestoreYes"][0]
    yes.setFocus()
    qtbot.keyClick(yes, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.note.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not screen.busy, timeout=5_000)
    activate(qtbot, screen)  # as the window system does when the box closes


def test_a_damaged_store_offers_the_newest_backup_and_signing_in_works_after(
        qtbot, backed_up, data_dir, screen_on):
    damaged = cut_off(data_dir)
    info = read_info(backed_up)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    assert screen.signed_in == []
    assert screen.message.text() == ("The store's file is shorter than it should be: it was "
                                     "cut off part-way.")
    assert "carecoord restore" not in screen.message.text(), "no command lines for the user"
    button = screen.offer.button
    assert button.isVisible()
    assert button.text() == f"Res&tore the backup from {info.when}…"
    assert f"The newest backup on this laptop is from {info.when}" in screen.offer.text.text()

    restore_and_wait(qtbot, screen)
    assert not screen.offer.isVisible() and not screen.message.isVisible()
    assert screen.note.text().startswith(f"✓ The backup from {info.when} has been restored.")
    # The damaged store was kept aside, whole, and named on screen.
    aside = [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert len(aside) == 1 and aside[0].name in screen.note.text()
    assert (aside[0] / db_path(data_dir).name).read_bytes() == damaged

    # Back to plain signing in: the password is still there, so Return is enough.
    assert screen.password.hasFocus()
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.signed_in), timeout=10_000)
    store, actor = screen.signed_in[0]
    try:
        assert actor.username == "jo"
        with store.session_factory() as s:
            assert s.scalars(select(Person.family_name)).all() == ["Smith"]
            actions = s.scalars(select(AuditEvent.action)).all()
        assert "restore" in actions
        assert store.warnings == ()
    finally:
        store.close()


def test_saying_no_changes_nothing(qtbot, backed_up, data_dir, screen_on):
    damaged = cut_off(data_dir)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    qtbot.keyClick(screen.offer.button, Qt.Key.Key_Space)
    box = the_box(qtbot, "confirmRestore")
    assert box.defaultButton().text() == "&Cancel", "Return alone must not replace the store"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
    activate(qtbot, screen)
    assert screen.offer.button.hasFocus()
    assert db_path(data_dir).read_bytes() == damaged
    assert not [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]


def test_with_no_backup_it_says_so_and_who_can_help(qtbot, backed_up, data_dir, screen_on):
    backed_up.unlink()
    cut_off(data_dir)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    assert screen.message.isVisible() and "cut off part-way" in screen.message.text()
    advice = screen.offer.text
    assert advice.isVisible() and advice.text() == store_recovery.NO_BACKUP
    assert "There is no backup of this store on this laptop" in advice.text()
    assert "IT team" in advice.text() and "recovery key" in advice.text()
    assert not screen.offer.button.isVisible()


def test_a_passphrase_store_is_restored_with_the_passphrase_typed(qtbot, backed_up, data_dir,
                                                                   screen_on, memory_keyring):
    memory_keyring.items.clear()  # no usable keyring: the passphrase unlocks the backup too
    cut_off(data_dir)
    screen = screen_on(data_dir)
    assert screen.secret.isVisible()
    try_to_sign_in(qtbot, screen, secret=PASSPHRASE)
    assert screen.offer.button.isVisible(), screen.message.text()
    restore_and_wait(qtbot, screen)
    assert screen.secret.text() == PASSPHRASE, "kept, so signing in needs no retyping"
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.signed_in), timeout=10_000)
    screen.signed_in[0][0].close()


def test_a_restore_that_fails_says_so_and_keeps_the_offer(qtbot, backed_up, data_dir,
                                                          screen_on, monkeypatch):
    def refuse(*_a, **_k):
        raise StoreError(f"The backup {backed_up.name} is damaged, so it cannot be restored.")

    monkeypatch.setattr(backups, "restore_from", refuse)
    cut_off(data_dir)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    screen.offer.start()
    qtbot.waitUntil(lambda: "is damaged, so it cannot be restored" in
                    screen.offer.text.text(), timeout=10_000)
    assert "IT team" in screen.offer.text.text()
    assert screen.offer.button.isEnabled() and screen.sign_in.isEnabled()
    assert not screen.note.isVisible()


def test_a_store_from_a_newer_version_offers_the_backup_from_before(qtbot, backed_up, data_dir,
                                                                     screen_on):
    store = setup.unlock(data_dir)
    with store.session_factory() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffffffff'"))
        s.commit()
    store.close()
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    assert "newer version of CareCoord" in screen.message.text()
    assert "go back to the backup from" in screen.offer.text.text()
    restore_and_wait(qtbot, screen)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.signed_in), timeout=10_000)
    screen.signed_in[0][0].close()


def test_warnings_from_opening_are_shown_once_before_the_main_window(qtbot, new_store,
                                                                     data_dir, tmp_path,
                                                                     screen_on):
    """A power cut, then the WAL lost: the store opens with a warning the user must see."""
    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    store.close()
    store = setup.unlock(data_dir)
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("401 023 2137", "Cara", "Ndlovu", "05/06/1961"))
    image = crash_image(data_dir, tmp_path / "after-power-cut")
    store.close()
    sqlite_parts(image)["wal"].unlink()

    screen = screen_on(image)
    qtbot.keyClicks(screen.username, "jo")
    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    box = the_box(qtbot, "openingWarnings")
    assert box.text() == store_recovery.WARNINGS_LEAD
    assert box.informativeText() == JOURNAL_LOST_WARNING
    assert screen.signed_in == [], "the main window waits until the warning is read"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.signed_in), timeout=5_000)
    opened, actor = screen.signed_in[0]
    opened.close()

    # Closed cleanly this time, so the next sign-in has nothing to say.
    again = screen_on(image)
    qtbot.keyClicks(again.password, PASSWORD)
    qtbot.keyClick(again.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(again.signed_in), timeout=10_000)
    assert QApplication.activeModalWidget() is None
    again.signed_in[0][0].close()


def damaged_newer_copy(backup, minutes: int = 30):
    """A backup taken `minutes` after `backup` whose database has damaged pages, as a bad
    sector on the laptop's disk can leave it."""
    with zipfile.ZipFile(backup) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(parts[store_backup.MANIFEST])
    when = dt.datetime.fromisoformat(manifest["taken_at"]) + dt.timedelta(minutes=minutes)
    manifest["taken_at"] = when.isoformat()
    parts[store_backup.MANIFEST] = json.dumps(manifest).encode()
    db = bytearray(parts[db_path(backup).name])
    db[len(db) // 2: len(db) // 2 + 64] = b"\xff" * 64
    parts[db_path(backup).name] = bytes(db)
    bad = backup.with_name(f"auto-{when.astimezone():%Y%m%d-%H%M%S}-close.zip")
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return bad


def say_yes(qtbot, screen) -> None:
    box = the_box(qtbot, "confirmRestore")
    assert box.defaultButton().text() == "&Cancel"
    yes = [b for b in box.buttons() if b.objectName() == "confirmRestoreYes"][0]
    yes.setFocus()
    qtbot.keyClick(yes, Qt.Key.Key_Space)


def sign_in_after_restore(qtbot, screen) -> None:
    qtbot.waitUntil(lambda: screen.note.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not screen.busy, timeout=5_000)
    activate(qtbot, screen)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.signed_in), timeout=10_000)
    store = screen.signed_in[0][0]
    try:
        with store.session_factory() as s:
            assert s.scalars(select(Person.family_name)).all() == ["Smith"]
    finally:
        store.close()


def test_a_newest_backup_that_fails_its_checks_is_said_so_and_the_older_one_restores(
        qtbot, backed_up, data_dir, screen_on, tmp_path):
    older = read_info(backed_up)
    newest = read_info(damaged_newer_copy(backed_up))
    assert [b.path for b in backups.restorable_backups(data_dir)] == [newest.path, older.path]
    damaged = cut_off(data_dir)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    assert screen.offer.button.text() == f"Res&tore the backup from {newest.when}…"

    qtbot.keyClick(screen.offer.button, Qt.Key.Key_Space)
    say_yes(qtbot, screen)
    qtbot.waitUntil(lambda: older.when in screen.offer.button.text(), timeout=20_000)
    qtbot.waitUntil(lambda: not screen.busy, timeout=5_000)
    activate(qtbot, screen)
    screen.grab().save(str(tmp_path / "older-offered.png"))
    advice = screen.offer.text.text()
    assert advice.startswith(f"The backup from {newest.when} failed its checks, so it was not "
                             "used. Nothing has been changed.")
    assert f"(For IT: The backup {newest.path.name} is damaged" in advice
    assert f"The next older backup is from {older.when}: restoring it" in advice
    assert screen.offer.button.text() == f"Res&tore the backup from {older.when}…"
    assert screen.offer.button.accessibleName() == f"Restore the backup from {older.when}"
    assert db_path(data_dir).read_bytes() == damaged, "a refused backup changes nothing"
    assert not [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]

    restore_and_wait(qtbot, screen)
    screen.grab().save(str(tmp_path / "older-restored.png"))
    assert screen.note.text().startswith(f"✓ The backup from {older.when} has been restored.")
    aside = [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert len(aside) == 1 and (aside[0] / db_path(data_dir).name).read_bytes() == damaged
    sign_in_after_restore(qtbot, screen)


def test_when_every_backup_fails_its_checks_it_says_so_and_who_can_help(
        qtbot, backed_up, data_dir, screen_on, tmp_path):
    bad_older = damaged_newer_copy(backed_up, minutes=1)
    backed_up.unlink()
    newest = read_info(damaged_newer_copy(bad_older, minutes=30))
    cut_off(data_dir)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    for settled in (lambda: "failed its checks" in screen.offer.text.text(),
                    lambda: store_recovery.NO_OLDER in screen.offer.text.text()):
        qtbot.keyClick(screen.offer.button, Qt.Key.Key_Space)
        say_yes(qtbot, screen)
        qtbot.waitUntil(settled, timeout=20_000)
        qtbot.waitUntil(lambda: not screen.busy, timeout=5_000)
        activate(qtbot, screen)
    screen.grab().save(str(tmp_path / "none-left.png"))
    qtbot.wait(50)  # the screen grows to its words after Qt's layout pass
    label = screen.offer.text
    assert label.height() >= label.heightForWidth(label.width()), "the advice is squeezed"
    advice = screen.offer.text.text()
    assert newest.path.name not in advice and bad_older.name in advice
    assert store_recovery.NO_OLDER in advice and store_recovery.ASK_IT in advice
    assert not [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    # Nothing left to offer but a file from elsewhere: the refused backup is not offered again.
    assert not screen.offer.button.isVisible() and screen.offer.file_button.isVisible()


def test_a_backup_put_in_place_that_then_cannot_be_opened_says_so(
        qtbot, backed_up, data_dir, screen_on, monkeypatch):
    """Once the backup has replaced the store, 'nothing has been changed' would be untrue."""
    cut_off(data_dir)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)

    def cannot_open(*_args, **_kwargs):
        raise StoreError("The store's file is damaged: a page cannot be read.")

    monkeypatch.setattr(backups, "open_store", cannot_open)
    qtbot.keyClick(screen.offer.button, Qt.Key.Key_Space)
    say_yes(qtbot, screen)
    qtbot.waitUntil(lambda: "was put in place" in screen.offer.text.text(), timeout=20_000)
    qtbot.waitUntil(lambda: not screen.busy, timeout=5_000)
    advice = screen.offer.text.text()
    assert "Nothing has been changed" not in advice and "kept in replaced-" in advice
    assert store_recovery.ASK_IT in advice
    assert not screen.offer.button.isVisible()
    assert [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]


@pytest.fixture
def on_a_stick(new_store, data_dir, tmp_path):
    """A closed store holding Ann Smith, backed up by hand to a USB stick only."""
    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    backup = backups.backup_now(store, tmp_path / "usb")
    store.close()
    assert backups.restorable_backups(data_dir) == []
    return backup


def choose(monkeypatch, path) -> list:
    asked = []

    def open_file(parent, title, folder, kinds="All files (*)"):
        asked.append((title, kinds))
        return path

    monkeypatch.setattr(file_choice, "open_file", open_file)
    return asked


def press_restore_from_file(qtbot, screen) -> None:
    button = screen.offer.file_button
    assert button.isVisible() and button.accessibleName() == "Restore from a backup file"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_a_backup_file_from_a_usb_stick_is_restored(qtbot, on_a_stick, data_dir, screen_on,
                                                    monkeypatch, tmp_path):
    damaged = cut_off(data_dir)
    asked = choose(monkeypatch, on_a_stick)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    assert screen.offer.text.text() == store_recovery.NO_BACKUP
    screen.grab().save(str(tmp_path / "no-backup-with-file-button.png"))
    press_restore_from_file(qtbot, screen)
    assert asked == [("Choose a CareCoord backup", "CareCoord backups (*.zip)")]
    box = the_box(qtbot, "confirmRestore")
    assert on_a_stick.name in box.text()
    say_yes(qtbot, screen)
    qtbot.waitUntil(lambda: screen.note.isVisible(), timeout=20_000)
    aside = [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert len(aside) == 1 and (aside[0] / db_path(data_dir).name).read_bytes() == damaged
    sign_in_after_restore(qtbot, screen)


def test_a_passphrase_store_is_restored_from_a_file_with_the_passphrase_typed(
        qtbot, on_a_stick, data_dir, screen_on, monkeypatch, memory_keyring):
    memory_keyring.items.clear()
    cut_off(data_dir)
    choose(monkeypatch, on_a_stick)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen, secret=PASSPHRASE)
    press_restore_from_file(qtbot, screen)
    say_yes(qtbot, screen)
    sign_in_after_restore(qtbot, screen)


def test_a_backup_from_another_laptop_asks_for_its_recovery_key(
        qtbot, on_a_stick, data_dir, screen_on, monkeypatch, memory_keyring, tmp_path):
    from carecoord.domain.enums import Role
    from carecoord.services.setup import FirstUser, initialise

    # This laptop's own store is damaged; the backup on the stick is another laptop's.
    other = initialise(tmp_path / "other-laptop",
                       FirstUser("jo", "Jo Bloggs", Role.CLINICIAN, PASSWORD),
                       passphrase="another laptop's passphrase")
    ctx = Ctx(other.store, login(other.store, "jo", PASSWORD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    theirs = backups.backup_now(other.store, tmp_path / "their-usb")
    other.store.close()
    memory_keyring.items.clear()
    damaged = cut_off(data_dir)
    choose(monkeypatch, theirs)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen, secret=PASSPHRASE)
    press_restore_from_file(qtbot, screen)
    say_yes(qtbot, screen)

    qtbot.waitUntil(lambda: screen.offer.secret_dialog is not None, timeout=20_000)
    dialog = screen.offer.secret_dialog
    qtbot.waitUntil(lambda: dialog.secret.hasFocus(), timeout=5_000)
    dialog.grab().save(str(tmp_path / "secret-dialog.png"))
    assert db_path(data_dir).read_bytes() == damaged
    qtbot.keyClicks(dialog.secret, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.offer.secret_dialog not in (None, dialog), timeout=20_000)
    dialog = screen.offer.secret_dialog
    assert "neither the passphrase nor the recovery key" in dialog.problem.text()
    assert db_path(data_dir).read_bytes() == damaged
    qtbot.waitUntil(lambda: dialog.secret.hasFocus(), timeout=5_000)
    qtbot.keyClicks(dialog.secret, other.recovery_key.lower().replace("-", " "))
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.note.isVisible(), timeout=20_000)
    assert [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    # Their store now lives here, and its key was remembered in this laptop's keyring.
    assert not setup.needs_secret(data_dir)
    sign_in_after_restore(qtbot, screen)


def test_cancelling_a_backup_file_writes_nothing(qtbot, on_a_stick, data_dir, screen_on,
                                                 monkeypatch):
    damaged = cut_off(data_dir)
    before = sorted(p.name for p in data_dir.rglob("*"))
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    choose(monkeypatch, None)  # the file dialog cancelled
    press_restore_from_file(qtbot, screen)
    assert QApplication.activeModalWidget() is None
    assert screen.offer.file_button.hasFocus()
    choose(monkeypatch, on_a_stick)  # then the confirmation cancelled with Escape
    press_restore_from_file(qtbot, screen)
    box = the_box(qtbot, "confirmRestore")
    assert box.defaultButton().text() == "&Cancel"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
    activate(qtbot, screen)
    assert screen.offer.file_button.hasFocus()
    assert db_path(data_dir).read_bytes() == damaged
    assert sorted(p.name for p in data_dir.rglob("*")) == before


def test_a_file_that_is_not_a_backup_is_refused_plainly(qtbot, on_a_stick, data_dir,
                                                        screen_on, monkeypatch, tmp_path):
    damaged = cut_off(data_dir)
    letter = tmp_path / "letter.zip"
    letter.write_bytes(b"not a zip")
    choose(monkeypatch, letter)
    screen = screen_on(data_dir)
    try_to_sign_in(qtbot, screen)
    press_restore_from_file(qtbot, screen)
    assert screen.offer.text.text() == ("letter.zip is not a CareCoord backup, so it cannot be "
                                        "restored. Nothing has been changed.")
    assert QApplication.activeModalWidget() is None
    assert db_path(data_dir).read_bytes() == damaged


def test_another_laptops_backup_that_needs_its_passphrase_can_be_signed_into(
        qtbot, on_a_stick, data_dir, screen_on, monkeypatch, memory_keyring, tmp_path):
    """This laptop's store opened from the keyring, so its sign-in screen had no passphrase
    field; the restored store needs one, and the field must appear for it."""
    from carecoord.domain.enums import Role
    from carecoord.services.setup import FirstUser, initialise

    other = initialise(tmp_path / "other-laptop",
                       FirstUser("jo", "Jo Bloggs", Role.CLINICIAN, PASSWORD),
                       passphrase="another laptop's passphrase")
    theirs = backups.backup_now(other.store, tmp_path / "their-usb")
    other.store.close()
    theirs_id = setup.key_file(tmp_path / "other-laptop").store_id
    memory_keyring.items = {k: v for k, v in memory_keyring.items.items()
                            if theirs_id not in str(k)}  # only their passphrase opens it
    assert not setup.needs_secret(data_dir)
    cut_off(data_dir)
    choose(monkeypatch, theirs)
    screen = screen_on(data_dir)
    assert not screen.secret.isVisibleTo(screen)
    try_to_sign_in(qtbot, screen)
    press_restore_from_file(qtbot, screen)
    say_yes(qtbot, screen)
    qtbot.waitUntil(lambda: screen.offer.secret_dialog is not None, timeout=20_000)
    dialog = screen.offer.secret_dialog
    qtbot.keyClicks(dialog.secret, "another laptop's passphrase")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.note.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not screen.busy, timeout=5_000)
    assert setup.needs_secret(data_dir) and screen.secret.isVisibleTo(screen)
    qtbot.keyClicks(screen.secret, "another laptop's passphrase")
    assert screen.password.text() == PASSWORD  # still there from the first try
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.signed_in) or bool(screen.message.text()),
                    timeout=20_000)
    assert screen.signed_in, screen.message.text()
    screen.signed_in[0][0].close()
