"""The first-run set-up: where the store lives, the first user, a passphrase when this
computer has no safe keyring, then the recovery key, shown once.

The store is created on the worker thread when the user leaves the last input page
(scrypt is slow on purpose). After that there is no going back, and Finish stays disabled
until the user says they have saved the recovery key.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from carecoord.domain.enums import Role
from carecoord.domain.errors import ValidationError
from carecoord.security import keystore
from carecoord.security.users import MIN_PASSWORD_LENGTH, check_password_rules, validate_username
from carecoord.services import setup
from carecoord.services.setup import FirstUser, NewStore
from carecoord.store.paths import db_path
from ui import style
from ui.tasks import TaskRunner, message_for

PAGE_WELCOME, PAGE_USER, PAGE_PASSPHRASE, PAGE_RECOVERY = range(4)
MIN_PASSPHRASE_LENGTH = 10
PASSWORD_RULES = (f"At least {MIN_PASSWORD_LENGTH} characters, and not the same as your user "
                  "name. A short sentence is easy to remember and hard to guess.")
FIRST_ROLE_HINT = ("Keep Administrator so that you can add your colleagues' accounts later. "
                   "An administrator can also do all the clinical work.")


def _edit(name: str, placeholder: str = "", password: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(name.replace("_", " ").capitalize())
    edit.setPlaceholderText(placeholder)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _FormHint(QLabel):
    """A wrapped hint under a field. QFormLayout gives a row its size hint, and a wrapped
    label's hint assumes a short line: four lines' height for two lines of words, the rest
    left as blank space above and below. Once laid out, the hint is the height it needs."""

    def __init__(self, text: str, parent: QWidget):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"color: {style.MUTED_FG};")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        if self.width() > hint.width():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


def suggest_username(full_name: str) -> str:
    parts = [p for p in "".join(ch if ch.isalnum() else " " for ch in full_name.lower()).split()]
    return ".".join(parts[:1] + parts[-1:]) if len(parts) > 1 else "".join(parts)


def store_folder_for(chosen: Path) -> Path:
    """A folder that already holds other files gets a CareCoord folder inside it."""
    if db_path(chosen).exists() or not chosen.exists() or not any(chosen.iterdir()):
        return chosen
    return chosen / "CareCoord"


class WelcomePage(QWizardPage):
    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Set up CareCoord")
        self.data_dir = data_dir
        layout = QVBoxLayout(self)
        self.about = style.paragraph("", self)
        self.about.setObjectName("aboutSetUp")
        layout.addWidget(self.about)
        self.describe_steps(with_passphrase=False)
        layout.addWidget(style.heading("Where the store lives", 2, self))
        row = QHBoxLayout()
        self.location = QLineEdit(str(data_dir), self)
        self.location.setObjectName("storeLocation")
        self.location.setReadOnly(True)
        # Shown, not typed: the first Tab goes to Change… rather than selecting the path.
        self.location.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.location.setAccessibleName("Store location")
        self.change = QPushButton("C&hange…", self)
        self.change.setAccessibleName("Choose another folder for the store")
        self.change.clicked.connect(self._choose)
        row.addWidget(self.location, 1)
        row.addWidget(self.change)
        layout.addLayout(row)
        layout.addWidget(style.paragraph(
            "Keep the store on this computer's own disk, not on a network drive or a synced "
            "folder: the database cannot work safely there. The usual place is fine for most "
            "people.", self, muted=True))
        self.message = style.error_label(self)
        layout.addWidget(self.message)
        layout.addStretch(1)
        # Tests replace this to avoid a native folder dialog.
        self.ask_folder = lambda: QFileDialog.getExistingDirectory(
            self, "Choose a folder for the store", str(self.data_dir.parent))

    def describe_steps(self, with_passphrase: bool) -> None:
        """Name as many steps as the wizard will show: a passphrase page comes only when
        this computer has no safe keyring."""
        if with_passphrase:
            self.setSubTitle("Four steps: where the store lives, your account, a passphrase "
                             "for the store, and a recovery key.")
            doing = ("you choose where the store lives, create your own account, choose a "
                     "passphrase for the store, and save a recovery key.")
        else:
            self.setSubTitle("Three steps: where the store lives, your account, and a "
                             "recovery key.")
            doing = ("you choose where the store lives, create your own account, and save a "
                     "recovery key.")
        self.about.setText(
            "CareCoord keeps the care plans for the people you coordinate care for. "
            "Everything stays on this computer, in an encrypted store that works without a "
            f"network. Setting up takes a few minutes: {doing}")

    def _choose(self) -> None:
        chosen = self.ask_folder()
        if chosen:
            self.set_location(store_folder_for(Path(chosen)))

    def set_location(self, folder: Path) -> None:
        self.data_dir = folder
        self.location.setText(str(folder))
        style.show_error(self.message, None)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if setup.store_exists(self.data_dir):
            style.show_error(self.message, f"There is already a CareCoord store in "
                             f"{self.data_dir}. Choose another folder, or quit and open "
                             "CareCoord again to sign in to that store.")
            return False
        parent = self.data_dir if self.data_dir.exists() else self.data_dir.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not os.access(parent, os.W_OK):
            style.show_error(self.message, f"CareCoord cannot write to {parent}. Choose a "
                             "folder you can save files in.")
            return False
        return True


class CreatingPage(QWizardPage):
    """A page whose Next creates the store, on the worker thread, before moving on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.busy = False
        self.message_about: QLineEdit | None = None  # the field the message is about

    def isComplete(self) -> bool:  # noqa: N802
        return not self.busy and super().isComplete()

    def validatePage(self) -> bool:  # noqa: N802
        wizard: SetupWizard = self.wizard()
        if wizard.created is not None:
            return True
        if self.busy or not self.check():
            return False
        if wizard.will_ask_passphrase() and not isinstance(self, PassphrasePage):
            return True
        wizard.create_store(self)
        return False

    def check(self) -> bool:
        return True

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.completeChanged.emit()

    def fail(self, field: QLineEdit | None, text: str) -> bool:
        style.show_error(self.message, text)
        self.message_about = field
        if field is not None:
            field.setFocus()
            field.selectAll()
        return False

    def problem_with(self, field: QLineEdit) -> str | None:
        """What is still wrong with this one field, checked again as it is typed in."""
        return None

    def watch(self, *fields: QLineEdit) -> None:
        for field in fields:
            field.textEdited.connect(lambda _text, f=field: self._edited(f))

    def _edited(self, field: QLineEdit) -> None:
        # A message about this field goes as soon as the field is put right, rather than
        # staying to say something that is no longer true.
        if field is self.message_about and self.problem_with(field) is None:
            style.show_error(self.message, None)
            self.message_about = None


class FirstUserPage(CreatingPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Your account")
        # Two lines at most: the wizard's header does not grow for a third.
        self.setSubTitle("Colleagues can be added later. Your name and contacts go on the "
                         "plans you lead. Fields marked * are needed.")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # Nine fields and two hints: close rows keep the page inside a laptop's screen at
        # 150% (about 480 logical pixels high).
        form.setVerticalSpacing(max(3, style.em(self) // 5))
        self.full_name = _edit("full_name", "e.g. Jo Bloggs")
        self.username = _edit("username", "e.g. jo.bloggs")
        self.username.setAccessibleName("User name")
        self.role = QComboBox()
        self.role.setObjectName("role")
        self.role.setAccessibleName("Role")
        for role in Role:
            self.role.addItem(role.label, role.value)
        # Only an administrator adds accounts, and an administrator can do all the clinical
        # work too, so the first account starts as one: otherwise nobody could add anyone.
        self.role.setCurrentIndex(self.role.findData(Role.ADMIN.value))
        self.job_title = _edit("job_title", "e.g. Community matron")
        self.organisation = _edit("organisation", "e.g. Riverside Community Nursing Team")
        self.phone = _edit("phone", "A number people can reach you on")
        self.email = _edit("email", "e.g. jo.bloggs@nhs.net")
        self.password = _edit("password", password=True)
        self.password_again = _edit("password_again", password=True)
        self.password_again.setAccessibleName("Password again")
        for text, widget in (("&Full name *", self.full_name), ("&User name *", self.username),
                             ("&Role *", self.role), ("&Job title", self.job_title),
                             ("&Organisation", self.organisation), ("P&hone", self.phone),
                             ("&Email", self.email), ("&Password *", self.password),
                             ("Password a&gain *", self.password_again)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            if widget is self.role:
                hint = _FormHint(FIRST_ROLE_HINT, self)
                hint.setObjectName("roleHint")
                form.addRow("", hint)
            if widget is self.password:
                form.addRow("", _FormHint(PASSWORD_RULES, self))
        layout.addLayout(form)
        self.message = style.error_label(self)
        self.message.setObjectName("userMessage")
        layout.addWidget(self.message)
        self._username_typed = False
        self.full_name.textEdited.connect(self._suggest)
        self.username.textEdited.connect(lambda _t: setattr(self, "_username_typed", True))
        self.watch(self.full_name, self.username, self.email, self.password,
                   self.password_again)

    def _suggest(self, name: str) -> None:
        if not self._username_typed:
            self.username.setText(suggest_username(name))
            self._edited(self.username)  # a suggestion can put a user name right

    def problem_with(self, field: QLineEdit) -> str | None:
        if field is self.full_name and not field.text().strip():
            return "Type your full name."
        try:
            if field is self.username:
                validate_username(field.text())
            elif field is self.password:
                check_password_rules(field.text(), self.username.text().strip())
        except ValidationError as exc:
            return str(exc)
        email = self.email.text().strip()
        if field is self.email and email and (
                "@" not in email or email.startswith("@") or email.endswith("@")):
            return "That email address looks incomplete. Check it, or leave it empty."
        if field is self.password_again and field.text() != self.password.text():
            return "The two passwords are different. Type the password again."
        return None

    def check(self) -> bool:
        for field in (self.full_name, self.username, self.email, self.password,
                      self.password_again):
            problem = self.problem_with(field)
            if problem:
                if field is self.password_again:
                    field.clear()
                return self.fail(field, problem)
        style.show_error(self.message, None)
        return True

    def first_user(self) -> FirstUser:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return FirstUser(username=self.username.text().strip().lower(),
                         full_name=self.full_name.text().strip(),
                         role=Role(self.role.currentData()), password=self.password.text(),
                         job_title=text(self.job_title) or "Lead professional",
                         organisation=text(self.organisation), phone=text(self.phone),
                         email=text(self.email))

    def nextId(self) -> int:  # noqa: N802
        return PAGE_PASSPHRASE if self.wizard().will_ask_passphrase() else PAGE_RECOVERY


class PassphrasePage(CreatingPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("A passphrase for the store")
        self.setSubTitle("This computer has no secure keyring, so a passphrase protects the "
                         "store instead.")
        layout = QVBoxLayout(self)
        layout.addWidget(style.paragraph(
            "CareCoord could not find a keyring it can trust to hold the store's key (the "
            "place your computer keeps passwords safe). You will type the passphrase each time "
            "you open CareCoord, before your password. Use at least "
            f"{MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well. It is "
            "different from your password.", self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.passphrase = _edit("passphrase", password=True)
        self.passphrase.setAccessibleName("Store passphrase")
        self.passphrase_again = _edit("passphrase_again", password=True)
        self.passphrase_again.setAccessibleName("Store passphrase again")
        for text, widget in (("Store &passphrase *", self.passphrase),
                             ("Passphrase a&gain *", self.passphrase_again)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        self.message = style.error_label(self)
        self.message.setObjectName("passphraseMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.watch(self.passphrase, self.passphrase_again)

    def problem_with(self, field: QLineEdit) -> str | None:
        text = self.passphrase.text()
        if field is self.passphrase:
            if len(text) < MIN_PASSPHRASE_LENGTH:
                return f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters."
            if text == self.wizard().user_page.password.text():
                return "Choose a passphrase that is different from your password."
        if field is self.passphrase_again and field.text() != text:
            return "The two passphrases are different. Type the passphrase again."
        return None

    def check(self) -> bool:
        for field in (self.passphrase, self.passphrase_again):
            problem = self.problem_with(field)
            if problem:
                if field is self.passphrase_again:
                    field.clear()
                return self.fail(field, problem)
        style.show_error(self.message, None)
        return True

    def nextId(self) -> int:  # noqa: N802
        return PAGE_RECOVERY


class RecoveryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Your recovery key")
        self.setSubTitle("CareCoord shows this key only now. Save it before you finish.")
        layout = QVBoxLayout(self)
        layout.addWidget(style.paragraph(
            "The recovery key opens the store if this computer's keyring is lost, if the "
            "passphrase is forgotten, or on another computer. Without it, nobody can get the "
            "data back. Write it down or save it to a file, and keep it away from this laptop: "
            "in your team's locked cabinet or password manager.", self))
        self.key = QLabel("", self)
        self.key.setObjectName("recoveryKey")
        self.key.setAccessibleName("Recovery key")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                         | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key.setFont(style.monospace(self.font(), 1.6))
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setWordWrap(True)
        self.key.setStyleSheet("border: 1px solid #9aa5ab; padding: 0.5em; background: white;")
        layout.addWidget(self.key)
        layout.addWidget(style.paragraph(
            "It uses capital letters and the digits 2 to 7 only: there is no zero and no one, "
            "so O is always the letter O.", self, muted=True))
        row = QHBoxLayout()
        self.copy = QPushButton("&Copy", self)
        self.copy.setAccessibleName("Copy the recovery key")
        self.copy.clicked.connect(self._copy)
        self.save = QPushButton("&Save to file…", self)
        self.save.setAccessibleName("Save the recovery key to a file")
        self.save.clicked.connect(self._save)
        row.addWidget(self.copy)
        row.addWidget(self.save)
        row.addStretch(1)
        layout.addLayout(row)
        self.note = style.paragraph("", self, muted=True)
        self.note.setObjectName("recoveryNote")
        layout.addWidget(self.note)
        # Alt+I: Alt+S is "Save to file…", and a shared letter would never tick this.
        self.saved = QCheckBox("&I have saved the recovery key somewhere safe", self)
        self.saved.setObjectName("savedRecoveryKey")
        self.saved.toggled.connect(self.completeChanged)
        layout.addWidget(self.saved)
        layout.addStretch(1)
        self.ask_file = lambda: QFileDialog.getSaveFileName(
            self, "Save the recovery key", str(Path.home() / "CareCoord recovery key.txt"),
            "Text files (*.txt)")[0]

    def initializePage(self) -> None:  # noqa: N802
        made = self.wizard().created
        self.key.setText(made.recovery_key if made else "")
        self.wizard().setOption(QWizard.WizardOption.NoCancelButton, True)

    def isComplete(self) -> bool:  # noqa: N802
        return self.saved.isChecked()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.key.text())
        self.note.setText("Copied. Paste it somewhere safe now, then copy something else so "
                          "the key does not stay on the clipboard.")

    def _save(self) -> None:
        path = self.ask_file()
        if not path:
            return
        store = self.wizard().data_dir
        text = (f"CareCoord recovery key\n\n    {self.key.text()}\n\n"
                f"It opens the CareCoord store in {store}\nif the keyring is lost, the "
                "passphrase is forgotten, or on another computer.\nKeep this file away from "
                "the laptop, somewhere only you and your team can reach.\n")
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.note.setText(message_for(exc))
            return
        self.note.setText(f"Saved to {path}. Move the file off this laptop, for example to "
                          "a USB stick kept in a locked cabinet.")


class SetupWizard(QWizard):
    set_up = Signal(object, str)  # NewStore, the first user's user name

    def __init__(self, data_dir: Path, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.created: NewStore | None = None
        self.setObjectName("setupWizard")
        self.setWindowTitle("Set up CareCoord")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.welcome = WelcomePage(Path(data_dir))
        self.user_page = FirstUserPage()
        self.passphrase_page = PassphrasePage()
        self.recovery_page = RecoveryPage()
        self.setPage(PAGE_WELCOME, self.welcome)
        self.setPage(PAGE_USER, self.user_page)
        self.setPage(PAGE_PASSPHRASE, self.passphrase_page)
        self.setPage(PAGE_RECOVERY, self.recovery_page)
        self._needs_passphrase = keystore.safe_keyring() is None
        self.welcome.describe_steps(with_passphrase=self._needs_passphrase)
        self.user_page.setCommitPage(not self._needs_passphrase)
        self.passphrase_page.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create the store")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")
        # No taller or wider than the screen: 1366x768 at 150% leaves about 910x480.
        room = self.screen().availableGeometry()
        self.resize(min(style.em(self) * 44, room.width()),
                    min(style.em(self) * 36, room.height() - style.em(self) * 2))

    @property
    def data_dir(self) -> Path:
        return self.welcome.data_dir

    def will_ask_passphrase(self) -> bool:
        return self._needs_passphrase

    def create_store(self, page: CreatingPage) -> None:
        """Make the store on the worker, then move on to the recovery key."""
        page.set_busy(True)
        style.show_error(page.message, None)
        first = self.user_page.first_user()
        passphrase = self.passphrase_page.passphrase.text() if self._needs_passphrase else None
        data_dir = self.data_dir

        def made(result: NewStore) -> None:
            self.created = result
            page.set_busy(False)
            self.next()

        def failed(error: Exception) -> None:
            page.set_busy(False)
            field = getattr(error, "field", None)
            shown_on = page
            if field in ("username", "password", "full_name") and page is not self.user_page:
                self.back()  # the message belongs beside the field it is about
                shown_on = self.user_page
            target = getattr(shown_on, field, None) if field else None
            shown_on.fail(target if isinstance(target, QLineEdit) else None, message_for(error))

        self.runner.run(lambda: setup.initialise(data_dir, first, passphrase=passphrase),
                        made, failed, label="Creating the encrypted store…", parent=self)

    def done(self, result: int) -> None:
        if self.created is not None and not self.recovery_page.saved.isChecked():
            return  # the store exists; the key must be saved before the wizard can close
        super().done(result)
        if self.created is not None:
            self.set_up.emit(self.created, self.created_username())

    def created_username(self) -> str:
        return self.user_page.username.text().strip().lower()
