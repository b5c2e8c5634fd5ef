"""Putting a damaged store right from the sign-in screen, and the warnings a store opened with.

A store that cannot be opened (damaged, or made by a newer CareCoord) raises a
RecoverableStoreError naming the newest backup this version can open. RestoreOffer says what
happened in plain words and offers that backup on one button; the restore itself is the
backups service's, run on the worker, and it keeps the replaced store aside. A backup that
fails its checks is said to have failed, and the next older one is offered, until none is left;
then the offer says who can help, as it does when there is no backup at all. A backup file from
elsewhere (a USB stick, another laptop) can be chosen too; one whose key this laptop's keyring
does not hold asks for the passphrase or recovery key of the store it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import StoreError
from carecoord.security.keystore import WrongSecretError
from carecoord.services import backups
from carecoord.store.backup import BackupInfo, Restored, read_info
from carecoord.store.engine import NewerStoreError, RecoverableStoreError
from carecoord.store.lock import StoreInUseError
from ui import style
from ui.sharing import file_choice
from ui.tasks import TaskRunner, message_for

ASK_IT = ("Contact your IT team or service desk: they can restore a backup, for example from "
          "a USB stick, using the store's recovery key (shown when the store was set up).")
NO_BACKUP = ("Nothing has been changed. There is no backup of this store on this laptop, so "
             "it cannot be put right from here. " + ASK_IT)
NEWER_NO_BACKUP = ("Nothing has been changed. Ask your IT team or service desk to install the "
                   "newer version of CareCoord on this laptop.")
RESTORE_FAILED = "The store is as it was. " + ASK_IT
WARNINGS_LEAD = "Please read this before you carry on."
NO_OLDER = "There is no older backup on this laptop."
SECRET_INTRO = ("This backup was made from a store whose key this laptop does not hold, for "
                "example on another laptop. Type that store's passphrase, or its recovery key "
                "(shown when that store was set up).")


def _offer_text(error: RecoverableStoreError, backup: BackupInfo) -> str:
    if isinstance(error, NewerStoreError):
        return (f"If the newer version cannot be installed, you can go back to the backup "
                f"from {backup.when} instead. Anything entered after that is not in it.")
    return (f"Nothing has been changed yet. The newest backup on this laptop is from "
            f"{backup.when}: restoring it puts the store back as it was then.")


def _refused_text(failed: BackupInfo, error: Exception, older: BackupInfo | None) -> str:
    """Plain words first; the checks' own sentence, naming the file, last for IT."""
    lead = f"The backup from {failed.when} failed its checks, so it was not used."
    if older is None:
        then = f"{NO_OLDER} {RESTORE_FAILED}"
    else:
        then = (f"Nothing has been changed. The next older backup is from {older.when}: "
                f"restoring it puts the store back as it was then.")
    return f"{lead} {then} (For IT: {message_for(error)})"


@dataclass(frozen=True)
class _Refused:
    """A backup that failed its checks, and the next older one to offer (None: none left)."""
    error: StoreError
    older: BackupInfo | None


class SecretDialog(QDialog):
    """Asks for the passphrase or recovery key that unlocks a backup from elsewhere."""

    def __init__(self, parent: QWidget | None, problem: str | None = None):
        super().__init__(parent)
        self.setObjectName("backupSecret")
        self.setWindowTitle("Unlock the backup")
        box = QVBoxLayout(self)
        intro = style.paragraph(SECRET_INTRO, self)
        box.addWidget(intro)
        self.problem = style.error_label(self)
        style.show_error(self.problem, problem)
        box.addWidget(self.problem)
        label = QLabel("Passphrase or recovery &key:", self)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("backupSecretField")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase or recovery key")
        label.setBuddy(self.secret)
        box.addWidget(label)
        box.addWidget(self.secret)
        buttons = QDialogButtonBox(self)
        # The user has already said yes to the restore; this only unlocks it, so Return in
        # the field goes ahead and Escape still cancels.
        self.ok = buttons.addButton("&Restore the backup", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("backupSecretOk")
        cancel = buttons.addButton("&Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.ok.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.secret.setFocus()

    def _accept(self) -> None:
        if not self.secret.text():
            style.show_error(self.problem, "Type the passphrase or the recovery key.")
            self.secret.setFocus()
            return
        self.accept()


class RestoreOffer(QWidget):
    """What to do about a store that cannot be opened: restore the newest backup (or, if it
    fails its checks, the next older), restore a backup file chosen by hand, or whom to ask.
    Hidden until `offer` is called."""

    busy_changed = Signal(bool)
    restored = Signal(object)  # Restored

    def __init__(self, data_dir: Path, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.runner = runner
        self.backup: BackupInfo | None = None
        self.passphrase: str | None = None
        self.recovery_key: str | None = None
        self.confirm: QMessageBox | None = None
        self.secret_dialog: SecretDialog | None = None
        self.chosen: BackupInfo | None = None  # a backup file chosen by hand, while it is asked
        self.typed_secret = False
        self.setObjectName("restoreOffer")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.text = style.paragraph("", self)
        self.text.setObjectName("restoreAdvice")
        box.addWidget(self.text)
        self.button = QPushButton("Res&tore the newest backup…", self)
        self.button.setObjectName("restoreNewestBackup")
        self.button.clicked.connect(self.ask)
        box.addWidget(self.button)
        self.file_button = QPushButton("Restore from a backup &file…", self)
        self.file_button.setObjectName("restoreFromFile")
        self.file_button.setAccessibleName("Restore from a backup file")
        self.file_button.setToolTip("A backup on a USB stick, or one made with File › Back up "
                                    "now to another folder")
        self.file_button.clicked.connect(self.choose_file)
        box.addWidget(self.file_button)
        self.hide()

    def offer(self, error: RecoverableStoreError, *, passphrase: str | None = None,
              recovery_key: str | None = None) -> None:
        """Show the way out of `error`. The secret that got as far as opening the file (a
        passphrase or recovery key, when the keyring cannot unlock the store) unlocks the
        backup too."""
        self.backup = error.newest_backup
        self.passphrase, self.recovery_key = passphrase, recovery_key
        if self.backup is None:
            self.text.setText(NEWER_NO_BACKUP if isinstance(error, NewerStoreError)
                              else NO_BACKUP)
            self.button.hide()
        else:
            self.text.setText(_offer_text(error, self.backup))
            self.button.setText(f"Res&tore the backup from {self.backup.when}…")
            self.button.setAccessibleName(f"Restore the backup from {self.backup.when}")
            self.button.setEnabled(True)
            self.button.show()
        self.file_button.setEnabled(True)
        self.show()

    def _offer_older(self, older: BackupInfo) -> None:
        self.backup = older
        self.button.setText(f"Res&tore the backup from {older.when}…")
        self.button.setAccessibleName(f"Restore the backup from {older.when}")

    def withdraw(self) -> None:
        self.backup = self.passphrase = self.recovery_key = self.chosen = None
        self.hide()

    def withdraw_restore_button(self) -> None:
        """No backup left worth offering: only a backup file from elsewhere can help now."""
        self.backup = None
        self.button.hide()
        self.file_button.setFocus()

    def ask(self) -> None:
        """Confirm first; the box does not block the event loop, so tests can answer it."""
        if self.backup is None:
            return
        self._confirm(self.backup, from_file=False)

    def choose_file(self) -> None:
        """A backup file from a USB stick or another folder: chosen, then confirmed."""
        path = file_choice.open_file(self, "Choose a CareCoord backup",
                                     file_choice.default_folder(), "CareCoord backups (*.zip)")
        if path is None:
            self.file_button.setFocus()
            return
        info = read_info(path) if path.is_file() else None
        if info is None:
            self.text.setText(f"{path.name} is not a CareCoord backup, so it cannot be "
                              "restored. Nothing has been changed.")
            self.file_button.setFocus()
            return
        self.chosen = info
        self._confirm(info, from_file=True)

    def _confirm(self, backup: BackupInfo, *, from_file: bool) -> None:
        when = backup.when
        what = f"the backup from {when}"
        if from_file:
            what += f" (the file {backup.path.name})"
        box = QMessageBox(QMessageBox.Icon.Question, "Restore the backup?",
                          f"Put the store back as it was in {what}?", parent=self)
        box.setObjectName("confirmRestore")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setInformativeText(
            f"Anything entered after {when} is not in the backup and will need entering "
            "again.\n\nThe store as it is now is not deleted: it is kept in a folder beside "
            "it, so IT can look at it. The backup is checked before anything is replaced.")
        yes = box.addButton("&Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("confirmRestoreYes")
        no = box.addButton("&Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.finished.connect(lambda _r: self._answered(box.clickedButton() is yes, from_file))
        self.confirm = box
        box.open()

    def _answered(self, yes: bool, from_file: bool = False) -> None:
        self.confirm = None
        if yes and from_file:
            self.start_file()
        elif yes:
            self.start()
        elif from_file:
            self.chosen = None
            self.file_button.setFocus()
        else:
            self.button.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.file_button.setEnabled(not busy)
        self.busy_changed.emit(busy)

    def start(self) -> None:
        """Restore the offered backup on the worker."""
        if self.backup is None:
            return
        data_dir, backup = self.data_dir, self.backup
        passphrase, recovery_key = self.passphrase, self.recovery_key

        def work() -> Restored | _Refused:
            try:
                return backups.restore_from(data_dir, backup.path, passphrase=passphrase,
                                            recovery_key=recovery_key)
            except (WrongSecretError, StoreInUseError, backups.PutInPlaceButNotOpened):
                # Not the backup's checks failing: an older one would fare no better, and
                # once one is in place "nothing has changed" would not be true.
                raise
            except StoreError as exc:
                return _Refused(exc, backups.older_backup(data_dir, backup))

        self._set_busy(True)
        self.runner.run(work, self._done, self._failed,
                        label="Checking and restoring the backup…", parent=self)

    def start_file(self, secret: str | None = None) -> None:
        """Restore the chosen file on the worker: with the secret that opened the sign-in
        screen or this laptop's keyring, or else with the secret typed for it."""
        if self.chosen is None:
            return
        data_dir, path = self.data_dir, self.chosen.path
        passphrase, recovery_key = self.passphrase, self.recovery_key
        self.typed_secret = secret is not None
        if secret is not None:
            work = lambda: backups.restore_with_secret(data_dir, path, secret)  # noqa: E731
        else:
            work = lambda: backups.restore_from(  # noqa: E731
                data_dir, path, passphrase=passphrase, recovery_key=recovery_key)
        self._set_busy(True)
        self.runner.run(work, self._done, self._file_failed,
                        label="Checking and restoring the backup…", parent=self)

    def _done(self, result: Restored | _Refused) -> None:
        if isinstance(result, _Refused):
            self._refused(result)
            return
        self.withdraw()
        self.busy_changed.emit(False)
        self.restored.emit(result)

    def _refused(self, refused: _Refused) -> None:
        failed = self.backup
        self._set_busy(False)
        if failed is None:
            self.text.setText(f"{message_for(refused.error)} {RESTORE_FAILED}")
        else:
            self.text.setText(_refused_text(failed, refused.error, refused.older))
        if refused.older is not None:
            self._offer_older(refused.older)
            self.button.setFocus()
        else:
            self.withdraw_restore_button()  # it would only offer the backup just refused

    def _failed(self, error: Exception) -> None:
        if isinstance(error, backups.PutInPlaceButNotOpened):
            self.text.setText(f"{message_for(error)} {ASK_IT}")
            self.withdraw_restore_button()
        else:
            self.text.setText(f"{message_for(error)} {RESTORE_FAILED}")
            self.button.setFocus()
        self._set_busy(False)

    def _file_failed(self, error: Exception) -> None:
        self._set_busy(False)
        if isinstance(error, WrongSecretError) and self.chosen is not None:
            # The first time, the dialog's own words say why; after a typed secret, what was
            # wrong with it.
            self._ask_secret(message_for(error) if self.typed_secret else None)
            return
        self.chosen = None
        self.text.setText(f"{message_for(error)} {RESTORE_FAILED}")
        self.file_button.setFocus()

    def _ask_secret(self, problem: str | None) -> None:
        dialog = SecretDialog(self, problem)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(
            lambda r: self._secret_given(dialog.secret.text() if r else None))
        self.secret_dialog = dialog
        dialog.open()

    def _secret_given(self, secret: str | None) -> None:
        self.secret_dialog = None
        if secret:
            self.start_file(secret)
        else:
            self.chosen = None
            self.file_button.setFocus()


def restored_note(restored: Restored) -> str:
    when = restored.info.when
    kept = (f" The old copy of the store is kept in the folder “{restored.aside.name}”."
            if restored.aside is not None else "")
    return (f"✓ The backup from {when} has been restored. Sign in to carry on, then check "
            f"anything entered after {when}.{kept}")


def show_opening_warnings(parent: QWidget, warnings: Sequence[str],
                          then: Callable[[], None]) -> QMessageBox:
    """The store's warnings from opening (a lost journal, say), once, before work starts;
    `then` runs when the user has read them."""
    box = QMessageBox(QMessageBox.Icon.Warning, "CareCoord", WARNINGS_LEAD,
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText("\n\n".join(warnings))
    box.setObjectName("openingWarnings")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: then())
    box.open()
    return box
