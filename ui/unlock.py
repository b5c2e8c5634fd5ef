"""The unlock and sign-in screen.

The store passphrase is asked for only when this computer's keyring cannot unlock the store
(services.setup.needs_secret). The recovery key can stand in for the passphrase. A wrong
passphrase or password gets one plain sentence and the cursor goes back to that field.
Once the store is unlocked it stays open, so a mistyped password does not cost another
(deliberately slow) passphrase check.

A store that cannot be opened (damaged, or from a newer CareCoord) gets its problem in one
sentence and the newest backup offered for restoring, an older one if that fails its checks,
and a backup file can be chosen instead (ui.store_recovery); after the restore
the screen is back to plain signing in. Warnings the store opened with (a journal lost in a
crash, say) are shown once, after signing in and before the main window opens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import CareCoordError, PermissionDenied
from carecoord.security.keystore import WrongSecretError
from carecoord.security.users import Actor, login
from carecoord.services import setup
from carecoord.store.backup import Restored
from carecoord.store.engine import RecoverableStoreError
from carecoord.store.store import Store
from ui import style
from ui.store_recovery import RestoreOffer, restored_note, show_opening_warnings
from ui.tasks import TaskRunner, message_for
from ui.window_fit import keep_whole

PASSPHRASE_INTRO = ("This computer's keyring cannot unlock the store, so type the store "
                    "passphrase first. If nobody knows it, use the recovery key shown when the "
                    "store was set up.")
RECOVERY_INTRO = ("Type the recovery key shown when the store was set up. Capitals, spaces "
                  "and dashes do not matter. Once the key opens the store, this computer's "
                  "keyring keeps the store's key, if it has a safe one.")


class UnlockScreen(QWidget):
    logged_in = Signal(object, object)  # Store, Actor
    quit_requested = Signal()

    def __init__(self, data_dir: Path, runner: TaskRunner, store: Store | None = None,
                 username: str | None = None, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.runner = runner
        self.store = store
        self.settings = settings or QSettings()
        self.use_recovery = False
        self.busy = False
        self.tried_secret: str | None = None
        self.tried_recovery = False
        self.setObjectName("unlockScreen")
        self.setWindowTitle("CareCoord — sign in")
        problem = None
        try:
            self.secret_needed = store is None and setup.needs_secret(self.data_dir)
        except CareCoordError as exc:
            self.secret_needed, problem = False, str(exc)
        self._build(username or self.settings.value("login/last_user", "") or "")
        if problem:
            self._show(problem)
            self.sign_in.setEnabled(False)

    def _build(self, username: str) -> None:
        outer = QVBoxLayout(self)
        style.page_margins(outer, self)
        outer.addStretch(1)
        line = QHBoxLayout()
        line.addStretch(1)
        panel = QWidget(self)
        panel.setMinimumWidth(style.em(self) * 26)
        panel.setMaximumWidth(style.em(self) * 34)
        box = QVBoxLayout(panel)
        box.addWidget(style.heading("Sign in to CareCoord", 1, panel))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.secret_intro = style.paragraph(PASSPHRASE_INTRO, panel, muted=True)
        self.secret_label = QLabel("Store &passphrase:", panel)
        self.secret = QLineEdit(panel)
        self.secret.setObjectName("passphrase")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Store passphrase")
        self.secret_label.setBuddy(self.secret)
        self.switch = QPushButton("Use the &recovery key instead", panel)
        self.switch.setObjectName("useRecoveryKey")
        self.switch.setFlat(True)
        self.switch.setStyleSheet(f"color: {style.LOCK_BG}; text-decoration: underline;")
        self.switch.clicked.connect(self._toggle_recovery)
        self.unlocked_note = QLabel("✓ The store is unlocked.", panel)
        self.unlocked_note.hide()
        # Always in the form, shown only when needed: a backup restored from another laptop
        # may need a passphrase where this laptop's store did not.
        box.addWidget(self.secret_intro)
        form.addRow(self.secret_label, self.secret)
        form.addRow("", self.switch)
        self._show_secret_rows(self.secret_needed)
        form.addRow("", self.unlocked_note)

        self.username = QLineEdit(username, panel)
        self.username.setObjectName("username")
        self.username.setAccessibleName("User name")
        user_label = QLabel("&User name:", panel)
        user_label.setBuddy(self.username)
        form.addRow(user_label, self.username)
        self.password = QLineEdit(panel)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        password_label = QLabel("Pass&word:", panel)
        password_label.setBuddy(self.password)
        form.addRow(password_label, self.password)
        box.addLayout(form)

        self.message = style.error_label(panel)
        self.message.setObjectName("unlockMessage")
        box.addWidget(self.message)
        self.offer = RestoreOffer(self.data_dir, self.runner, panel)
        self.offer.busy_changed.connect(self._restoring)
        self.offer.restored.connect(self._restored)
        box.addWidget(self.offer)
        self.note = style.paragraph("", panel)
        self.note.setObjectName("unlockNote")
        self.note.hide()
        box.addWidget(self.note)
        where = style.paragraph(f"Store: {self.data_dir}", panel, muted=True)
        where.setObjectName("storeLocation")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = QPushButton("&Quit", panel)
        self.quit_button.clicked.connect(self.quit_requested)
        self.sign_in = QPushButton("&Sign in", panel)
        self.sign_in.setObjectName("signIn")
        self.sign_in.setDefault(True)
        self.sign_in.clicked.connect(self.submit)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.sign_in)
        box.addLayout(buttons)
        box.addWidget(where)
        for edit in (self.secret, self.username, self.password):
            edit.returnPressed.connect(self.submit)
        line.addWidget(panel, 3)
        line.addStretch(1)
        outer.addLayout(line)
        outer.addStretch(2)
        self.setTabOrder(self.secret, self.switch)
        self.setTabOrder(self.switch, self.username)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.offer.button)
        self.setTabOrder(self.offer.button, self.offer.file_button)
        self.setTabOrder(self.offer.file_button, self.sign_in)
        self.setTabOrder(self.sign_in, self.quit_button)
        self.resize(style.em(self) * 44, style.em(self) * 28)
        keep_whole(self)  # the restore advice can run to several lines: grow, never squeeze

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.first_empty_field().setFocus()

    def first_empty_field(self) -> QLineEdit:
        if self.secret_needed and self.store is None and not self.secret.text():
            return self.secret
        if not self.username.text():
            return self.username
        return self.password

    def _toggle_recovery(self) -> None:
        self.use_recovery = not self.use_recovery
        if self.use_recovery:
            self.secret_intro.setText(RECOVERY_INTRO)
            self.secret_label.setText("&Recovery key:")
            self.secret.setAccessibleName("Recovery key")
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
            self.secret.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
            self.switch.setText("Use the &passphrase instead")
        else:
            self.secret_intro.setText(PASSPHRASE_INTRO)
            self.secret_label.setText("Store &passphrase:")
            self.secret.setAccessibleName("Store passphrase")
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.secret.setPlaceholderText("")
            self.switch.setText("Use the &recovery key instead")
        self.secret.clear()
        self._show(None)
        self.secret.setFocus()

    # ---- signing in ---------------------------------------------------------------------

    def _show(self, text: str | None) -> None:
        style.show_error(self.message, text)

    def submit(self) -> None:
        if self.busy:
            return
        need_secret = self.secret_needed and self.store is None
        missing = [
            (need_secret and not self.secret.text(), self.secret,
             "Type the recovery key." if self.use_recovery else "Type the store passphrase."),
            (not self.username.text().strip(), self.username, "Type your user name."),
            (not self.password.text(), self.password, "Type your password."),
        ]
        for empty, field, text in missing:
            if empty:
                self._show(text)
                field.setFocus()
                return
        self._show(None)
        self._withdraw_offer()
        self.note.hide()
        self._set_busy(True)
        data_dir, store = self.data_dir, self.store
        secret = self.secret.text() if need_secret else None
        recovery = self.use_recovery
        # What was tried, as it was tried: the switch may be pressed while the worker runs.
        self.tried_secret, self.tried_recovery = secret, recovery
        username, password = self.username.text().strip(), self.password.text()

        def work():
            opened = store
            if opened is None:
                opened = setup.unlock(data_dir, passphrase=None if recovery else secret,
                                      recovery_key=secret if recovery else None)
            try:
                return opened, login(opened, username, password), None
            except CareCoordError as exc:
                return opened, None, exc

        self.runner.run(work, self._done, self._failed, parent=self)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.sign_in.setEnabled(not busy)
        self.sign_in.setText("Signing in…" if busy else "&Sign in")

    def _failed(self, error: Exception) -> None:
        """The store did not open: a wrong passphrase or recovery key, or a damaged store."""
        self._set_busy(False)
        if isinstance(error, RecoverableStoreError):
            self._show(error.problem)
            secret, recovery = self.tried_secret, self.tried_recovery
            self.offer.offer(error, passphrase=None if recovery else secret,
                             recovery_key=secret if recovery else None)
            if self.offer.button.isVisible():
                # Signing in again cannot help now; the way out is the button to press.
                self.sign_in.setDefault(False)
                self.offer.button.setDefault(True)
                self.offer.button.setFocus()
            return
        self._show(message_for(error))
        if isinstance(error, WrongSecretError) or self.secret.isVisible():
            self.secret.setFocus()
            self.secret.selectAll()

    def _done(self, result) -> None:
        store, actor, error = result
        self._set_busy(False)
        if self.store is None:
            self.store = store
            self._store_unlocked()
        if error is not None:
            self._show(str(error))
            self.password.clear()
            target = self.password if isinstance(error, PermissionDenied) else self.username
            target.setFocus()
            return
        self.settings.setValue("login/last_user", actor.username)
        self.password.clear()
        if store.warnings:
            self.busy = True  # nothing more to type here; the box is read, then on we go
            show_opening_warnings(self, store.warnings, lambda: self._enter(store, actor))
            return
        self.logged_in.emit(store, actor)

    def _enter(self, store: Store, actor: Actor) -> None:
        if self.isVisible():  # not if the screen was closed (quitting) behind the warnings
            self.logged_in.emit(store, actor)

    # ---- restoring a damaged store --------------------------------------------------------

    def _restoring(self, busy: bool) -> None:
        self.busy = busy
        self.sign_in.setEnabled(not busy)

    def _withdraw_offer(self) -> None:
        self.offer.withdraw()
        self.offer.button.setDefault(False)
        self.sign_in.setDefault(True)

    def _restored(self, restored: Restored) -> None:
        """The backup is in place and closed: sign in as usual to open it."""
        self._withdraw_offer()
        self._show(None)
        if restored.key_file_replaced:
            self._secret_for_restored_store()
        self.note.setText(restored_note(restored))
        self.note.show()
        self.first_empty_field().setFocus()

    def _secret_for_restored_store(self) -> None:
        """Another store's backup came with its own key file: the secret typed for the old
        store opens nothing now, and the keyring may hold the new one's key."""
        try:
            needed = setup.needs_secret(self.data_dir)
        except CareCoordError:
            needed = True
        self.secret.clear()
        self.secret_needed = needed
        if needed and self.use_recovery:
            self._toggle_recovery()  # the restored store's own passphrase comes first
        self._show_secret_rows(needed)

    def _show_secret_rows(self, shown: bool) -> None:
        for widget in (self.secret_intro, self.secret_label, self.secret, self.switch):
            widget.setVisible(shown)

    def _store_unlocked(self) -> None:
        if not self.secret_needed:
            return
        self.secret.clear()
        for widget in (self.secret_intro, self.secret_label, self.secret, self.switch):
            widget.hide()
        self.unlocked_note.show()

    def take_store(self) -> Store | None:
        """Hand the open store to whoever closes this screen without signing in."""
        store, self.store = self.store, None
        return store

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            return  # Escape must not close the only window
        super().keyPressEvent(event)

    def finish(self) -> None:
        """Signed in: go away quietly (closing the window by hand means quit)."""
        self.store = None
        self._finished = True
        self.close()
        self.deleteLater()

    def closeEvent(self, event) -> None:  # noqa: N802
        super().closeEvent(event)
        if not getattr(self, "_finished", False):
            self.quit_requested.emit()
