"""The record's list sections on a 1366x768 laptop at 150% scaling: the record has about
776x414 logical pixels there. With long names, organisations, emails and notes in every list,
nothing may make the section scroll sideways, no column heading or cell may be cut short (a
heading may take a second line), and the readings chart's legend stays inside the chart."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QMainWindow, QScrollArea, QStyle, QTableWidget, QWidget

from carecoord.domain.enums import (
    ActivityLevel,
    ConsentMethod,
    ContactKind,
    InterventionTopic,
    MemberType,
    RecipientKind,
    ReferralStatus,
    ReferralUrgency,
    Sector,
    SmokingStatus,
)
from carecoord.services import activity, carers, consent, lifestyle, readings, referrals, team
from carecoord.services.carers import CarerInput
from carecoord.services.consent import ConsentInput
from carecoord.services.lifestyle import CheckInput, InterventionInput
from carecoord.services.referrals import ReferralInput
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
    settle(qtbot, section)
    return section


def settle(qtbot, section: QWidget) -> None:
    """The tables fit their columns once the layout has run, on zero-delay timers; on a busy
    machine that can take longer than a moment."""
    fitters = [t.property("fitter") for t in section.findChildren(QTableWidget)]

    def still() -> bool:
        return not any(f.columns_timer.isActive() or f.rows_timer.isActive()
                       for f in fitters if f is not None)

    for _ in range(2):  # a fit may resize the layout, which asks for another
        qtbot.wait(20)
        qtbot.waitUntil(still, timeout=5_000)


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
    """The list needs no scroll bar of its own, every heading fits its column (wrapped at
    spaces onto as many lines as the header has room for), and every cell's words fit
    inside it."""
    assert table.horizontalScrollBar().maximum() == 0, table.accessibleName()
    header = table.horizontalHeader()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    bold = QFont(header.font())
    bold.setBold(True)  # the heading of the chosen column is drawn in bold
    for column in range(table.columnCount()):
        words = table.horizontalHeaderItem(column).text()
        room = QRect(0, 0, header.sectionSize(column) - 2 * margin, 10_000)
        need = QFontMetrics(bold).boundingRect(room, Qt.TextFlag.TextWordWrap, words)
        assert need.width() <= room.width(), (table.accessibleName(), words, "cut short")
        assert need.height() <= header.height() - 2 * margin, (table.accessibleName(), words,
                                                               "a line hidden")
    assert_cells_whole(table)


def assert_cells_whole(table: QTableWidget) -> None:
    """Each cell is tall enough for its words, wrapped at its column's width (inside a long
    word where it must): none ends in '…'."""
    inset = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                           table) + 1)
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None or not item.text():
                continue
            span = table.columnSpan(row, column)
            width = sum(table.columnWidth(c) for c in range(column, column + span)) - inset
            metrics = QFontMetrics(item.font())
            room = QRect(0, 0, width, 10_000)
            need = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, item.text())
            if need.width() > width:  # a word longer than the column
                need = metrics.boundingRect(room, Qt.TextFlag.TextWrapAnywhere, item.text())
            assert need.height() <= table.rowHeight(row), (table.accessibleName(),
                                                           item.text(), width)


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


# ---- carers, referrals, lifestyle checks, consent -----------------------------------------


@pytest.fixture
def supported(ctx, crowded):
    """Ann with the carers, referrals, lifestyle checks and consents of a busy year, in the
    words a real record might use."""
    pid = crowded.id
    carers.add_carer(ctx, pid, CarerInput(
        "Susan Margaret Smith-Okonkwo", "Daughter", "07700 900 456 (mobile, after 6pm)",
        "susan.smith-okonkwo@example-mail.co.uk", "14 Orchard Close, Riverside", True,
        "03/02/2026", True, "Works full time as a night nurse; has her own back problems "
        "and would like a carer's assessment"))
    carers.add_carer(ctx, pid, CarerInput(
        "Bartholomew Green", "Neighbour", "01632 960 123", None, None, False, None, False,
        "Pops in most mornings; does her shopping on Thursdays"))
    former = carers.add_carer(ctx, pid, CarerInput(
        "Father Michael O'Donnell-Fitzpatrick", "Lasting power of attorney", "01632 960 999",
        "parish.office@stmarys-riverside.example.org", None, True, "01/01/2025", False, ""))
    carers.end_carer(ctx, former.id, "Moved away", "30/06/2026")

    for service, reason, urgency, day, status, seen in (
            ("Heart failure nursing service", "Breathless on walking to the shops, ankles "
             "swollen by the evening; review of her water tablets and fluid advice",
             ReferralUrgency.URGENT, "01/09/2026", ReferralStatus.AWAITING, None),
            ("Cardiology clinic", "Possible new heart murmur; breathless on the stairs",
             ReferralUrgency.TWO_WEEK_WAIT, "01/11/2026", ReferralStatus.ACCEPTED, None),
            ("Memory assessment service", "Her daughter has noticed she forgets her "
             "tablets and repeats questions", ReferralUrgency.ROUTINE, "10/11/2026",
             ReferralStatus.AWAITING, None),
            ("Community respiratory team", "Pulmonary rehabilitation after the chest "
             "infection", ReferralUrgency.ROUTINE, "01/08/2026", ReferralStatus.SEEN,
             "20/10/2026")):
        referrals.record_referral(ctx, pid, ReferralInput(service, reason, urgency, day,
                                                          status, seen))
    declined = referrals.record_referral(ctx, pid, ReferralInput(
        "Adult social care assessment", "Help with washing and dressing in the mornings",
        ReferralUrgency.ROUTINE, "01/07/2026"))
    referrals.update_status(ctx, declined.id, ReferralStatus.DECLINED, None,
                            "Already has a package of care")

    every_topic = tuple(InterventionInput(topic, "Talked it through with Ann and her "
                                          "daughter", True) for topic in InterventionTopic)
    lifestyle.record_check(ctx, pid, CheckInput(
        SmokingStatus.CURRENT, "28", ActivityLevel.MODERATELY_INACTIVE, "162", "81.2",
        "Lives on toast and tea", "4", "Low since her husband died", "20/11/2026"),
        every_topic)
    lifestyle.record_check(ctx, pid, CheckInput(
        SmokingStatus.EX_SMOKER, "6.5", ActivityLevel.MODERATELY_ACTIVE, "162", "74",
        None, "7", None, "12/10/2025"))

    for recipient, kind, scope, day, method in (
            ("St Bartholomew's and Riverside University Hospitals NHS Foundation Trust",
             RecipientKind.ORGANISATION, "My care plan, appointments and medicines",
             "03/02/2026", ConsentMethod.REPRESENTATIVE),
            ("Susan Margaret Smith-Okonkwo", RecipientKind.PERSON, "My care plan and "
             "appointments", "03/02/2026", ConsentMethod.WRITTEN)):
        consent.record_consent(ctx, pid, ConsentInput(recipient, kind, scope, day, method))
    gone = consent.record_consent(ctx, pid, ConsentInput(
        "Northshire County Council Adult Social Care", RecipientKind.ORGANISATION,
        "My whole record", "01/03/2026", ConsentMethod.VERBAL))
    consent.withdraw_consent(ctx, gone.id, "01/07/2026", "No longer involved in their care")
    return crowded


@pytest.mark.parametrize("former", [False, True], ids=["current", "with former carers"])
def test_carers_fit_a_laptop_at_150_percent(qtbot, ctx, supported, former):
    view = open_at_laptop_size(qtbot, ctx, supported.id)
    section = show(qtbot, view, "carers", show_former=former)
    assert_no_sideways_scrolling(view, "carers")
    assert_fits(section.table)


def test_referrals_fit_a_laptop_at_150_percent(qtbot, ctx, supported):
    view = open_at_laptop_size(qtbot, ctx, supported.id)
    section = show(qtbot, view, "referrals")
    assert_no_sideways_scrolling(view, "referrals")
    assert_fits(section.table)


def test_lifestyle_checks_fit_a_laptop_at_150_percent(qtbot, ctx, supported):
    view = open_at_laptop_size(qtbot, ctx, supported.id)
    section = show(qtbot, view, "lifestyle")
    assert_no_sideways_scrolling(view, "lifestyle")
    assert_fits(section.table)


def test_consent_to_share_fits_a_laptop_at_150_percent(qtbot, ctx, supported):
    view = open_at_laptop_size(qtbot, ctx, supported.id)
    page = show(qtbot, view, "sharing")
    assert_no_sideways_scrolling(view, "sharing")
    assert_fits(page.consents.table)


# ---- the readings chart's legend ------------------------------------------------------------


def assert_legend_inside(chart) -> None:
    """Every part of the legend is drawn inside the chart, above the plot."""
    items = chart.legend_items(chart.series)
    assert items
    for item in items:
        assert chart.rect().contains(item.rect.toAlignedRect()), (item.text, item.rect,
                                                                 chart.rect())
    assert chart.legend_height(chart.series) >= max(i.rect.bottom() for i in items)


def test_the_readings_chart_legend_fits_a_laptop_at_150_percent(qtbot, ctx, crowded):
    view = open_at_laptop_size(qtbot, ctx, crowded.id)
    section = show(qtbot, view, "readings")
    assert section.chart.isVisible()
    assert_legend_inside(section.chart)


def test_the_readings_chart_legend_wraps_at_its_narrowest(qtbot, ctx, crowded):
    view = open_at_laptop_size(qtbot, ctx, crowded.id)
    chart = show(qtbot, view, "readings").chart
    one_line = chart.legend_height(chart.series)
    chart.setFixedWidth(chart.minimumWidth())
    qtbot.wait(20)
    assert_legend_inside(chart)
    assert chart.legend_height(chart.series) > one_line, "the words move to a second line"


# ---- appointments and history ---------------------------------------------------------------


@pytest.fixture
def booked(ctx, crowded):
    """Ann's appointments as a busy autumn leaves them: long purposes, transport and access
    needs, a cancellation with its reason, and more than the record has room for."""
    from carecoord.services import appointments
    from carecoord.services.appointments import AppointmentInput

    me = ctx.actor.professional_id
    first = None
    for when, purpose in (("24/11/2026 16:00", "Check on breathing and swelling of the "
                           "ankles"), ("30/11/2026 10:00", "Review of medicines"),
                          ("02/12/2026 14:30", "Follow-up after a hospital stay"),
                          ("10/11/2026 09:00", "Talk about how things are going"),
                          ("12/11/2026 11:00", "Blood test")):
        made = appointments.book(ctx, crowded.id, AppointmentInput(
            "home_visit", when, 45, purpose, "Home", me, None,
            "Needs hospital transport; wheelchair", "Key safe 1234 at the back door; "
            "hearing loop")).appointment
        first = first or made
    gone = appointments.book(ctx, crowded.id, AppointmentInput(
        "clinic", "03/12/2026 10:00", 30, "Falls assessment", "Riverside Clinic", me))
    appointments.set_status(ctx, gone.appointment.id, "cancelled_by_person",
                            "Her daughter could not take her that day because of work")
    appointments.reschedule(ctx, first.id, "24/11/2026 16:30", 45,
                            "The person asked to move it")
    return crowded


def test_appointments_fit_a_laptop_at_150_percent(qtbot, ctx, booked):
    view = open_at_laptop_size(qtbot, ctx, booked.id)
    section = show(qtbot, view, "appointments")
    assert_no_sideways_scrolling(view, "appointments")
    assert_fits(section.table)
    assert_fits(section.history)
    assert "Her daughter could not take her that day because of work" in "".join(
        section.table.item(r, 4).text() for r in range(section.table.rowCount())
        if section.table.item(r, 4) is not None)
    # The list is as tall as its rows (with its headings, 8 here): none hides behind a
    # scroll bar of its own; the record scrolls instead.
    table = section.table
    assert table.rowCount() >= 7
    assert table.verticalScrollBar().maximum() == 0
    assert table.viewport().height() >= sum(table.rowHeight(r) for r in range(5))


@pytest.fixture
def versioned(ctx, crowded):
    """Three versions of Ann's plan: two agreed in turn, the newest under review."""
    from carecoord.services import plans
    from carecoord.services.plans import Agreement, PlanContent

    me = ctx.actor.professional_id
    plan = plans.start_draft(ctx, crowded.id)
    for on, review in ((dt.date(2026, 1, 5), dt.date(2026, 7, 5)),
                       (dt.date(2026, 7, 6), dt.date(2027, 1, 6))):
        plans.save_content(ctx, plan.id, PlanContent(what_matters="Staying at home with "
                                                     "her cat and seeing her grandchildren"))
        plans.agree(ctx, plan.id, Agreement("Ann Smith", "verbal", on, me, on,
                                            review_date=review))
        plan = plans.start_review(ctx, plan.id)
    return crowded


def test_history_fits_a_laptop_at_150_percent(qtbot, ctx, versioned):
    view = open_at_laptop_size(qtbot, ctx, versioned.id)
    section = show(qtbot, view, "history")
    assert not section.split.orientation() == Qt.Orientation.Horizontal  # one above another
    assert section.version_table.rowCount() == 3
    assert_no_sideways_scrolling(view, "history")
    for table in (section.version_table, section.lead_table, section.audit_table):
        assert_fits(table)
