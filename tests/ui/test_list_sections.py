"""The frame the record's list sections share: buttons that wrap in a narrow window instead of
widening it, nothing to edit for a viewer while the lists can still be filtered, Enter on a
row opening it only for a role that may change the record, long words that wrap in their
cell rather than end in '…', and columns that give way in a narrow list, their headings
taking a second line."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

from carecoord.domain.enums import Role, Sector
from carecoord.services import carers, referrals, team
from carecoord.services.base import Ctx
from carecoord.services.carers import CarerInput
from carecoord.services.referrals import ReferralInput
from carecoord.services.team import ProfessionalInput
from tests.ui.test_team_ui import activate, key, shown
from ui import style
from ui.activity.activity_section import ActivitySection
from ui.carers.carers_section import CarerDialog, CarersSection
from ui.lifestyle.lifestyle_section import LifestyleSection
from ui.list_section import ListSection
from ui.readings.readings_section import ReadingsSection
from ui.referrals.referrals_section import ReferralsSection, ReferralStatusDialog
from ui.sharing.consent_section import ConsentSection
from ui.team import widgets as w
from ui.team.team_section import TeamSection

SECTIONS = (TeamSection, CarersSection, ReferralsSection, ConsentSection, ActivitySection,
            LifestyleSection, ReadingsSection)
# The width a section gets in the record on a 1366x768 laptop at 150%.
NARROW = 534


@pytest.fixture
def viewer(ctx) -> Ctx:
    return Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER), ctx.today)


def toolbar_controls(section: ListSection) -> list:
    found = section.findChildren(QPushButton) + section.findChildren(QCheckBox)
    return [c for c in found if c.isVisibleTo(section)]


@pytest.mark.parametrize("cls", SECTIONS, ids=lambda c: c.__name__)
def test_the_buttons_wrap_rather_than_widen_the_section(qtbot, ctx, person, cls):
    section = cls(ctx, person.id, person_name="Ann")
    assert isinstance(section, ListSection)
    qtbot.addWidget(section)
    section.resize(NARROW, 700)
    section.show()
    qtbot.wait(10)
    assert section.minimumSizeHint().width() <= NARROW
    for control in toolbar_controls(section):
        right = control.mapTo(section, control.rect().topRight()).x()
        assert right < NARROW, control.text()
        assert control.width() >= control.sizeHint().width(), control.text()  # not squeezed


@pytest.mark.parametrize("cls", SECTIONS, ids=lambda c: c.__name__)
def test_a_viewer_may_filter_the_list_but_has_nothing_to_edit(qtbot, ctx, person, viewer,
                                                              cls):
    section = shown(qtbot, cls(viewer, person.id, person_name="Ann"))
    edits = [b for b in section.findChildren(QPushButton) if b.property("edits")]
    assert edits and not any(b.isEnabled() for b in edits)
    for box in section.findChildren(QCheckBox):
        assert box.isEnabled() and box.accessibleName().startswith("Show ")
    for b in edits:  # named for a screen reader without the Alt marker or the dots
        assert "&" not in b.accessibleName() and not b.accessibleName().endswith("…")


@pytest.mark.parametrize(("cls", "dialog"), [(CarersSection, CarerDialog),
                                             (ReferralsSection, ReferralStatusDialog)])
def test_enter_opens_the_chosen_row_only_for_a_role_that_may_change_it(qtbot, ctx, person,
                                                                       viewer, cls, dialog):
    carers.add_carer(ctx, person.id, CarerInput("Sue Smith", "Daughter"))
    referrals.record_referral(ctx, person.id, ReferralInput("Falls service", "Two falls",
                                                            "routine", "01/11/2026"))
    for who, opens in ((viewer, False), (ctx, True)):
        section = shown(qtbot, cls(who, person.id, person_name="Ann"))
        section.table.setFocus()
        activate(qtbot, section)
        key(qtbot, Qt.Key.Key_Return)
        assert isinstance(section.dialog, dialog) is opens
        if opens:
            section.dialog.reject()


def test_a_long_email_wraps_in_its_cell_and_is_copied_whole(qtbot, ctx, person):
    email = "bartholomew.fitzgerald.socialcare@northshirecountycouncil.gov.uk"
    pro = team.add_professional(ctx, ProfessionalInput("Bart Fitz", "Social worker",
                                                       Sector.SOCIAL_CARE, None,
                                                       "07700 900123", email))
    team.add_member(ctx, person.id, pro.id)
    section = shown(qtbot, TeamSection(ctx, person.id, person_name="Ann"))
    section.resize(NARROW, 700)
    qtbot.wait(20)
    t = section.tree
    row = next(r for r in range(t.rowCount()) if t.item(r, 0).text() == pro.name)
    cell = t.item(row, 2)
    assert cell.text() == f"07700 900123\n{email}"  # no hidden break characters in it
    metrics = QFontMetrics(cell.font())
    assert metrics.horizontalAdvance(email) > t.columnWidth(2)  # too long for one line...
    lines = -(-metrics.horizontalAdvance(email) // t.columnWidth(2)) + 1  # ...so it wraps
    assert t.rowHeight(row) >= lines * metrics.lineSpacing()
    assert t.horizontalScrollBar().maximum() == 0
    t.setFocus()
    t.setCurrentCell(row, 2)
    key(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == cell.text()


HEADINGS = ("Name", "Relationship", "Phone and email", "Consent to involve", "Receives copies",
            "Their own needs")


def narrow_list(qtbot, ems: int):
    t = w.table("Carers", HEADINGS)
    qtbot.addWidget(t)
    t.setRowCount(1)
    w.fill_row(t, 0, ("Susan Smith", "Daughter", "07700 900456", "Yes, recorded 3 February "
                      "2026", "Yes: nominated carer", "Works nights; has her own back pain"))
    t.resize(style.em(t) * ems, 400)
    t.show()
    qtbot.waitExposed(t)
    w.fit_columns(t)
    fitter = t.property("fitter")
    qtbot.wait(20)  # the scroll bar's range follows the columns once the layout has run
    qtbot.waitUntil(lambda: not (fitter.columns_timer.isActive()
                                 or fitter.rows_timer.isActive()))
    return t


def test_columns_give_way_and_headings_take_a_second_line_in_a_narrow_list(qtbot):
    t = narrow_list(qtbot, 33)  # a section's list on a laptop at 150%
    header = t.horizontalHeader()
    bold = QFont(header.font())
    bold.setBold(True)
    assert t.horizontalScrollBar().maximum() == 0
    assert header.height() >= 2 * QFontMetrics(bold).height()  # a heading on two lines
    for column in range(t.columnCount()):
        assert header.sectionSize(column) >= style.em(t) * 4 - 1, HEADINGS[column]
        assert header.sectionSize(column) >= header.two_line_width(column), HEADINGS[column]


def test_columns_stop_at_four_lines_height_and_the_list_scrolls_instead(qtbot):
    t = narrow_list(qtbot, 18)  # too narrow for six readable columns
    header = t.horizontalHeader()
    assert t.horizontalScrollBar().maximum() > 0
    for column in range(t.columnCount()):
        assert header.sectionSize(column) >= style.em(t) * 4 - 1, HEADINGS[column]
