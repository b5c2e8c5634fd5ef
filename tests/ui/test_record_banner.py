"""The record's banner on a laptop: a long name on one line at full width, the plan and
review beside the record's buttons when there is room, a short header, and nothing cut or
overlapping at 150%."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QMainWindow

from carecoord.domain.enums import AlertKind
from carecoord.services import people, plans, team
from carecoord.services.people import PersonInput
from tests.ui.conftest import activate
from ui.record import forms, record_view
from ui.record.banner import Banner
from ui.record.record_view import PersonRecordView

# The record's share of a 1366x768 screen at 100% and at 150% (910x512 logical pixels),
# less the window's navigation, menu, status bar and the Back bar above the record.
FULL_WIDTH = (1240, 658)
AT_150 = (776, 414)


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    monkeypatch.setattr(forms, "confirm", lambda *a: True)


@pytest.fixture
def douglas(ctx):
    """A long name, a preferred name, a lead, an alert and an overdue review: the most a
    banner has to say."""
    p = people.create_person(ctx, PersonInput("4010232137", "Douglas", "Anderson-Fitzwilliam",
                                              "05/06/1941", preferred_name="Dougie"),
                             lead_professional_id=ctx.actor.professional_id)
    people.add_alert(ctx, p.id, AlertKind.SAFEGUARDING, "Lives with a relative under a "
                                                        "protection order")
    plan = plans.start_draft(ctx, p.id)
    plans.save_content(ctx, plan.id, plans.with_content(plan, what_matters="Home"))
    plans.agree(ctx, plan.id, plans.Agreement("Douglas Anderson-Fitzwilliam", "verbal",
                                              dt.date(2026, 1, 5), ctx.actor.professional_id,
                                              dt.date(2026, 1, 5),
                                              review_date=dt.date(2026, 6, 1)))
    return p


def open_at(qtbot, ctx, person_id: int, size: tuple[int, int]) -> PersonRecordView:
    host = QMainWindow()
    view = PersonRecordView(ctx, person_id)
    host.setCentralWidget(view)
    view.host = host  # held for the test, or Python lets the window go
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    activate(qtbot, host)
    qtbot.wait(20)  # let the banner settle on its lines
    return view


def shown_parts(b: Banner) -> dict[str, QRect]:
    parts = {"name": b.name, "preferred": b.preferred, "facts": b.facts,
             "plan": b.plan_status, "review": b.review, "alerts": b.alerts,
             **{w.accessibleName(): w for w in (b.edit_button, b.print_button,
                                                b.share_button, b.close_button)}}
    return {k: QRect(w.mapTo(b, w.rect().topLeft()), w.size()) for k, w in parts.items()
            if w.isVisible()}


def assert_whole_and_apart(banner: Banner) -> None:
    parts = shown_parts(banner)
    assert len(parts) == 10
    for name, rect in parts.items():
        assert banner.rect().contains(rect), f"{name} runs outside the banner"
    for (a, ra), (b, rb) in combinations(parts.items(), 2):
        assert not ra.intersects(rb), f"{a} and {b} overlap"
    for button in (banner.edit_button, banner.print_button, banner.share_button,
                   banner.close_button):
        assert button.width() >= button.sizeHint().width(), f"{button.text()} is cut short"
        assert button.height() >= button.sizeHint().height(), f"{button.text()} is squashed"
    for label in (banner.facts, banner.alerts, banner.name):
        assert label.height() >= label.heightForWidth(label.width()), "a line is hidden"


def test_a_long_name_stays_on_one_line_and_the_header_is_short(qtbot, ctx, douglas):
    view = open_at(qtbot, ctx, douglas.id, FULL_WIDTH)
    b = view.banner
    assert b.name.text() == "Douglas Anderson-Fitzwilliam"
    assert b.name_line.is_one_line(), "the preferred name sits beside the name"
    assert b.name.height() < 2 * b.name.fontMetrics().lineSpacing(), "the name is not split"
    assert b.review.text().startswith("REVIEW OVERDUE")
    assert b.height() <= 170, f"the banner takes {b.height()} pixels"
    assert_whole_and_apart(view.banner)


def test_with_room_the_buttons_sit_beside_the_plan(qtbot, ctx, person):
    view = open_at(qtbot, ctx, person.id, FULL_WIDTH)
    b = view.banner
    assert b.status_line.is_one_line()
    plan = b.plan_status.mapTo(b, b.plan_status.rect().topLeft())
    close = b.close_button.mapTo(b, b.close_button.rect().topLeft())
    assert abs(plan.y() - close.y()) < b.close_button.height(), "one line"
    assert close.x() + b.close_button.width() > b.width() - 30, "buttons on the right"
    assert b.height() <= 120


def test_at_150_percent_the_banner_fits_and_nothing_is_cut_or_overlaps(qtbot, ctx, douglas):
    view = open_at(qtbot, ctx, douglas.id, AT_150)
    b = view.banner
    need = b.minimumSizeHint()
    assert need.width() <= AT_150[0], f"the banner asks for {need.width()} pixels of width"
    assert need.height() <= AT_150[1] // 2, "the banner leaves half the record for work"
    assert_whole_and_apart(view.banner)


def alone(qtbot, ctx, person_id: int, width: int) -> Banner:
    """The banner by itself at a width narrower than a whole record can be made."""
    banner = Banner(ctx.actor.can_change)
    qtbot.addWidget(banner)
    banner.show_person(people.open_person(ctx, person_id),
                       team.current_lead(ctx, person_id), plans.versions(ctx, person_id),
                       ctx.today())
    banner.show()
    for _ in range(2):  # the lines settle on the width, then the height follows them
        banner.resize(width, banner.layout().totalHeightForWidth(width))
        qtbot.wait(10)
    return banner


def test_at_the_narrowest_each_line_wraps_in_its_own_way(qtbot, ctx, douglas):
    b = alone(qtbot, ctx, douglas.id, 480)
    assert b.minimumSizeHint().width() <= 480
    assert not b.name_line.is_one_line(), "the preferred name goes under the name"
    assert not b.status_line.is_one_line(), "the buttons go under the plan and review"
    assert_whole_and_apart(b)
    b.resize(FULL_WIDTH[0], 200)
    qtbot.waitUntil(b.name_line.is_one_line, timeout=2_000)


def test_a_new_name_finds_its_own_lines_at_the_same_width(qtbot, ctx, person):
    b = alone(qtbot, ctx, person.id, 700)
    assert b.name_line.is_one_line()
    longer = people.update_person(ctx, person.id, PersonInput(
        "943 476 5919", "Annabel-Christabel", "Montgomery-Fitzwilliam-Smythe", "12/03/1940",
        preferred_name="Annie"))
    b.show_person(longer, None, [], ctx.today())
    assert not b.name_line.is_one_line(), "the preferred name moves under a long name"


def test_every_banner_button_is_reached_by_tab_and_by_its_ctrl_key(qtbot, ctx, douglas,
                                                                   monkeypatch):
    edited = []
    monkeypatch.setattr(record_view, "edit_person", lambda *a: edited.append(a) or False)
    view = open_at(qtbot, ctx, douglas.id, AT_150)
    b = view.banner
    buttons = (b.edit_button, b.print_button, b.share_button, b.close_button)
    keys = ("Ctrl+E", "Ctrl+P", "Ctrl+Shift+S", "Ctrl+W")
    for button, key in zip(buttons, keys, strict=True):
        assert button.isEnabled() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert key in button.toolTip(), button.text()
    b.edit_button.setFocus()
    for button in buttons[1:]:
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        assert view.focusWidget() is button
    with qtbot.waitSignal(b.close_requested, timeout=2_000):
        qtbot.keyClick(b.close_button, Qt.Key.Key_Space)

    view.plan_editor.setFocus()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(edited) == 1
    with qtbot.waitSignal(view.closed, timeout=2_000):
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
