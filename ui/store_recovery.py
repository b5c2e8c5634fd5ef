"""Putting a damaged store right from the sign-in screen, and the warnings a store opened with.

A store that cannot be opened (damaged, or made by a newer CareCoord) raises a
RecoverableStoreError naming the newest backup this version can open. RestoreOffer says what
happened in plain words and offers that backup on one button; the restore itself is the
backups service's, run on the worker, and it keeps the replaced store aside. No backup means
nothing can be mended from the sign-in screen, and the offer says who can help.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget

from carecoord.services import backups
from carecoord.store.backup import BackupInfo, Restored
from carecoord.store.engine import NewerStoreError, RecoverableStoreError
from ui import style
from ui.tasks import TaskRunner, message_for

ASK_IT = ("Contact your IT team or service desk: they can restore a backup, for example from "
          "a USB stick, using the store's recovery key (shown when the store was set up).")
NO_BACKUP = ("Nothing has been changed. There is no backup of this store on this laptop, so "
             "it cannot be put right from here. " + ASK_IT)
NEWER_NO_BACKUP = ("Nothing has been changed. Ask your IT team or service desk to install the "
                   "newer version of CareCoord on this laptop.")
RESTORE_FAILED = "The store is as it was. " + ASK_IT
WARNINGS_LEAD = "Please read this before you carry on."


def _offer_text(error: RecoverableStoreError, backup: BackupInfo) -> str:
    if isinstance(error, NewerStoreError):
        return (f"If the newer version cannot be installed, you can go back to the backup "
                f"from {backup.when} instead. Anything entered after that is not in it.")
    return (f"Nothing has been changed yet. The newest backup on this laptop is from "
            f"{backup.when}: restoring it puts the store back as it was then.")


class RestoreOffer(QWidget):
    """What to do about a store that cannot be opened: restore the newest backup, or whom to
    ask. Hidden until `offer` is called."""

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
        self.show()

    def withdraw(self) -> None:
        self.backup = self.passphrase = self.recovery_key = None
        self.hide()

    def ask(self) -> None:
        """Confirm first; the box does not block the event loop, so tests can answer it."""
        if self.backup is None:
            return
        when = self.backup.when
        box = QMessageBox(QMessageBox.Icon.Question, "Restore the backup?",
                          f"Put the store back as it was in the backup from {when}?", parent=self)
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
        box.finished.connect(lambda _r: self._answered(box.clickedButton() is yes))
        self.confirm = box
        box.open()

    def _answered(self, yes: bool) -> None:
        self.confirm = None
        if yes:
            self.start()
        else:
            self.button.setFocus()

    def start(self) -> None:
        """Restore the offered backup on the worker."""
        if self.backup is None:
            return
        data_dir, path = self.data_dir, self.backup.path
        passphrase, recovery_key = self.passphrase, self.recovery_key
        self.button.setEnabled(False)
        self.busy_changed.emit(True)
        self.runner.run(
            lambda: backups.restore_from(data_dir, path, passphrase=passphrase,
                                         recovery_key=recovery_key),
            self._done, self._failed, label="Checking and restoring the backup…", parent=self)

    def _done(self, restored: Restored) -> None:
        self.withdraw()
        self.busy_changed.emit(False)
        self.restored.emit(restored)

    def _failed(self, error: Exception) -> None:
        self.text.setText(f"{message_for(error)} {RESTORE_FAILED}")
        self.button.setEnabled(True)
        self.busy_changed.emit(False)
        self.button.setFocus()


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
