"""UI fixtures: one offscreen QApplication for the session (pytest-qt's qapp), settings in a
temporary ini file, a worker thread per test, and a signed-in main window on a small store.
"""

from __future__ import annotations

import datetime as dt
import gc

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QSettings
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from carecoord.domain.nhs_number import check_digit
from carecoord.services import people, plans, team
from carecoord.services.people import PersonInput
from carecoord.services.plans import Agreement, PlanContent
from carecoord.services.team import ProfessionalInput
from tests.conftest import PASSPHRASE, PASSWORD  # noqa: F401 - re-exported for UI tests


@pytest.fixture(scope="session", autouse=True)
def delete_windows_at_the_end(qapp):
    """Destroy every window while Python and the QApplication are both still whole.

    Left to interpreter shutdown, Python's half of an object can go first, and Qt then calls
    a Python method (an event filter, say) that is no longer there: a crash after the tests
    have passed.
    """
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    gc.collect()


@pytest.fixture(autouse=True)
def app_names(qapp):
    from ui.app import configure

    configure(qapp)
    yield
    # Nothing may outlive a test: a dialog left open would leak into the next one.
    for widget in QApplication.topLevelWidgets():
        widget.close()


def activate(qtbot, window: QWidget) -> None:
    """Make the window the active one, as a user's click would (focus needs it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runner(qapp):
    from ui.tasks import TaskRunner

    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def prefs(settings):
    from ui.lock import Preferences

    return Preferences(settings)


def nhs_number(seed: int) -> str:
    """A valid NHS number, different for each seed."""
    n = 400_000_000 + seed * 7
    while True:
        first = f"{n:09d}"
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)
        n += 1


# (given, family, lead is the signed-in user?, review date of an agreed plan or None)
PEOPLE = (
    ("Bob", "Jones", True, dt.date(2026, 6, 1)),       # overdue
    ("Carol", "Taylor", True, dt.date(2026, 11, 30)),  # due within 14 days
    ("David", "Brown", False, None),
    ("Edith", "Williams", False, dt.date(2027, 5, 1)),
)


@pytest.fixture
def caseload_people(ctx, person):
    """Ann Smith (the shared `person`, led by the user) and four more, two led by someone else."""
    other = team.add_professional(ctx, ProfessionalInput("Sam Patel", "District nurse",
                                                         "community_nursing"))
    me = ctx.actor.professional_id
    team.handover_lead(ctx, person.id, me, on=dt.date(2025, 1, 1))
    made = [person]
    for i, (given, family, mine, review) in enumerate(PEOPLE):
        p = people.create_person(ctx, PersonInput(nhs_number(i + 1), given, family,
                                                  f"0{i + 1}/02/1945"))
        team.handover_lead(ctx, p.id, me if mine else other.id, on=dt.date(2025, 1, 1))
        if review is not None:
            plan = plans.start_draft(ctx, p.id)
            plans.save_content(ctx, plan.id, PlanContent(what_matters="Staying at home"))
            plans.agree(ctx, plan.id, Agreement(f"{given} {family}", "verbal",
                                                dt.date(2026, 1, 5), me, dt.date(2026, 1, 5),
                                                review_date=review))
        made.append(p)
    return made


@pytest.fixture
def main_window(qtbot, ctx, caseload_people, runner, prefs, settings):
    """A signed-in main window with its locker, the caseload loaded."""
    from ui.lock import Locker
    from ui.main_window import MainWindow

    window = MainWindow(ctx, runner, prefs, settings)
    qtbot.addWidget(window)
    locker = Locker(window, ctx.store, ctx.actor, runner, prefs, on_quit=window.close)
    window.lock_requested.connect(locker.lock)
    window.locker = locker
    window.start()
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.caseload.model.loaded and runner.idle, timeout=10_000)
    yield window
    locker.close()


def visible_text(widget: QWidget | None = None) -> str:
    """Every piece of text a person could read on screen, in every visible window."""
    parts: list[str] = []
    windows = [widget] if widget is not None else QApplication.topLevelWidgets()
    for window in windows:
        if not window.isVisible():
            continue
        parts.append(window.windowTitle())
        for child in [window, *window.findChildren(QWidget)]:
            if not child.isVisible():
                continue
            if isinstance(child, QLabel):
                parts.append(child.text())
            elif isinstance(child, QLineEdit):
                parts.append(child.text())
            text = getattr(child, "toPlainText", None)
            if callable(text):
                parts.append(text())
            model = getattr(child, "model", None)
            if callable(model) and model() is not None and hasattr(child, "viewport"):
                m = model()
                root = QModelIndex()
                try:
                    columns = m.columnCount(root)
                except TypeError:  # list models keep columnCount private
                    columns = 1
                for r in range(min(m.rowCount(root), 200)):
                    for c in range(columns):
                        parts.append(str(m.index(r, c, root).data() or ""))
    return "\n".join(parts)


def huddle_on_screen(qtbot, ctx, runner, person_id: int, width: int = 1366, height: int = 768):
    """A huddle screen shown with one person on its agenda ("Fell twice this month"), the
    huddle view presenting them and its window active: the start of every huddle test."""
    from carecoord.services import huddle
    from ui.huddle.huddle_screen import HuddleScreen

    screen = HuddleScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(width, height)
    with qtbot.waitSignal(screen.builder.proposed, timeout=10_000):
        screen.show()
    screen.present(huddle.create_huddle(ctx, "Weekly huddle", "22/11/2026",
                                        [(person_id, "Fell twice this month")]))
    view = screen.view
    qtbot.waitUntil(lambda: view.card is not None, timeout=10_000)
    activate(qtbot, view.window())
    return view
