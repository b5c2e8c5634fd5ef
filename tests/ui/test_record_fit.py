"""The care team, contacts and readings sections on a 1366x768 laptop at 150% scaling: the
record has about 776x414 logical pixels there. With long names, organisations, emails and
notes in every list, nothing may make the section scroll sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QMainWindow, QScrollArea, QTableWidget, QWidget

from carecoord.domain.enums import ContactKind, MemberType, Sector
from carecoord.services import activity, readings, team
from carecoord.services.team import ProfessionalInput
from tests.ui.conftest import activate
from ui.record.record_view import PersonRecordView

# The record's share of a 1366x768 screen at 150%, less the shell around it.
RECORD_AREA = (776, 414)

LONG_NOTE = ("Found on the floor by her daughter in the morning; ambulance called, "
             "assessed at home and taken in for observation overnight")


@pytest.fixture
def crowded(ctx, person):
    """Ann Smith with the wordiest team, contacts and readings a real record might hold."""
    def pro(name, role, sector, organisation, phone, email):
        return team.add_professional(ctx, ProfessionalInput(name, role, sector, organisation,
                                                            phone, email))

    lead = pro("Priya Ramanathan-Houghton", "Community matron and advanced nurse "
               "practitioner", Sector.COMMUNITY_NURSING, "Riverside and District Community "
               "Health Services NHS Trust", "07700 900123",
               "priya.ramanathan-houghton@riverside-community.nhs.uk")
    social = pro("Bartholomew Fitzgerald", "Senior social worker (older adults)",
                 Sector.SOCIAL_CARE, "Northshire County Council Adult Social Care",
                 "01632 960 555 extension 4412", "b.fitzgerald@northshire.gov.uk")
    heart = pro("Dr Oluwaseun Adeyemi-Clarke", "Consultant cardiologist, heart failure "
                "service", Sector.HOSPITAL_SPECIALIST, "St Bartholomew's and Riverside "
                "University Hospitals", "020 7946 0000", "heart.failure@riverside.nhs.uk")
    if team.current_lead(ctx, person.id) is None:
        team.handover_lead(ctx, person.id, ctx.actor.professional_id, on=dt.date(2025, 1, 6))
    team.handover_lead(ctx, person.id, lead.id, on=dt.date(2026, 3, 2),
                       note="Handed over at the practice meeting: Ann's breathing is worse "
                            "in the mornings and her daughter would like a call after visits")
    team.add_member(ctx, person.id, social.id, started_on=dt.date(2026, 4, 1))
    team.add_member(ctx, person.id, heart.id, MemberType.AS_REQUIRED, dt.date(2026, 5, 12))
    former = pro("Alexandra Montgomery-Smythe", "Occupational therapist", Sector.OTHER,
                 "Northshire Equipment and Adaptations Service", "01632 960 777",
                 "alexandra.montgomery-smythe@northshire.gov.uk")
    member = team.add_member(ctx, person.id, former.id, started_on=dt.date(2026, 2, 1))
    team.end_member(ctx, member.id, "Episode of care finished: rails and a perching stool "
                    "fitted", dt.date(2026, 6, 30))

    for kind, day, note, discharged in (
            (ContactKind.UNPLANNED_ADMISSION, "02/11/2026", LONG_NOTE, None),
            (ContactKind.UNPLANNED_ADMISSION, "01/09/2026", "Chest infection", "08/09/2026"),
            (ContactKind.CALL_999, "14/08/2026", "Breathless at night; seen and treated at "
             "home by the paramedics", None),
            (ContactKind.AE_ATTENDANCE, "20/07/2026", "", None),
            (ContactKind.HOME_VISIT, "18/11/2026", "Reviewed inhalers and the rescue pack "
             "with Ann and her daughter", None)):
        activity.record_contact(ctx, person.id, activity.ContactInput(kind, day, note,
                                                                      discharged))
    slip = activity.record_contact(ctx, person.id, activity.ContactInput(
        ContactKind.GP_CONTACT, "01/11/2026", "Telephone review of her water tablets"))
    activity.retire_contact(ctx, slip.event.id, "Entered on the wrong person's record")

    for taken, value, note in (("20/11/2026 08:30", "178/104", "Taken after the walk back "
                                "from the shops; she felt light-headed and sat down"),
                               ("18/11/2026 09:15", "132/84", ""),
                               ("15/11/2026 19:45", "88/52", "Felt dizzy standing up")):
        readings.record_reading(ctx, person.id, "blood_pressure", value, taken_at=taken,
                                note=note, confirmed=True)
    return person


def open_at_laptop_size(qtbot, ctx, person_id: int) -> PersonRecordView:
    host = QMainWindow()
    view = PersonRecordView(ctx, person_id)
    host.setCentralWidget(view)
    view.host = host  # held for the test, or Python lets the window go
    qtbot.addWidget(host)
    host.resize(*RECORD_AREA)
    host.show()
    activate(qtbot, host)
    return view


def show(qtbot, view: PersonRecordView, name: str, **checks: bool) -> QWidget:
    """The section as a matron sees it; `checks` ticks its 'show past ones' boxes."""
    view.show_section(name)
    section = view._built[name]
    for attribute, on in checks.items():
        getattr(section, attribute).setChecked(on)
    qtbot.wait(20)  # the tables fit their columns once the layout has run
    return section


def sideways_need(view: PersonRecordView, name: str) -> tuple[int, int]:
    """How wide the section asks to be, and how wide its scrolling page is."""
    [scroll] = view._pages[name].findChildren(QScrollArea)
    return scroll.widget().minimumSizeHint().width(), scroll.viewport().width()


def assert_no_sideways_scrolling(view: PersonRecordView, name: str) -> None:
    [scroll] = view._pages[name].findChildren(QScrollArea)
    need, room = sideways_need(view, name)
    assert need <= room, f"{name} asks for {need} pixels; the record has {room}"
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.horizontalScrollBar().maximum() == 0


def assert_fits(table: QTableWidget) -> None:
    """The list needs no scroll bar of its own, and no column heading is cut short."""
    assert table.horizontalScrollBar().maximum() == 0, table.accessibleName()
    header = table.horizontalHeader()
    bold = QFont(header.font())
    bold.setBold(True)  # the heading of the chosen column is drawn in bold
    for column in range(table.columnCount()):
        words = table.horizontalHeaderItem(column).text()
        need = QFontMetrics(bold).horizontalAdvance(words)
        assert header.sectionSize(column) > need, (table.accessibleName(), words)


@pytest.mark.parametrize("past", [False, True], ids=["current", "with past members"])
def test_the_care_team_fits_a_laptop_at_150_percent(qtbot, ctx, crowded, past):
    view = open_at_laptop_size(qtbot, ctx, crowded.id)
    section = show(qtbot, view, "team", show_past=past)
    assert_no_sideways_scrolling(view, "team")
    assert_fits(section.tree)
    assert_fits(section.timeline)


@pytest.mark.parametrize("removed", [False, True], ids=["live", "with removed entries"])
def test_contacts_and_admissions_fit_a_laptop_at_150_percent(qtbot, ctx, crowded, removed):
    view = open_at_laptop_size(qtbot, ctx, crowded.id)
    section = show(qtbot, view, "activity", show_removed=removed)
    assert_no_sideways_scrolling(view, "activity")
    assert_fits(section.table)


def test_readings_fit_a_laptop_at_150_percent(qtbot, ctx, crowded):
    view = open_at_laptop_size(qtbot, ctx, crowded.id)
    section = show(qtbot, view, "readings")
    assert_no_sideways_scrolling(view, "readings")
    assert_fits(section.table)
