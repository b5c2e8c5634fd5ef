"""The activity log screen, driven from the keyboard: recording contacts, a discharge that
sets its follow-up and offers a review, adding a discharge date later, taking a mistaken
entry out, the before-and-after wording, and the read-only role."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from carecoord.domain.enums import (
    AgreementMethod,
    ContactKind,
    PlanStatus,
    Role,
    TaskSource,
    TaskStatus,
)
from carecoord.domain.errors import PermissionDenied
from carecoord.services import activity, plans, tasks, team
from carecoord.services.activity import ContactInput
from carecoord.services.base import Ctx
from tests.ui.test_team_ui import activate, open_dialog, shown, table_text
from ui.activity.activity_section import ActivitySection
from ui.activity.contact_dialogs import (
    KIND_ORDER,
    ContactDialog,
    DischargeDialog,
    OfferReviewDialog,
    RemoveContactDialog,
)

ALT = Qt.KeyboardModifier.AltModifier


class Keyboard:
    """Presses keys wherever the focus is, and counts them: a chord (Alt+C) is one press, and
    typed text is one press a character."""

    def __init__(self, qtbot, home: QWidget | None = None):
        self.qtbot = qtbot
        self.home = home  # the window to come back to when a dialog closes
        self.presses = 0
        self.typed = 0  # of the presses, how many were characters of text

    def _target(self) -> QWidget:
        target = QApplication.focusWidget() or QApplication.activeWindow()
        if target is None and self.home is not None:
            # The offscreen platform has no window manager to reactivate the window.
            activate(self.qtbot, self.home.window())
            target = QApplication.focusWidget() or self.home.window()
        return target

    def key(self, k, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self._target(), k, modifier)
            self.presses += 1

    def alt(self, k) -> None:
        """Alt+letter; a button's mnemonic clicks after a short animation."""
        window = self._target().window()
        activate(self.qtbot, window)
        self.key(k, ALT)
        self.qtbot.wait(150)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self._target(), text)
        self.presses += len(text)
        self.typed += len(text)

    def tab(self, times: int = 1) -> None:
        self.key(Qt.Key.Key_Tab, times=times)

    def enter(self) -> None:
        self.key(Qt.Key.Key_Return)


def agree_plan(ctx, person_id: int, on: dt.date) -> int:
    draft = plans.start_draft(ctx, person_id)
    plans.save_content(ctx, draft.id, plans.PlanContent(what_matters="Staying in my own home"))
    plans.agree(ctx, draft.id, plans.Agreement("Ann Smith", AgreementMethod.SIGNED, on,
                                               ctx.actor.professional_id, on))
    return draft.id


@pytest.fixture
def led(ctx, person):
    """Ann, led by the signed-in clinician, with a plan agreed on 10 January 2026."""
    team.handover_lead(ctx, person.id, ctx.actor.professional_id, on=dt.date(2025, 1, 1))
    return agree_plan(ctx, person.id, dt.date(2026, 1, 10))


@pytest.fixture
def section(qtbot, ctx, person):
    return shown(qtbot, ActivitySection(ctx, person.id, person_name="Ann"))


def choose_kind(keys: Keyboard, kind: ContactKind) -> None:
    """From the first kind in the list, Down to the wanted one."""
    keys.key(Qt.Key.Key_Down, times=KIND_ORDER.index(kind))


# ---- recording --------------------------------------------------------------------------


def test_an_empty_log_says_what_to_do(section):
    assert "Press Alt+C" in section.empty.text()
    assert section.outcome.text() == "No plan has been agreed yet, so there is nothing to compare."
    assert not section.table.isVisible()
    assert not section.remove_button.isEnabled() and not section.discharge_button.isEnabled()


def test_a_gp_contact_recorded_from_the_keyboard(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_C)
    dialog = open_dialog(qtbot, section, ContactDialog)
    choose_kind(keys, ContactKind.GP_CONTACT)
    keys.tab()
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("20/11/2026")
    keys.tab()  # the discharge date is skipped: a GP contact has none
    assert QApplication.focusWidget() is dialog.note
    keys.type("Chest review")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [event] = activity.for_person(ctx, person.id)
    assert (event.kind, event.occurred_on, event.note) == (
        ContactKind.GP_CONTACT, dt.date(2026, 11, 20), "Chest review")
    text = table_text(section.table)
    assert "20 November 2026" in text and "GP contact" in text and "Chest review" in text
    assert "gp_contact" not in text
    assert "GP contact on 20 November 2026 recorded." in section.result_note.text()


def test_a_future_date_is_refused_beside_the_form_and_the_typing_kept(qtbot, ctx, person,
                                                                      section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_C)
    dialog = open_dialog(qtbot, section, ContactDialog)
    dialog.on.setText("25/11/2026")
    dialog.note.setText("Typed before the mistake")
    dialog.note.setFocus()
    keys.enter()
    assert dialog.isVisible()
    assert dialog.problem.text() == "The date of the contact cannot be in the future."
    assert QApplication.focusWidget() is dialog.on
    assert dialog.note.text() == "Typed before the mistake"
    assert activity.for_person(ctx, person.id) == []


def test_only_an_admission_takes_a_discharge_date(qtbot, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_C)
    dialog = open_dialog(qtbot, section, ContactDialog)
    assert not dialog.discharged.isEnabled()
    choose_kind(keys, ContactKind.UNPLANNED_ADMISSION)
    assert dialog.discharged.isEnabled()
    assert dialog.kind.currentText() == "Unplanned admission to hospital"


# ---- a discharge: the follow-up and the offer of a review --------------------------------


def record_discharge_from_keyboard(qtbot, section, keys: Keyboard) -> OfferReviewDialog:
    keys.alt(Qt.Key.Key_C)
    dialog = open_dialog(qtbot, section, ContactDialog)
    choose_kind(keys, ContactKind.DISCHARGE)
    keys.tab()
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("21/11/2026")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return open_dialog(qtbot, section, OfferReviewDialog)


def test_a_discharge_sets_the_follow_up_and_accepting_the_offer_starts_a_review(
        qtbot, ctx, person, led, section):
    keys = Keyboard(qtbot, section)
    offer = record_discharge_from_keyboard(qtbot, section, keys)

    [task] = tasks.for_person(ctx, person.id)
    assert task.source == TaskSource.DISCHARGE_FOLLOW_UP and task.status == TaskStatus.OPEN
    assert task.owner_professional_id == ctx.actor.professional_id
    assert "Follow-up task set for Jo Bloggs" in offer.done_note.text()
    assert "21 November 2026" in offer.done_note.text()
    assert "Start a review of Ann's plan now?" in offer.question.text()
    assert offer.later.isDefault()  # a stray Enter never makes a new version

    with qtbot.waitSignal(section.review_started) as started:
        keys.alt(Qt.Key.Key_R)
    qtbot.waitUntil(lambda: not offer.isVisible())
    newest = plans.working_plan(ctx, person.id)
    assert (newest.status, newest.number) == (PlanStatus.DRAFT, 2)
    assert started.args == [newest.id]
    assert plans.get_plan(ctx, led).status == PlanStatus.UNDER_REVIEW
    assert "A review has started: version 2" in section.result_note.text()


def test_not_now_leaves_the_plan_as_it_is(qtbot, ctx, person, led, section):
    keys = Keyboard(qtbot, section)
    offer = record_discharge_from_keyboard(qtbot, section, keys)
    keys.enter()  # the default is "Not now"
    qtbot.waitUntil(lambda: not offer.isVisible())
    assert plans.working_plan(ctx, person.id).status == PlanStatus.AGREED
    assert len(tasks.for_person(ctx, person.id)) == 1
    assert "Follow-up task set for Jo Bloggs" in section.result_note.text()


def test_with_no_agreed_plan_there_is_no_offer(qtbot, ctx, person, section):
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_C)
    dialog = open_dialog(qtbot, section, ContactDialog)
    choose_kind(keys, ContactKind.DISCHARGE)
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.wait(50)
    assert section.dialog is dialog  # nothing else was opened
    assert "has no lead professional, so the follow-up was given to you" in (
        section.result_note.text())
    assert len(tasks.for_person(ctx, person.id)) == 1


def test_a_discharge_date_added_to_an_admission_later(qtbot, ctx, person, led, section):
    admitted = activity.record_contact(ctx, person.id, ContactInput(
        ContactKind.UNPLANNED_ADMISSION, "12/11/2026", "Chest infection"))
    section.refresh()
    assert "Not yet recorded" in table_text(section.table)
    assert section.discharge_button.isEnabled()
    section.table.setFocus()
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_D)
    dialog = open_dialog(qtbot, section, DischargeDialog)
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("19/11/2026")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    offer = open_dialog(qtbot, section, OfferReviewDialog)
    keys.key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not offer.isVisible())
    [event] = activity.for_person(ctx, person.id)
    assert event.id == admitted.event.id and event.discharged_on == dt.date(2026, 11, 19)
    assert "19 November 2026" in table_text(section.table)
    assert not section.discharge_button.isEnabled()
    assert tasks.for_person(ctx, person.id)[0].contact_event_id == event.id


# ---- taking an entry out, and the outcome -------------------------------------------------


def test_a_mistaken_entry_is_removed_with_a_reason_and_its_follow_up_cancelled(
        qtbot, ctx, person, led, section):
    activity.record_contact(ctx, person.id, ContactInput(ContactKind.DISCHARGE, "20/11/2026"))
    section.refresh()
    section.table.setFocus()
    keys = Keyboard(qtbot, section)
    keys.alt(Qt.Key.Key_V)
    dialog = open_dialog(qtbot, section, RemoveContactDialog)
    keys.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("Wrong person")
    keys.enter()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert activity.for_person(ctx, person.id) == []
    assert tasks.for_person(ctx, person.id)[0].status == TaskStatus.CANCELLED
    assert not section.table.isVisible()
    assert "Every entry here was removed" in section.empty.text()
    keys.alt(Qt.Key.Key_T)  # show removed entries
    assert section.show_removed.isChecked()
    assert "Removed on 22 November 2026: Wrong person" in table_text(section.table)
    assert not section.remove_button.isEnabled()


def test_the_before_and_after_counts_use_the_service_wording(qtbot, ctx, person, led):
    for kind, on in ((ContactKind.AE_ATTENDANCE, "03/02/2025"),
                     (ContactKind.UNPLANNED_ADMISSION, "10/03/2025"),
                     (ContactKind.AE_ATTENDANCE, "01/06/2026"),
                     (ContactKind.GP_CONTACT, "02/06/2026")):
        activity.record_contact(ctx, person.id, ContactInput(kind, on))
    section = shown(qtbot, ActivitySection(ctx, person.id, person_name="Ann"))
    expected = activity.admissions_before_after(ctx, person.id).describe()
    assert section.outcome.text() == expected
    assert expected.startswith("2 unplanned admissions or A&E attendances in the 12 months "
                               "before the first plan was agreed on 10 January 2026; 1 in the")
    assert "12 months have not yet passed" in expected


def test_a_huddle_viewer_sees_the_log_but_cannot_change_it(qtbot, ctx, person, led):
    activity.record_contact(ctx, person.id, ContactInput(ContactKind.UNPLANNED_ADMISSION,
                                                         "12/11/2026"))
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    section = shown(qtbot, ActivitySection(viewer, person.id, person_name="Ann"))
    assert "Unplanned admission to hospital" in table_text(section.table)
    for b in (section.add_button, section.discharge_button, section.remove_button):
        assert not b.isEnabled()
    assert section.show_removed.isEnabled()
    with pytest.raises(PermissionDenied):
        activity.record_contact(viewer, person.id, ContactInput(ContactKind.HOME_VISIT,
                                                                "20/11/2026"))
