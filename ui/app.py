"""The desktop application: first-run set-up, unlock and sign-in, then the main window.

The flow is one object (CareCoordApp) so tests can drive it without an event loop of its own:
start() shows the first window; each window's outcome moves to the next; shutdown() stops the
worker and closes the store. run_gui() wraps it in a QApplication.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from carecoord import __version__
from carecoord.security.users import Actor, login
from carecoord.services import setup
from carecoord.services.base import Ctx
from carecoord.services.setup import NewStore
from carecoord.store.paths import default_data_dir
from carecoord.store.store import Store
from ui import style
from ui.lock import Locker, Preferences
from ui.setup_wizard import SetupWizard
from ui.tasks import Cancelled, TaskRunner, message_for, show_error
from ui.unlock import UnlockScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

APP_NAME = "CareCoord"
ORGANISATION = "CareCoord"
DEMO_USER = DEMO_PASSWORD = DEMO_PASSPHRASE = "demo"
_guarded = False


class _Probe(QObject):
    fired = Signal()


def guard_emit_refcount() -> bool:
    """Work around a binding bug: some PySide6 releases (6.12.0 here) return True from
    SignalInstance.emit() without a reference of its own, so every emit anywhere in the app
    drops one of the interpreter's references to True. After a few thousand emits Python
    aborts ("deallocating True or False"), mid-session or at exit. From Python 3.12 True and
    False are immortal and the bug is harmless. On 3.11 this pins them the same way, but only
    if one probe emit shows the bug. Returns True when it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(
            sys, "gettotalrefcount"):  # a debug build lays objects out differently
        return False
    probe = _Probe()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    probe.fired.emit()
    if sys.getrefcount(True) + sys.getrefcount(False) >= before:
        return False
    import ctypes

    for value in (True, False):
        # ob_refcnt is the first field of every object in a CPython release build.
        ctypes.c_ssize_t.from_address(id(value)).value += 1 << 40
    return True


def _import_main_window() -> type[MainWindow]:
    """The main window's modules take a tenth of a second or more to import. They are not
    needed for the sign-in screen, so they load while the user types, or while the worker
    unlocks the store (scrypt runs in C without the GIL)."""
    from ui.main_window import MainWindow

    return MainWindow


# The main window's modules, heaviest dependencies first: each step stays well under the
# 100 ms a keystroke may wait.
_MAIN_WINDOW_MODULES = ("ui.caseload.model", "ui.caseload.view", "ui.caseload.overview",
                        "ui.today.today_screen", "ui.main_menus", "ui.main_window")


def _import_in_steps(names: list[str]) -> None:
    """Import one module per turn of the event loop, so typing on the sign-in screen is
    never held up for the whole main window at once."""
    if not names:
        return
    importlib.import_module(names.pop(0))
    QTimer.singleShot(0, lambda: _import_in_steps(names))


def resources_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return base / "resources"


def configure(app: QApplication) -> None:
    """Names (for QSettings), ini-format settings, and the house style."""
    global _guarded
    if not _guarded:
        _guarded = True
        guard_emit_refcount()
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("carecoord")  # so docks match the installed menu entry
    icon = QIcon()
    for png in sorted(resources_dir().joinpath("icons").glob("carecoord-*.png")):
        icon.addFile(str(png))
    app.setWindowIcon(icon)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # Each flow ends by an explicit quit: a wizard hiding before the sign-in screen shows
    # must not end the program.
    app.setQuitOnLastWindowClosed(False)
    style.apply(app)


class CareCoordApp(QObject):
    def __init__(self, data_dir: Path, *, demo: bool = False, demo_people: int = 2000,
                 settings: QSettings | None = None, quit: Callable[[], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.data_dir = Path(data_dir)
        self.demo = demo
        self.demo_people = demo_people
        self._quit = quit or QApplication.quit
        self.runner = TaskRunner(self)
        self.prefs = Preferences(self.settings, self)
        self.wizard: SetupWizard | None = None
        self.unlock_screen: UnlockScreen | None = None
        self.window: MainWindow | None = None
        self.locker: Locker | None = None
        self.store: Store | None = None
        self.ctx: Ctx | None = None
        self._stopped = False

    # ---- the flow -------------------------------------------------------------------------

    def start(self) -> None:
        if self.demo:
            self._start_demo()
            return
        self.data_dir = self._remembered_location(self.data_dir)
        if setup.store_exists(self.data_dir):
            self.show_unlock()
        else:
            self.show_wizard()

    def _remembered_location(self, data_dir: Path) -> Path:
        """A store set up somewhere other than the default is found again next time."""
        remembered = self.settings.value("store/location")
        if (remembered and not setup.store_exists(data_dir) and data_dir == default_data_dir()
                and setup.store_exists(Path(remembered))):
            return Path(remembered)
        return data_dir

    def show_wizard(self) -> None:
        self.wizard = SetupWizard(self.data_dir, self.runner)
        self.wizard.set_up.connect(self._set_up)
        self.wizard.rejected.connect(self._wizard_cancelled)
        self.wizard.show()
        self.wizard.activateWindow()

    def _wizard_cancelled(self) -> None:
        if self.wizard is not None and self.wizard.created is None:
            self.quit()

    def _set_up(self, made: NewStore, username: str) -> None:
        wizard, self.wizard = self.wizard, None
        self.data_dir = wizard.data_dir
        if self.data_dir != default_data_dir():
            self.settings.setValue("store/location", str(self.data_dir))
        self.show_unlock(store=made.store, username=username)
        wizard.deleteLater()

    def show_unlock(self, store: Store | None = None, username: str | None = None,
                    message: str | None = None) -> None:
        self.unlock_screen = UnlockScreen(self.data_dir, self.runner, store=store,
                                          username=username, settings=self.settings)
        self.unlock_screen.logged_in.connect(self.open_main)
        self.unlock_screen.quit_requested.connect(self.quit)
        if message:
            self.unlock_screen._show(message)
        self.unlock_screen.show()
        self.unlock_screen.raise_()
        self.unlock_screen.activateWindow()
        _import_in_steps(list(_MAIN_WINDOW_MODULES))  # while the user types

    def open_main(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.ctx = Ctx(store, actor)
        screen, self.unlock_screen = self.unlock_screen, None
        self.window = _import_main_window()(self.ctx, self.runner, self.prefs, self.settings)
        self.locker = Locker(self.window, store, actor, self.runner, self.prefs,
                             on_quit=self.window.close, parent=self)
        self.window.lock_requested.connect(self.locker.lock)
        self.window.closing.connect(self.quit)
        self.window.start()
        if screen is not None:
            screen.finish()

    # ---- demo -------------------------------------------------------------------------------

    def _start_demo(self) -> None:
        if setup.store_exists(self.data_dir):
            self._open_demo()
            return
        try:
            from carecoord.demo import build_demo_store
        except ImportError:
            self._fatal("The demo store cannot be built by this version of CareCoord.")
            return
        data_dir, people = self.data_dir, self.demo_people

        def work(cancelled, progress):
            def report(done: int, total: int) -> None:
                if cancelled():  # raising from progress stops the build and removes it
                    raise Cancelled()
                progress(done, total)

            build_demo_store(data_dir, people, seed=1, progress=report).close()

        self.runner.run_with_progress(
            work, lambda _r: self._open_demo(), self._demo_failed, on_cancelled=self.quit,
            label=f"Making a demo store of {people:,} made-up people…")

    def _open_demo(self) -> None:
        data_dir = self.data_dir

        def work():
            secret = DEMO_PASSPHRASE if setup.needs_secret(data_dir) else None
            store = setup.unlock(data_dir, passphrase=secret)
            try:
                return store, login(store, DEMO_USER, DEMO_PASSWORD)
            except BaseException:
                store.close()
                raise

        self.runner.run(work, lambda result: self._demo_opened(*result), self._demo_failed,
                        label="Opening the demo store…")
        _import_main_window()  # while the worker derives the keys, which frees the GIL

    def _demo_opened(self, store: Store, actor: Actor) -> None:
        if not store.warnings:
            self.open_main(store, actor)
            return
        from ui.store_recovery import show_opening_warnings

        # A demo store skips the sign-in screen, which would otherwise show these.
        self._warnings = show_opening_warnings(None, store.warnings,
                                               lambda: self.open_main(store, actor))

    def _demo_failed(self, error: Exception) -> None:
        if setup.store_exists(self.data_dir):
            # Not a demo store after all, or its demo user was changed: sign in by hand.
            self.show_unlock(message=message_for(error))
        else:
            self._fatal(message_for(error))

    # ---- ending ------------------------------------------------------------------------------

    def _fatal(self, text: str) -> None:
        box = show_error(None, text)
        box.finished.connect(lambda _r: self.quit())

    def quit(self) -> None:
        self.shutdown()
        self._quit()

    def shutdown(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.locker is not None:
            self.locker.close()
        self.runner.shutdown()
        for store in {id(s): s for s in self._open_stores()}.values():
            try:
                store.close()
            except Exception:  # noqa: BLE001 - closing down; nothing more to protect
                log.exception("Closing the store failed")

    def _open_stores(self) -> list[Store]:
        stores = [self.store]
        if self.unlock_screen is not None:
            stores.append(self.unlock_screen.take_store())
        return [s for s in stores if s is not None]


def run_gui(data_dir: Path, demo: bool = False, demo_people: int = 2000) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)
    controller = CareCoordApp(Path(data_dir), demo=demo, demo_people=demo_people)
    controller.start()
    try:
        return app.exec()
    finally:
        controller.shutdown()
