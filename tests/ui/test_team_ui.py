"""The care team screens, driven from the keyboard: the directory (with the duplicate warning
as the name is typed), membership, ending it, and handing over the lead professional."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from carecoord.domain.enums import MemberType, Role, Sector
from carecoord.domain.errors import PermissionDenied
from carecoord.services import team
from carecoord.services.base import Ctx
from carecoord.services.team import ProfessionalInput
from ui.team.directory_dialog import DirectoryDialog
from ui.team.handover_dialog import HandoverDialog
from ui.team.team_section import EndMemberDialog, TeamSection

ALT = Qt.KeyboardModifier.AltModifier


# ---- how a keyboard user works (shared with the other issue-4 screen tests) ---------------


def activate(qtbot, window: QWidget) -> None:
    """The offscreen platform has no window manager to hand focus back after a dialog."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def alt(qtbot, widget: QWidget, key) -> None:
    """Alt+key as a user presses it. A button's mnemonic clicks after a short animation."""
    window = widget.window()
    activate(qtbot, window)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, ALT)
    qtbot.wait(150)


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the keyboard focus is."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, k, modifier)


def type_text(qtbot, text: str) -> None:
    """Type into whatever has the focus, replacing any text already selected there."""
    target = QApplication.focusWidget()
    if isinstance(target, QLineEdit | QPlainTextEdit):
        target.selectAll()
    qtbot.keyClicks(target, text)


def open_dialog(qtbot, section, kind):
    qtbot.waitUntil(lambda: isinstance(section.dialog, kind) and section.dialog.isVisible(),
                    timeout=2000)
    dialog = section.dialog
    activate(qtbot, dialog)
    return dialog


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    activate(qtbot, widget)
    return widget


# ---- fixtures ---------------------------------------------------------------------------


def pro(ctx, name, role, sector, org):
    return team.add_professional(ctx, ProfessionalInput(name, role, sector, org,
                                                        "01632 960 000"))


@pytest.fixture
def directory_people(ctx):
    return {
        "priya": pro(ctx, "Priya Patel", "District nurse", Sector.COMMUNITY_NURSING,
                     "Riverside Community Nursing"),
        "helen": pro(ctx, "Helen Okafor", "GP", Sector.GP_PRACTICE, "Riverside Surgery"),
        "mark": pro(ctx, "Mark Evans", "Social worker", Sector.SOCIAL_CARE,
                    "Northshire Adult Social Care"),
        "grace": pro(ctx, "Grace Lee", "Befriender", Sector.VOLUNTARY_SECTOR,
                     "Age UK Northshire"),
    }


@pytest.fixture
def section(qtbot, ctx, person):
    return shown(qtbot, TeamSection(ctx, person.id, person_name="Ann"))


def table_text(table) -> str:
    return "\n".join(table.item(r, c).text() for r in range(table.rowCount())
                     for c in range(table.columnCount()) if table.item(r, c) is not None)


# ---- the handover dialog ------------------------------------------------------------------


def test_set_lead_then_hand_over_with_a_note_keeps_both_periods(qtbot, ctx, person, section,
                                                                  directory_people):
    for p in ("priya", "helen"):
        team.add_member(ctx, person.id, directory_people[p].id, started_on=dt.date(2026, 1, 5))
    section.refresh()
    assert "has no lead professional" in section.lead_line.text()

    alt(qtbot, section, Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, HandoverDialog)
    assert dialog.ok.text().replace("&", "") == "Set as lead"
    labels = [dialog.choice.itemText(i) for i in range(dialog.choice.count())]
    priya_index = next(i for i, t in enumerate(labels) if t.startswith("Priya Patel"))
    dialog.choice.setFocus()
    for _ in range(priya_index):
        key(qtbot, Qt.Key.Key_Down)
    alt(qtbot, dialog, Qt.Key.Key_D)
    type_text(qtbot, "01/02/2026")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert team.current_lead(ctx, person.id).id == directory_people["priya"].id

    alt(qtbot, section, Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, HandoverDialog)
    assert dialog.ok.text().replace("&", "") == "Hand over"
    assert "Priya Patel" in dialog.intro.text()
    assert all("Priya" not in dialog.choice.itemText(i) for i in range(dialog.choice.count()))
    dialog.choice.setCurrentIndex(dialog.choice.findData(directory_people["helen"].id))
    alt(qtbot, dialog, Qt.Key.Key_D)
    type_text(qtbot, "20/11/2026")
    alt(qtbot, dialog, Qt.Key.Key_N)
    type_text(qtbot, "Priya moves to the north team. Breathing review due in December.")
    alt(qtbot, dialog, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    history = team.lead_history(ctx, person.id)
    assert [(p.professional.name, p.started_on, p.ended_on) for p in history] == [
        ("Priya Patel", dt.date(2026, 2, 1), dt.date(2026, 11, 20)),
        ("Helen Okafor", dt.date(2026, 11, 20), None)]
    shown_text = table_text(section.timeline)
    assert "Now (current lead)" in shown_text
    assert "1 February 2026" in shown_text and "20 November 2026" in shown_text
    assert "Priya moves to the north team" in shown_text
    assert section.timeline.rowCount() == 2
    assert section.lead_line.text().startswith("Lead professional: Helen Okafor")
    lead_row = next(r for r in range(section.tree.rowCount())
                    if section.tree.item(r, 3) is not None
                    and "Lead professional" in section.tree.item(r, 3).text())
    assert section.tree.item(lead_row, 0).text() == "Helen Okafor"
    assert section.tree.item(0, 0).text() == "Lead professional"  # shown first


def test_handover_refused_is_shown_beside_the_form_and_the_note_stays(qtbot, ctx, person,
                                                                       section,
                                                                       directory_people):
    team.handover_lead(ctx, person.id, directory_people["priya"].id, on=dt.date(2026, 6, 1))
    team.add_member(ctx, person.id, directory_people["mark"].id)
    section.refresh()
    alt(qtbot, section, Qt.Key.Key_L)
    dialog = open_dialog(qtbot, section, HandoverDialog)
    alt(qtbot, dialog, Qt.Key.Key_D)
    type_text(qtbot, "01/01/2026")  # before the current lead began
    alt(qtbot, dialog, Qt.Key.Key_N)
    type_text(qtbot, "Handing over to social care")
    alt(qtbot, dialog, Qt.Key.Key_H)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "before the current lead began" in dialog.problem.text()
    assert dialog.note.toPlainText() == "Handing over to social care"
    assert QApplication.focusWidget() is dialog.on


# ---- the directory ------------------------------------------------------------------------


def test_typing_a_known_name_warns_of_a_duplicate_and_the_existing_one_is_chosen(
        qtbot, ctx, person, section, directory_people):
    before = len(team.directory(ctx))
    alt(qtbot, section, Qt.Key.Key_A)
    dialog = open_dialog(qtbot, section, DirectoryDialog)
    alt(qtbot, dialog, Qt.Key.Key_N)
    assert QApplication.focusWidget() is dialog.name
    assert not dialog.duplicates.isVisible()
    qtbot.keyClicks(dialog.name, "Priya Pat")
    qtbot.waitUntil(dialog.duplicates.isVisible)
    assert "already in the directory" in dialog.duplicate_text.text()
    assert dialog.duplicate_list.item(0, 0).text() == "Priya Patel"
    assert dialog.duplicate_list.item(0, 2).text() == "Riverside Community Nursing"
    alt(qtbot, dialog, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert len(team.directory(ctx)) == before  # nobody was entered twice
    members = team.team_for(ctx, person.id)
    assert [(m.professional.name, m.member_type) for m in members] == [
        ("Priya Patel", MemberType.CORE)]
    assert "Priya Patel" in table_text(section.tree)


def test_a_different_name_shows_no_warning_and_is_added_to_directory_and_team(
        qtbot, ctx, person, section, directory_people):
    alt(qtbot, section, Qt.Key.Key_A)
    dialog = open_dialog(qtbot, section, DirectoryDialog)
    type_text(qtbot, "Oluwaseun")
    assert dialog.results.rowCount() == 0
    assert "Alt+N" in dialog.results_note.text()
    alt(qtbot, dialog, Qt.Key.Key_N)
    assert dialog.name.text() == "Oluwaseun"  # carried over from the search
    type_text(qtbot, "Oluwaseun Adeyemi")
    assert not dialog.duplicates.isVisible()
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, "Housing officer")
    dialog.sector.setFocus()
    dialog.sector.setCurrentIndex(dialog.sector.findData(Sector.HOUSING.value))
    alt(qtbot, dialog, Qt.Key.Key_E)
    type_text(qtbot, "not an email")
    alt(qtbot, dialog, Qt.Key.Key_Q)  # specialist input as required
    alt(qtbot, dialog, Qt.Key.Key_D)
    assert dialog.isVisible()
    assert "'not an email' is not an email address." == dialog.problem.text()
    assert dialog.name.text() == "Oluwaseun Adeyemi"  # the typing stays
    assert QApplication.focusWidget() is dialog.email
    type_text(qtbot, "o.adeyemi@example.org")
    alt(qtbot, dialog, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    member = team.team_for(ctx, person.id)[0]
    assert member.professional.name == "Oluwaseun Adeyemi"
    assert member.professional.sector == Sector.HOUSING
    assert member.member_type == MemberType.AS_REQUIRED
    assert "Specialist input as required" in table_text(section.tree)
    assert "Housing" in table_text(section.tree)


def test_search_narrows_and_enter_adds_the_single_match(qtbot, ctx, person, section,
                                                        directory_people):
    alt(qtbot, section, Qt.Key.Key_A)
    dialog = open_dialog(qtbot, section, DirectoryDialog)
    type_text(qtbot, "okaf")
    assert dialog.results.rowCount() == 1
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [m.professional.name for m in team.team_for(ctx, person.id)] == ["Helen Okafor"]


def test_members_are_grouped_by_sector_with_core_before_as_required(ctx, person, section,
                                                                     directory_people):
    d = directory_people
    extra = pro(ctx, "Zara Khan", "Practice nurse", Sector.GP_PRACTICE, "Riverside Surgery")
    team.add_member(ctx, person.id, extra.id, MemberType.AS_REQUIRED)
    for p in ("helen", "mark", "grace", "priya"):
        team.add_member(ctx, person.id, d[p].id)
    team.handover_lead(ctx, person.id, d["priya"].id)
    section.refresh()
    t = section.tree
    firsts = [t.item(r, 0).text() for r in range(t.rowCount())]
    assert firsts == ["Lead professional", "Priya Patel", "GP practice", "Helen Okafor",
                      "Zara Khan", "Social care", "Mark Evans", "Voluntary sector", "Grace Lee"]
    assert t.item(4, 3).text() == "Specialist input as required"
    assert t.item(1, 3).text().startswith("★ Lead professional")
    assert "5 members: 4 core, 1 specialist input as required." == section.empty.text()


# ---- ending membership --------------------------------------------------------------------


def test_a_member_who_leaves_is_ended_with_date_and_reason_and_hidden(qtbot, ctx, person,
                                                                       section,
                                                                       directory_people):
    member = team.add_member(ctx, person.id, directory_people["mark"].id,
                             started_on=dt.date(2026, 1, 5))
    section.refresh()
    assert section.select_member(member)
    section.tree.setFocus()
    alt(qtbot, section, Qt.Key.Key_E)
    dialog = open_dialog(qtbot, section, EndMemberDialog)
    type_text(qtbot, "15/11/2026")
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, "Moved to another team")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert team.team_for(ctx, person.id) == []
    ended = team.team_for(ctx, person.id, include_ended=True)[0]
    assert (ended.ended_on, ended.end_reason) == (dt.date(2026, 11, 15), "Moved to another team")
    assert "Mark Evans" not in table_text(section.tree)
    assert "Press Alt+A" in section.empty.text()
    alt(qtbot, section, Qt.Key.Key_S)  # show past members
    assert section.show_past.isChecked()
    text = table_text(section.tree)
    assert "Past members" in text and "Left: Moved to another team" in text
    assert "5 January 2026 to 15 November 2026" in text


def test_the_lead_cannot_be_ended_before_a_handover(qtbot, ctx, person, section,
                                                    directory_people):
    team.handover_lead(ctx, person.id, directory_people["priya"].id)
    section.refresh()
    section.tree.setFocus()
    alt(qtbot, section, Qt.Key.Key_E)
    assert section.dialog is None
    assert "Hand over the lead to someone else first" in section.problem.text()


# ---- read only ----------------------------------------------------------------------------


def test_huddle_viewer_sees_the_team_but_cannot_change_it(qtbot, ctx, person,
                                                          directory_people):
    team.add_member(ctx, person.id, directory_people["grace"].id)
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    section = shown(qtbot, TeamSection(viewer, person.id, person_name="Ann"))
    assert "Grace Lee" in table_text(section.tree)
    for b in (section.add_button, section.lead_button, section.end_button):
        assert not b.isEnabled()
    assert section.show_past.isEnabled()  # looking is not changing
    with pytest.raises(PermissionDenied):
        team.handover_lead(viewer, person.id, directory_people["grace"].id)


# ---- done means: all of it without a mouse ------------------------------------------------


def test_without_a_mouse_build_a_team_hand_over_the_lead_and_book_a_week(qtbot, ctx, person,
                                                                        directory_people):
    from carecoord.services import appointments
    from ui.appointments.appointments_section import AppointmentsSection
    from ui.appointments.booking_dialog import BookingDialog
    from ui.appointments.week_view import WeekView

    section = shown(qtbot, TeamSection(ctx, person.id, person_name="Ann"))

    def add_from_directory(search: str, as_required: bool = False) -> None:
        alt(qtbot, section, Qt.Key.Key_A)
        dialog = open_dialog(qtbot, section, DirectoryDialog)
        type_text(qtbot, search)
        if as_required:
            alt(qtbot, dialog, Qt.Key.Key_Q)
            alt(qtbot, dialog, Qt.Key.Key_A)
        else:
            key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible())

    add_from_directory("okaf")  # the GP: NHS
    add_from_directory("priya")  # the district nurse: NHS
    add_from_directory("grace", as_required=True)  # the befriender: voluntary sector

    alt(qtbot, section, Qt.Key.Key_A)  # a social worker who is not in the directory yet
    dialog = open_dialog(qtbot, section, DirectoryDialog)
    alt(qtbot, dialog, Qt.Key.Key_N)
    type_text(qtbot, "Ruth Adams")
    alt(qtbot, dialog, Qt.Key.Key_R)
    type_text(qtbot, "Social worker")
    alt(qtbot, dialog, Qt.Key.Key_T)
    type_text(qtbot, "Social")  # the sector list finds "Social care" by typing
    alt(qtbot, dialog, Qt.Key.Key_O)
    type_text(qtbot, "Northshire Adult Social Care")
    alt(qtbot, dialog, Qt.Key.Key_H)
    type_text(qtbot, "01632 960 777")
    alt(qtbot, dialog, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    members = team.team_for(ctx, person.id)
    assert {m.professional.sector for m in members} == {
        Sector.GP_PRACTICE, Sector.COMMUNITY_NURSING, Sector.SOCIAL_CARE,
        Sector.VOLUNTARY_SECTOR}
    assert {m.professional.name: m.member_type for m in members}["Grace Lee"] == \
        MemberType.AS_REQUIRED

    def hand_over(to: str, on: str, note: str, ok_key) -> None:
        alt(qtbot, section, Qt.Key.Key_L)
        dialog = open_dialog(qtbot, section, HandoverDialog)
        assert QApplication.focusWidget() is dialog.choice
        qtbot.keyClicks(dialog.choice, to)
        alt(qtbot, dialog, Qt.Key.Key_D)
        type_text(qtbot, on)
        alt(qtbot, dialog, Qt.Key.Key_N)
        type_text(qtbot, note)
        alt(qtbot, dialog, ok_key)
        qtbot.waitUntil(lambda: not dialog.isVisible())

    hand_over("Priya", "02/11/2026", "Priya knows Ann from her leg ulcer care.", Qt.Key.Key_S)
    hand_over("Jo", "20/11/2026", "Priya moves to the north team; Jo takes over.",
              Qt.Key.Key_H)
    history = team.lead_history(ctx, person.id)
    assert [(p.professional.name, p.ended_on) for p in history] == [
        ("Priya Patel", dt.date(2026, 11, 20)), ("Jo Bloggs", None)]
    assert section.timeline.rowCount() == 2

    booking = shown(qtbot, AppointmentsSection(ctx, person.id, person_name="Ann"))
    week = (("23/11/2026", "10:00", "Check on breathing", None),
            ("24/11/2026", "14:30", "Review of the care plan", None),
            ("25/11/2026", "11:00", "Talk about money worries", "Ruth"),
            ("26/11/2026", "09:30", "Check on swelling and weight", None),
            ("27/11/2026", "15:00", "Review of medicines", None))
    for n, (day, time, purpose, with_whom) in enumerate(week, start=1):
        alt(qtbot, booking, Qt.Key.Key_B)
        dialog = open_dialog(qtbot, booking, BookingDialog)
        alt(qtbot, dialog, Qt.Key.Key_D)
        type_text(qtbot, day)
        alt(qtbot, dialog, Qt.Key.Key_T)
        type_text(qtbot, time)
        if with_whom:
            alt(qtbot, dialog, Qt.Key.Key_W)
            type_text(qtbot, with_whom)  # completes to her name from the team
        alt(qtbot, dialog, Qt.Key.Key_R)
        type_text(qtbot, purpose)
        key(qtbot, Qt.Key.Key_Return)
        if n == 5:  # the fifth in a week: a heavy week, said before saving
            assert "heavy week" in dialog.panel.text.text()
            alt(qtbot, dialog, Qt.Key.Key_A)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())

    booked = appointments.for_person(ctx, person.id).upcoming
    assert [a.purpose for a in booked] == [w[2] for w in week]
    assert [a.professional_name for a in booked].count("Ruth Adams") == 1

    view = shown(qtbot, WeekView(ctx))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Right, ALT)
    assert view.summary.text() == "4 appointments with 1 person this week."
    with qtbot.waitSignal(view.open_person) as opened:
        key(qtbot, Qt.Key.Key_Return)
    assert opened.args == [person.id]


# ---- every screen: one letter, one control --------------------------------------------------


def mnemonics(window: QWidget) -> list[str]:
    """The Alt+letter of every visible labelled control in one window."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    found = []
    for child in window.findChildren(QWidget):
        if not child.isVisibleTo(window) or not child.isEnabled():
            continue
        if isinstance(child, QLabel) and child.buddy() is None:
            continue
        if isinstance(child, QAbstractButton | QLabel | QGroupBox):
            text = child.title() if isinstance(child, QGroupBox) else child.text()
            match = re.search(r"&([^&])", text.replace("&&", ""))
            if match:
                found.append(match.group(1).lower())
    return found


def test_no_two_controls_in_a_window_share_a_mnemonic(qtbot, ctx, person, directory_people):
    from carecoord.services import appointments, carers, referrals, tasks
    from carecoord.services.appointments import AppointmentInput
    from carecoord.services.carers import CarerInput
    from carecoord.services.referrals import ReferralInput
    from ui.appointments.appointments_section import AppointmentsSection, StatusDialog
    from ui.appointments.booking_dialog import BookingDialog, RescheduleDialog
    from ui.appointments.week_view import WeekView
    from ui.carers.carers_section import CarerDialog, CarersSection, EndCarerDialog
    from ui.referrals.my_referrals import OutstandingReferrals
    from ui.referrals.referrals_section import (
        ReferralDialog,
        ReferralsSection,
        ReferralStatusDialog,
    )
    from ui.tasks_ui.my_tasks import MyTasks
    from ui.tasks_ui.task_dialogs import AddTaskDialog, CancelTaskDialog, CompleteTaskDialog
    from ui.tasks_ui.tasks_section import TasksSection

    member = team.add_member(ctx, person.id, directory_people["mark"].id)
    a = appointments.book(ctx, person.id, AppointmentInput(
        "home_visit", "24/11/2026 10:00", 30, "Check on breathing", "Home",
        ctx.actor.professional_id)).appointment
    c = carers.add_carer(ctx, person.id, CarerInput("Sue Smith", "Daughter"))
    r = referrals.record_referral(ctx, person.id, ReferralInput("Falls", "Falls", "routine",
                                                                "01/11/2026"))
    t = tasks.create_task(ctx, ctx.actor.professional_id, "Ring", None, None, person.id)
    directory = DirectoryDialog(ctx, person.id)
    windows = [TeamSection(ctx, person.id), directory, HandoverDialog(ctx, person.id),
               EndMemberDialog(ctx, member, "Ann"), CarersSection(ctx, person.id),
               CarerDialog(ctx, person.id, "Ann", c), EndCarerDialog(ctx, c, "Ann"),
               AppointmentsSection(ctx, person.id), BookingDialog(ctx, person.id),
               RescheduleDialog(ctx, a), StatusDialog(ctx, a), WeekView(ctx),
               ReferralsSection(ctx, person.id), ReferralDialog(ctx, person.id, "Ann"),
               ReferralStatusDialog(ctx, r), OutstandingReferrals(ctx),
               TasksSection(ctx, person.id), MyTasks(ctx), AddTaskDialog(ctx, person.id, "Ann"),
               CompleteTaskDialog(ctx, t), CancelTaskDialog(ctx, t)]
    for window in windows:
        qtbot.addWidget(window)
        window.show()
        keys = mnemonics(window)
        assert len(keys) == len(set(keys)), (type(window).__name__, sorted(keys))
        if window is directory:
            directory.show_new()
            keys = mnemonics(window)
            assert len(keys) == len(set(keys)), ("new professional", sorted(keys))
