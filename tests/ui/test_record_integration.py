"""The whole record: every section reached from the keyboard, sections made only when shown,
a handover reaching the banner, nothing to edit for a read-only role, and one Alt+letter
per control wherever the matron is in the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QScrollArea

from carecoord.domain.enums import ActionSide, AlertKind, GoalDomain, OwnerKind, Role, Sector
from carecoord.services import (
    activity,
    appointments,
    carers,
    consent,
    goals,
    people,
    plans,
    printing,
    readings,
    referrals,
    team,
)
from carecoord.services import tasks as task_service
from carecoord.services.appointments import AppointmentInput
from carecoord.services.base import Ctx
from carecoord.services.carers import CarerInput
from carecoord.services.goals import ActionInput, GoalInput
from carecoord.services.referrals import ReferralInput
from carecoord.services.team import ProfessionalInput
from tests.ui.conftest import activate
from tests.ui.test_record_readonly import enabled_edit_controls
from tests.ui.test_team_ui import mnemonics
from ui.record import forms
from ui.record.record_view import SECTIONS, PersonRecordView

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
PLUGINS = ("progress", "team", "carers", "appointments", "referrals", "tasks", "activity",
           "lifestyle", "readings", "sharing")


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    monkeypatch.setattr(forms, "confirm", lambda *a: True)
    monkeypatch.setattr(forms, "ask", lambda *a: False)


@pytest.fixture
def nurse(ctx, person):
    """Ann Smith with the signed-in user as lead and a district nurse in her team."""
    team.handover_lead(ctx, person.id, ctx.actor.professional_id, on=dt.date(2026, 1, 5))
    pro = team.add_professional(ctx, ProfessionalInput("Priya Patel", "District nurse",
                                                       Sector.COMMUNITY_NURSING))
    team.add_member(ctx, person.id, pro.id)
    return pro


def plan_with_a_goal(ctx, person, agree: bool):
    plan = plans.start_draft(ctx, person.id)
    plans.save_content(ctx, plan.id, plans.with_content(plan, what_matters="My garden"))
    g = goals.add_goal(ctx, plan.id, GoalInput("Walk to the shop", GoalDomain.PHYSICAL_HEALTH))
    goals.add_action(ctx, g.id, ActionInput("Use the frame", ActionSide.PERSON,
                                            OwnerKind.PERSON, "Ann Smith", None, "01/12/2026"))
    if agree:
        plans.agree(ctx, plan.id, plans.Agreement("Ann Smith", "signed", "20/11/2026",
                                                  ctx.actor.professional_id, "20/11/2026"))
    return plan


@pytest.fixture
def rich(ctx, person, nurse):
    """Something in every section, so row buttons are enabled and show their letters."""
    me = ctx.actor.professional_id
    appointments.book(ctx, person.id, AppointmentInput(
        "home_visit", "24/11/2026 10:00", 30, "Check on breathing", "Home", me))
    carers.add_carer(ctx, person.id, CarerInput("Sue Smith", "Daughter"))
    referrals.record_referral(ctx, person.id, ReferralInput("Falls service", "Two falls",
                                                            "routine", "01/11/2026"))
    task_service.create_task(ctx, me, "Ring the GP about tablets", None, None, person.id)
    people.add_condition(ctx, person.id, "Heart failure", "84114007")
    consent.record_consent(ctx, person.id, consent.ConsentInput(
        "Riverside GP Practice", "organisation", "The care plan", "01/11/2026", "verbal"))
    activity.record_contact(ctx, person.id, activity.ContactInput("gp_contact", "10/11/2026",
                                                                  "Cough"))
    readings.record_reading(ctx, person.id, "blood_pressure", "132/84", taken_at="20/11/2026")
    return person


def open_record(qtbot, ctx, person_id, menus: bool = True) -> PersonRecordView:
    """The record in a window with the shell's menus, whose Alt+F/G/H it must win over."""
    host = QMainWindow()
    if menus:
        for title in ("&File", "&Go", "&Help"):
            host.menuBar().addMenu(title).addAction("Something")
    view = PersonRecordView(ctx, person_id)
    host.setCentralWidget(view)
    view.host = host  # held for the test, or Python lets the window go
    qtbot.addWidget(host)
    host.resize(1280, 800)
    host.show()
    activate(qtbot, host)
    view.setFocus()
    return view


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)


def focus_in(view: PersonRecordView, name: str) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and view._pages[name].isAncestorOf(focus)


# ---- getting around ---------------------------------------------------------------------


def test_ctrl_page_down_walks_every_section_in_order_and_back_round(qtbot, ctx, rich):
    view = open_record(qtbot, ctx, rich.id)
    names = [s.name for s in view.specs]
    assert set(names) <= set(SECTIONS) and names[:3] == ["about", "plan", "conditions"]
    assert view.current_section() == "plan"
    start = names.index("plan")
    seen = []
    for _ in names:
        press(qtbot, Qt.Key.Key_PageDown, CTRL)
        seen.append(view.current_section())
        assert focus_in(view, seen[-1]), f"the keyboard is in {seen[-1]}"
    assert seen == names[start + 1:] + names[:start + 1]
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert view.current_section() == "about"


def test_ctrl_g_then_typing_a_name_and_enter_goes_into_that_section(qtbot, ctx, rich):
    view = open_record(qtbot, ctx, rich.id)
    targets = {"appointments": "app", "referrals": "ref", "history": "his", "tasks": "tas"}
    if "readings" in view._pages:
        targets["readings"] = "rea"
    for name, typed in targets.items():
        press(qtbot, Qt.Key.Key_G, CTRL)
        assert view.section_list.hasFocus()
        qtbot.keyClicks(view.section_list, typed)
        assert view.current_section() == name, typed
        press(qtbot, Qt.Key.Key_Return)
        assert focus_in(view, name)
        qtbot.wait(600)  # let the list's type-ahead forget what was typed
    # Arrow keys in the list move between sections without leaving the list.
    press(qtbot, Qt.Key.Key_G, CTRL)
    before = view.current_section()
    press(qtbot, Qt.Key.Key_Up)
    assert view.current_section() != before and view.section_list.hasFocus()


def test_alt_letters_for_the_sections_that_have_them(qtbot, ctx, rich):
    view = open_record(qtbot, ctx, rich.id)
    for key, name in ((Qt.Key.Key_M, "about"), (Qt.Key.Key_N, "conditions"),
                      (Qt.Key.Key_Y, "history"), (Qt.Key.Key_P, "plan")):
        press(qtbot, key, ALT)
        assert view.current_section() == name
        assert focus_in(view, name) or name == "plan"


def test_show_section_knows_every_name_and_puts_the_keyboard_there(qtbot, ctx, rich):
    view = open_record(qtbot, ctx, rich.id)
    for name in SECTIONS:
        view.show_section(name)
        if name not in view._pages:  # a section this copy lacks opens the plan instead
            assert view.current_section() == "plan"
            continue
        assert view.current_section() == name
        assert view.section_list.currentItem().text() == next(
            s.title for s in view.specs if s.name == name)
        assert focus_in(view, name), name
    with pytest.raises(KeyError):
        view.show_section("no such section")


def test_sections_are_made_only_when_first_shown(qtbot, ctx, rich):
    view = open_record(qtbot, ctx, rich.id)
    assert [name for name in SECTIONS if view.built(name)] == ["plan"]
    view.show_section("team")
    assert view.built("team") and not view.built("carers")
    section = view.section("team")
    view.show_section("carers")
    view.show_section("team")
    assert view.section("team") is section, "made once, then kept"


# ---- sections working together ----------------------------------------------------------


def test_a_handover_in_the_team_section_updates_the_banner(qtbot, ctx, rich, nurse):
    from ui.team.handover_dialog import HandoverDialog

    view = open_record(qtbot, ctx, rich.id)
    assert "Jo Bloggs" in view.banner.facts.text()
    view.show_section("team")
    section = view.section("team")
    press(qtbot, Qt.Key.Key_L, ALT)
    qtbot.waitUntil(lambda: isinstance(section.dialog, HandoverDialog)
                    and section.dialog.isVisible(), timeout=2000)
    dialog = section.dialog
    activate(qtbot, dialog)
    dialog.choice.setCurrentIndex(dialog.choice.findData(nurse.id))
    qtbot.keyClicks(dialog.note, "Priya visits weekly now")
    press(qtbot, Qt.Key.Key_H, ALT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert "Priya Patel" in view.banner.facts.text()
    assert "Jo Bloggs" not in view.banner.facts.text()
    view.show_section("history")
    leads = [view.history.lead_table.item(r, 0).text()
             for r in range(view.history.lead_table.rowCount())]
    assert any("Priya Patel" in text for text in leads), "history shows the new lead"


def test_a_change_in_one_section_reaches_another_when_it_is_next_shown(qtbot, ctx, rich):
    view = open_record(qtbot, ctx, rich.id)
    view.show_section("tasks")
    tasks_section = view.section("tasks")
    rows = tasks_section.table.rowCount()
    view.show_section("carers")
    task_service.create_task(ctx, ctx.actor.professional_id, "Order a commode", None, None,
                             rich.id)
    view.section("carers").changed.emit()  # as after a carer is saved
    assert tasks_section.table.rowCount() == rows, "not while it is out of sight"
    view.show_section("tasks")
    assert tasks_section.table.rowCount() > rows


def test_print_and_share_open_from_anywhere_in_the_record(qtbot, ctx, rich, tmp_path):
    pytest.importorskip("ui.printing.preview_dialog")
    pytest.importorskip("ui.sharing.share_dialog")
    from ui.printing.preview_dialog import PlanPreviewDialog
    from ui.sharing.share_dialog import ShareDialog

    plan_with_a_goal(ctx, rich, agree=True)
    view = open_record(qtbot, ctx, rich.id)
    view.show_section("sharing")
    log = view.section("sharing").export_log
    before = len(log.lines)
    view.show_section("carers")
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert isinstance(view.dialog, PlanPreviewDialog)
    printing.render_plan(ctx, rich.id, tmp_path / "plan.pdf")  # as its Save PDF does
    view.dialog.reject()
    assert view.dialog is None
    view.show_section("sharing")
    assert len(log.lines) == before + 1, "the export log shows the print"
    view.show_section("conditions")
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert isinstance(view.dialog, ShareDialog)
    view.dialog.reject()


def test_agreeing_a_review_offers_the_experience_questions(qtbot, ctx, person, nurse,
                                                           monkeypatch):
    pytest.importorskip("ui.ratings.experience_dialog")
    from ui.ratings.experience_dialog import ExperienceDialog
    from ui.record.agree_dialog import AgreeDialog

    asked = []
    monkeypatch.setattr(forms, "ask", lambda *a: asked.append(a[2]) or True)
    agreed = plan_with_a_goal(ctx, person, agree=True)
    plans.start_review(ctx, agreed.id)
    view = open_record(qtbot, ctx, person.id)
    editor = view.plan_editor
    editor.open_agree()
    assert isinstance(editor.dialog, AgreeDialog)
    editor.dialog.save()
    qtbot.waitUntil(lambda: isinstance(view.dialog, ExperienceDialog), timeout=2000)
    assert "Version 2 of the plan is agreed" in asked[0]
    assert view.dialog.plan_id == plans.working_plan(ctx, person.id).id
    view.dialog.reject()


def test_agreeing_a_first_version_asks_nothing(qtbot, ctx, person, nurse, monkeypatch):
    asked = []
    monkeypatch.setattr(forms, "ask", lambda *a: asked.append(a) or True)
    plan_with_a_goal(ctx, person, agree=False)
    view = open_record(qtbot, ctx, person.id)
    view.plan_editor.open_agree()
    view.plan_editor.dialog.save()
    qtbot.wait(50)
    assert plans.working_plan(ctx, person.id).status.value == "agreed"
    assert asked == [] and view.dialog is None


# ---- a read-only role -------------------------------------------------------------------


@pytest.mark.parametrize("agreed", [False, True], ids=["draft", "agreed"])
def test_a_read_only_role_has_nothing_to_edit_in_any_section(qtbot, ctx, rich, agreed):
    plan_with_a_goal(ctx, rich, agree=agreed)
    viewer = Ctx(ctx.store, replace(ctx.actor, role=Role.HUDDLE_VIEWER), ctx.today)
    view = open_record(qtbot, viewer, rich.id)
    assert not view.banner.edit_button.isVisibleTo(view)
    for name in SECTIONS:
        view.show_section(name)
        assert enabled_edit_controls(view) == [], name
    # The same look at a clinician's record finds controls in the sections that change it.
    mine = open_record(qtbot, ctx, rich.id)
    for name in ("team", "carers", "appointments"):
        mine.show_section(name)
        assert enabled_edit_controls(mine), name


# ---- one letter, one control ------------------------------------------------------------


def record_keys(view: PersonRecordView) -> list[str]:
    """Every Alt+letter that does something where the matron is: the visible controls'
    mnemonics and the record's own Alt keys (sections, and the plan's keys in a draft)."""
    keys = mnemonics(view)
    alt = int(ALT.value)
    bound = [view.keys]
    if view.current_section() == "plan" and view.plan_editor.keys.enabled:
        bound.append(view.plan_editor.keys)
    for local in bound:
        for (key, mods) in local.bindings:
            if mods == alt and Qt.Key.Key_A <= key <= Qt.Key.Key_Z:
                keys.append(chr(key).lower())
    return keys


@pytest.mark.parametrize("agreed", [False, True], ids=["draft", "agreed"])
def test_no_two_things_in_the_record_answer_to_one_alt_letter(qtbot, ctx, rich, agreed):
    plan_with_a_goal(ctx, rich, agree=agreed)
    view = open_record(qtbot, ctx, rich.id)
    clashes = {}
    for name in [s.name for s in view.specs]:
        view.show_section(name)
        qtbot.wait(10)
        keys = record_keys(view)
        doubled = sorted({k for k in keys if keys.count(k) > 1})
        if doubled:
            clashes[name] = doubled
    assert clashes == {}


def test_a_sections_letter_wins_over_the_windows_menu(qtbot, ctx, rich):
    """Carers' 'Show &former carers' and the shell's '&File' menu share Alt+F: inside the
    record the record's control is pressed, every time."""
    view = open_record(qtbot, ctx, rich.id)
    view.show_section("carers")
    box = view.section("carers").show_former
    for expected in (True, False, True):
        press(qtbot, Qt.Key.Key_F, ALT)
        qtbot.waitUntil(lambda e=expected: box.isChecked() is e, timeout=1000)
    assert QApplication.activePopupWidget() is None, "the File menu did not open"


def test_ratings_from_goal_progress_show_on_the_goal_in_the_plan_and_back(qtbot, ctx, rich):
    from ui.ratings.rate_goals_dialog import RateGoalsDialog

    plan_with_a_goal(ctx, rich, agree=True)
    view = open_record(qtbot, ctx, rich.id)
    view.show_section("progress")
    panel = view.section("progress")
    panel.rate_goals()
    dialog = panel.dialog
    assert isinstance(dialog, RateGoalsDialog)
    dialog.scores[0].setValue(6)
    dialog.run()
    assert "6 on 22 November 2026" in view.plan_editor.cards[0].rating_text.text()

    view.show_section("plan")
    view.plan_editor.open_rate(view.plan_editor.cards[0])
    dialog = view.plan_editor.dialog
    dialog.scores[0].setValue(8)
    dialog.run()
    view.show_section("progress")
    assert any(label.text().startswith("8 out of 10") for label in panel.findChildren(QLabel))


def test_a_review_started_from_a_discharge_opens_the_new_draft(qtbot, ctx, rich):
    agreed = plan_with_a_goal(ctx, rich, agree=True)
    view = open_record(qtbot, ctx, rich.id)
    view.show_section("activity")
    draft = plans.start_review(ctx, plans.working_plan(ctx, rich.id).id)
    assert draft.id != agreed.id
    view.section("activity").review_started.emit(draft.id)
    assert view.current_section() == "plan"
    assert view.plan_editor.draft is not None and view.plan_editor.draft.plan.number == 2
    assert "Under review" in view.banner.plan_status.text()


def test_a_prevention_goal_added_from_a_lifestyle_check_appears_in_the_plan(qtbot, ctx, rich):
    plan_with_a_goal(ctx, rich, agree=False)
    view = open_record(qtbot, ctx, rich.id)
    assert len(view.plan_editor.cards) == 1
    view.show_section("lifestyle")
    goals.add_goal(ctx, plans.working_plan(ctx, rich.id).id,
                   GoalInput("Stop smoking by the summer", GoalDomain.LIFESTYLE))
    view.section("lifestyle").changed.emit()  # as after 'Add a prevention goal'
    assert [c.goal.person_words for c in view.plan_editor.cards][-1] == \
        "Stop smoking by the summer"


def test_with_no_plan_yet_there_is_nothing_to_print(qtbot, ctx, rich):
    view = open_record(qtbot, ctx, rich.id)
    assert not view.banner.print_button.isEnabled()
    assert "no plan to print" in view.banner.print_button.toolTip()
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert view.dialog is None
    plan_with_a_goal(ctx, rich, agree=False)
    view.reload()
    assert view.banner.print_button.isEnabled(), "a draft prints, with its DRAFT mark"


def test_in_the_main_window_the_record_keys_work_and_escape_in_the_list_stays(qtbot,
                                                                           main_window):
    window = main_window
    person_id = window.caseload.model.row_at(0).person_id
    window.open_person(person_id)
    view = window.record_page.view
    qtbot.waitUntil(lambda: view.isVisible())
    activate(qtbot, window)
    view.setFocus()
    press(qtbot, Qt.Key.Key_G, CTRL)
    assert view.section_list.hasFocus()
    qtbot.keyClicks(view.section_list, "care t")
    assert view.current_section() == "team"
    press(qtbot, Qt.Key.Key_Escape)
    assert window.record_page.view is view, "still in the record"
    assert focus_in(view, "team")
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert view.current_section() == "carers"
    press(qtbot, Qt.Key.Key_Escape)  # outside a text box, Escape is the shell's: back
    assert window.record_page.view is None


# ---- a laptop at 150% ---------------------------------------------------------------------


@pytest.mark.parametrize("agreed", [False, True], ids=["draft", "agreed"])
def test_the_record_fits_the_room_a_laptop_at_150_percent_leaves(qtbot, ctx, rich, agreed):
    """1366x768 at 150% is 911x512 logical pixels; less the shell's screen list, menus and
    bars, the record has about 776x414. Nothing in it may demand more: what does not fit
    wraps or scrolls."""
    plan = plan_with_a_goal(ctx, rich, agree=agreed)
    if not agreed:
        g = goals.add_goal(ctx, plan.id, GoalInput("See my friends at the lunch club",
                                                    GoalDomain.SOCIAL, "01/12/2026",
                                                    "31/05/2027"))
        goals.add_action(ctx, g.id, ActionInput("Book the community transport",
                                                ActionSide.TEAM, OwnerKind.TEAM_MEMBER,
                                                "Jo Bloggs", "01/12/2026", "15/12/2026",
                                                ctx.actor.professional_id))
    people.add_alert(ctx, rich.id, AlertKind.RISK_TO_STAFF, "Visit in pairs: a dog that "
                     "bites, and a relative who has been verbally aggressive to staff.")
    view = open_record(qtbot, ctx, rich.id, menus=False)
    view.host.resize(776, 414)
    for spec in view.specs:
        view.show_section(spec.name)
        qtbot.wait(5)
        need = view.minimumSizeHint()
        assert need.width() <= 776 and need.height() <= 414, (spec.name, need)
        if spec.plugin is not None:
            continue  # other packages' sections scroll sideways if they must
        # The record's own sections scroll down, never sideways.
        for scroll in view._pages[spec.name].findChildren(QScrollArea):
            if scroll.isVisible() and scroll.widget() is not None:
                wide = scroll.widget().minimumSizeHint().width()
                assert wide <= scroll.viewport().width(), (spec.name, wide)
