"""Referrals from the keyboard: recording one, the long-wait flag in words and colour at the
boundary days, moving it on, and the outstanding list across my caseload."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from carecoord.domain.enums import ReferralStatus, ReferralUrgency, Role
from carecoord.services import referrals, team
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, create_person
from carecoord.services.referrals import ReferralInput
from tests.ui.test_team_ui import alt, key, open_dialog, shown, table_text, type_text
from ui.referrals.my_referrals import OutstandingReferrals
from ui.referrals.referrals_section import ReferralDialog, ReferralsSection, ReferralStatusDialog
from ui.team.widgets import TONES

REFERRED = dt.date(2026, 11, 1)


@pytest.fixture
def section(qtbot, ctx, person):
    return shown(qtbot, ReferralsSection(ctx, person.id, person_name="Ann"))


def waiting_cell(section, service: str):
    t = section.table
    row = next(r for r in range(t.rowCount()) if t.item(r, 0).text() == service)
    return t.item(row, 4)


def test_a_two_week_wait_recorded_by_keys_is_flagged_after_15_days_not_14(qtbot, ctx, person,
                                                                         section):
    assert "No referrals recorded for Ann. Press Alt+R" in section.empty.text()
    ctx.today = lambda: REFERRED + dt.timedelta(days=15)
    alt(qtbot, section, Qt.Key.Key_R)
    dialog = open_dialog(qtbot, section, ReferralDialog)
    assert QApplication.focusWidget() in (dialog.service, dialog.service.lineEdit())
    type_text(qtbot, "Cardiology clinic")
    alt(qtbot, dialog, Qt.Key.Key_S)
    type_text(qtbot, "Possible new heart murmur; breathless on the stairs")
    alt(qtbot, dialog, Qt.Key.Key_W)  # two-week wait
    alt(qtbot, dialog, Qt.Key.Key_O)
    type_text(qtbot, "01/11/2026")
    alt(qtbot, dialog, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    saved = referrals.for_person(ctx, person.id)
    assert [(r.service, r.urgency, r.referred_on, r.status) for r in saved] == [
        ("Cardiology clinic", ReferralUrgency.TWO_WEEK_WAIT, REFERRED, ReferralStatus.AWAITING)]
    assert saved[0].referred_by == ctx.actor.professional_id
    cell = waiting_cell(section, "Cardiology clinic")
    assert cell.text() == "Long wait: 15 days, over the two-week wait"
    assert cell.background().color() == QColor(TONES["red"][0])  # and in colour
    assert section.summary.isVisible()
    assert "1 long wait: Cardiology clinic (two-week wait, 15 days)" in section.summary.text()
    assert "Two-week wait" in table_text(section.table)
    assert "two_week_wait" not in table_text(section.table)

    ctx.today = lambda: REFERRED + dt.timedelta(days=14)  # still within the two weeks
    section.refresh()
    cell = waiting_cell(section, "Cardiology clinic")
    assert cell.text() == "14 days"
    assert cell.background().color() != QColor(TONES["red"][0])
    assert not section.summary.isVisible()


def test_a_routine_referral_is_flagged_after_the_team_setting_in_weeks(ctx, person, section):
    referrals.record_referral(ctx, person.id, ReferralInput(
        "Falls service", "Two falls at home", "routine", REFERRED))
    ctx.today = lambda: REFERRED + dt.timedelta(days=42)
    section.refresh()
    assert waiting_cell(section, "Falls service").text() == "42 days"
    ctx.today = lambda: REFERRED + dt.timedelta(days=43)
    section.refresh()
    assert waiting_cell(section, "Falls service").text() == "Long wait: 43 days, over 6 weeks"


def test_a_refusal_is_shown_and_the_typing_stays(qtbot, ctx, person, section):
    alt(qtbot, section, Qt.Key.Key_R)
    dialog = open_dialog(qtbot, section, ReferralDialog)
    alt(qtbot, dialog, Qt.Key.Key_S)
    type_text(qtbot, "Weight loss of 4 kg")
    alt(qtbot, dialog, Qt.Key.Key_V)
    assert dialog.isVisible()
    assert dialog.problem.text() == "Enter the service the person is referred to."
    assert dialog.reason.toPlainText() == "Weight loss of 4 kg"
    alt(qtbot, dialog, Qt.Key.Key_C)
    type_text(qtbot, "Dietetics")
    alt(qtbot, dialog, Qt.Key.Key_O)
    type_text(qtbot, "01/12/2026")  # after today
    alt(qtbot, dialog, Qt.Key.Key_V)
    assert dialog.problem.text() == "The referral date cannot be in the future."
    assert QApplication.focusWidget() is dialog.referred_on
    assert referrals.for_person(ctx, person.id) == []


def test_the_referral_is_moved_on_to_seen_with_the_date(qtbot, ctx, person, section):
    r = referrals.record_referral(ctx, person.id, ReferralInput(
        "Dietetics", "Weight loss", "urgent", REFERRED))
    section.refresh()
    section.table.setFocus()
    alt(qtbot, section, Qt.Key.Key_U)
    dialog = open_dialog(qtbot, section, ReferralStatusDialog)
    alt(qtbot, dialog, Qt.Key.Key_S)  # seen
    assert dialog.seen_on.isEnabled()
    alt(qtbot, dialog, Qt.Key.Key_D)
    type_text(qtbot, "18/11/2026")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    after = referrals.for_person(ctx, person.id)[0]
    assert (after.id, after.status, after.seen_on) == (r.id, ReferralStatus.SEEN,
                                                        dt.date(2026, 11, 18))
    text = table_text(section.table)
    assert "Closed" in text and "Seen 18 November 2026" in text


def test_outstanding_referrals_across_my_caseload_open_the_person(qtbot, ctx, person):
    me = ctx.actor.professional_id
    other = create_person(ctx, PersonInput("9434765870", "Bob", "Jones", "01/02/1945"))
    not_mine = create_person(ctx, PersonInput("9434765889", "Cath", "Lowe", "01/02/1950"))
    someone = team.add_professional(ctx, team.ProfessionalInput("Sam Hill", "GP",
                                                                "gp_practice"))
    team.handover_lead(ctx, person.id, me)
    team.handover_lead(ctx, other.id, me)
    team.handover_lead(ctx, not_mine.id, someone.id)
    referrals.record_referral(ctx, other.id, ReferralInput(
        "Memory assessment service", "Forgetting medicines", "routine", "01/08/2026"))
    referrals.record_referral(ctx, person.id, ReferralInput(
        "Cardiology clinic", "Murmur", "two_week_wait", REFERRED))
    referrals.record_referral(ctx, not_mine.id, ReferralInput(
        "Podiatry", "Nails", "routine", REFERRED))
    view = shown(qtbot, OutstandingReferrals(ctx))
    people = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert people == ["Ann Smith", "Bob Jones"]  # the two-week wait first; not Cath's
    assert "2 referrals waiting for the people you lead; 2 long waits." in view.summary.text()
    view.table.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.open_person) as opened:
        key(qtbot, Qt.Key.Key_Return)
    assert opened.args == [other.id]


def test_huddle_viewer_cannot_record_referrals(qtbot, ctx, person):
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 ctx.today)
    section = shown(qtbot, ReferralsSection(viewer, person.id))
    assert not section.add_button.isEnabled()
    assert not section.update_button.isEnabled()
