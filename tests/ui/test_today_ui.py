"""Today: my items grouped, most pressing first; groups fold from the keyboard and stay as
they were left; long groups show their first few; Enter opens the person at the right
section; a calm summary; and an honest empty state."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from carecoord.domain.enums import AppointmentMode
from carecoord.services import appointments, referrals, tasks, team
from carecoord.services.today import GROUP_ORDER
from tests.ui.test_team_ui import shown
from ui.team import widgets as w
from ui.today.inbox_tree import GROUPS, ITEM_ROLE, SHOW_ALL_ROLE
from ui.today.today_screen import TodayScreen

TODAY = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)


def _loaded(qtbot, ctx, runner) -> TodayScreen:
    screen = shown(qtbot, TodayScreen(ctx, runner))
    _refresh(qtbot, screen)
    return screen


def _refresh(qtbot, screen: TodayScreen) -> None:
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.refresh()


def _rows(heading) -> list[str]:
    return [heading.child(i).text(0) for i in range(heading.childCount())]


def _press(qtbot, screen, key) -> None:
    qtbot.keyClick(screen.tree, key)


def test_groups_follow_the_service_order():
    assert tuple(g.attr for g in GROUPS) == GROUP_ORDER


def test_items_are_grouped_and_enter_opens_the_right_section(qtbot, ctx, runner,
                                                             caseload_people):
    bob = caseload_people[1]  # led by me, review overdue since 1 June 2026
    ann = caseload_people[0]
    tasks.create_task(ctx, ctx.actor.professional_id, "Ring the pharmacy", None,
                      "21/11/2026", ann.id)
    screen = _loaded(qtbot, ctx, runner)
    assert "Sunday 22 November 2026" in screen.title.text()
    groups = screen.tree.headings()
    reviews = groups["reviews"]
    assert reviews.text(0) == "Care plan reviews due or overdue (2)"
    assert [reviews.child(0).text(c) for c in range(3)] == [
        "Bob Jones", "Overdue since 1 Jun", "Care plan review"]
    assert reviews.child(1).text(0) == "Carol Taylor"
    task_group = groups["tasks"]
    assert task_group.text(0) == "Tasks due (1)"
    assert [task_group.child(0).text(c) for c in range(3)] == [
        "Ann Smith", "Overdue since 21 Nov", "Ring the pharmacy"]
    assert groups["appointments"].text(0) == "Appointments today: none"

    screen.tree.setFocus()
    screen.tree.setCurrentItem(reviews.child(0))
    with qtbot.waitSignal(screen.open_person) as opened:
        _press(qtbot, screen, Qt.Key.Key_Return)
    assert opened.args == [bob.id, "plan"]
    screen.tree.setCurrentItem(task_group.child(0))
    with qtbot.waitSignal(screen.open_person) as opened:
        _press(qtbot, screen, Qt.Key.Key_Return)
    assert opened.args == [ann.id, "tasks"]
    # A group heading opens nothing: Enter folds it.
    screen.tree.setCurrentItem(reviews)
    with qtbot.assertNotEmitted(screen.open_person):
        _press(qtbot, screen, Qt.Key.Key_Return)
    assert not reviews.isExpanded()


def test_todays_appointments_come_first_and_the_first_is_current(qtbot, ctx, runner,
                                                                 caseload_people):
    ann = caseload_people[0]
    me = ctx.actor.professional_id
    for hour in (14, 9):
        appointments.book(ctx, ann.id, appointments.AppointmentInput(
            AppointmentMode.HOME_VISIT, dt.datetime.combine(TODAY, dt.time(hour)), 30,
            "Care coordination", place="Home", professional_id=me))
    screen = _loaded(qtbot, ctx, runner)
    first = screen.tree.topLevelItem(0)
    assert first.text(0) == "Appointments today (2)"
    assert [first.child(i).text(1) for i in range(2)] == ["09:00–09:30", "14:00–14:30"]
    assert first.child(0).text(2) == "Care coordination (home visit)"
    assert screen.tree.currentItem() is first.child(0)
    screen.tree.setFocus()
    with qtbot.waitSignal(screen.open_person) as opened:
        _press(qtbot, screen, Qt.Key.Key_Enter)
    assert opened.args == [ann.id, "appointments"]


def test_the_summary_is_calm_and_only_urgent_waits_are_red(qtbot, ctx, runner,
                                                           caseload_people):
    ann = caseload_people[0]
    for service, urgency, days in (("Two-week wait: Suspected lung cancer", "two_week_wait", 41),
                                   ("Social prescribing", "routine", 90)):
        referrals.record_referral(ctx, ann.id, referrals.ReferralInput(
            service, "A reason", urgency, TODAY - days * DAY))
    tasks.create_task(ctx, ctx.actor.professional_id, "Ring the pharmacy", None,
                      "21/11/2026", ann.id)
    screen = _loaded(qtbot, ctx, runner)
    assert screen.summary_text == (
        "No appointments today · 1 urgent referral wait · 1 routine referral wait · "
        "1 task due · 1 review overdue")
    red = w.TONES["red"][1]
    html = screen.summary.text()
    assert html.count(red) == 1 and f'color:{red}">1&nbsp;urgent&nbsp;referral' in html

    waits = screen.tree.headings()["referrals"]
    assert waits.text(0) == "Referrals waiting too long (2, 1 urgent)"
    assert [(waits.child(i).text(1), waits.child(i).text(2)) for i in range(2)] == [
        ("Waiting 41 days", "Two-week wait referral: Suspected lung cancer"),
        ("Waiting 90 days", "Routine referral: Social prescribing")]

    def tinted(row) -> bool:
        return row.background(1).color() == QColor(w.TONES["red"][0])

    overdue_task = screen.tree.headings()["tasks"].child(0)
    overdue_review = screen.tree.headings()["reviews"].child(0)
    assert tinted(waits.child(0))
    assert not any(tinted(r) for r in (waits.child(1), overdue_task, overdue_review))


def test_groups_fold_from_the_keyboard_and_stay_folded_for_the_session(qtbot, ctx, runner,
                                                                       caseload_people):
    screen = _loaded(qtbot, ctx, runner)
    tree = screen.tree
    reviews = tree.headings()["reviews"]
    tree.setFocus()
    tree.setCurrentItem(reviews.child(0))
    _press(qtbot, screen, Qt.Key.Key_Left)  # from an item, Left goes up to its heading...
    assert tree.currentItem() is reviews and reviews.isExpanded()
    _press(qtbot, screen, Qt.Key.Key_Left)  # ...and on the heading it folds the group
    assert not reviews.isExpanded()
    _press(qtbot, screen, Qt.Key.Key_Right)
    assert reviews.isExpanded()
    _press(qtbot, screen, Qt.Key.Key_Space)
    assert not reviews.isExpanded()

    _refresh(qtbot, screen)  # as when Today is shown again
    reviews = tree.headings()["reviews"]
    assert not reviews.isExpanded()
    assert tree.currentItem() is reviews  # where I was
    assert tree.headings()["tasks"].isExpanded()
    _press(qtbot, screen, Qt.Key.Key_Return)
    assert reviews.isExpanded()
    _refresh(qtbot, screen)
    assert tree.headings()["reviews"].isExpanded()


def test_a_long_group_shows_its_first_few_and_enter_shows_the_rest(qtbot, ctx, runner,
                                                                   caseload_people):
    ann = caseload_people[0]
    for n in range(9):
        tasks.create_task(ctx, ctx.actor.professional_id, f"Task {n + 1}", None,
                          TODAY - (9 - n) * DAY, ann.id)
    screen = _loaded(qtbot, ctx, runner)
    tree = screen.tree
    group = tree.headings()["tasks"]
    assert group.text(0) == "Tasks due (9)"
    more = group.child(group.childCount() - 1)
    assert _rows(group)[-1] == "Show all 9 tasks (4 more)"
    assert [group.child(i).text(2) for i in range(5)] == [f"Task {n}" for n in range(1, 6)]
    assert more.data(0, SHOW_ALL_ROLE) == "tasks" and more.data(0, ITEM_ROLE) is None

    tree.setFocus()
    tree.setCurrentItem(more)
    with qtbot.assertNotEmitted(screen.open_person):
        _press(qtbot, screen, Qt.Key.Key_Return)
    assert [group.child(i).text(2) for i in range(group.childCount())] == [
        f"Task {n}" for n in range(1, 10)]
    assert tree.currentItem() is group.child(5)  # the first of those just shown

    _refresh(qtbot, screen)
    assert tree.headings()["tasks"].childCount() == 9  # still shown whole
    assert tree.currentItem().text(2) == "Task 6"


def test_a_double_click_on_show_all_opens_nothing(qtbot, ctx, runner, caseload_people):
    ann = caseload_people[0]
    for n in range(9):
        tasks.create_task(ctx, ctx.actor.professional_id, f"Task {n + 1}", None, TODAY, ann.id)
    screen = _loaded(qtbot, ctx, runner)
    tree = screen.tree
    group = tree.headings()["tasks"]
    more = group.child(group.childCount() - 1)
    tree.scrollToItem(more)
    where = tree.visualItemRect(more).center()
    with qtbot.assertNotEmitted(screen.open_person):  # a click, then the double-click
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert group.childCount() == 9 and group.child(5).text(2) == "Task 6"


def test_what_never_repeats_when_on_screen(qtbot, ctx, runner, caseload_people):
    ann = caseload_people[0]
    tasks.create_task(ctx, ctx.actor.professional_id, "Ring the pharmacy", None, TODAY, ann.id)
    referrals.record_referral(ctx, ann.id, referrals.ReferralInput(
        "Memory clinic", "Forgetting", "urgent", TODAY - 50 * DAY))
    screen = _loaded(qtbot, ctx, runner)
    rows = [h.child(i) for h in screen.tree.headings().values() for i in range(h.childCount())]
    assert len(rows) == 4
    for row in rows:
        item = row.data(0, ITEM_ROLE)
        day = item.when.date() if isinstance(item.when, dt.datetime) else item.when
        assert row.text(1) == item.when_text and row.text(2) == item.text
        for written in (f"{day.day} {day:%B}", f"{day.day} {day:%b}", "today", "overdue"):
            assert written not in row.text(2).lower(), row.text(2)


def test_nothing_due_says_so_honestly(qtbot, ctx, runner, person):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id, on=dt.date(2025, 1, 1))
    screen = _loaded(qtbot, ctx, runner)
    assert screen.stack.currentWidget() is screen.empty
    assert screen.empty.title.text() == "Nothing due today"
    assert "No reviews due in the next 14 days." in screen.empty.body.text()
    assert "No appointments today." in screen.empty.body.text()


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    def lum(colour: str) -> float:
        c = QColor(colour)
        parts = [v / 255 for v in (c.red(), c.green(), c.blue())]
        r, g, b = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in parts]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_current_row_looks_different_with_the_keyboard_on_the_list(qtbot, ctx, runner,
                                                                       caseload_people):
    from PySide6.QtWidgets import QApplication

    from tests.ui.conftest import activate
    from ui.today.inbox_tree import FOCUS_FRAME, FOCUSED_ROW, RESTING_ROW

    screen = _loaded(qtbot, ctx, runner)
    activate(qtbot, screen)
    tree = screen.tree
    row = tree.visualItemRect(tree.currentItem())
    spot = (tree.columnViewportPosition(2) + tree.columnWidth(2) - 8, row.center().y())

    def colour_at_current_row() -> str:
        QApplication.processEvents()
        return tree.viewport().grab().toImage().pixelColor(*spot).name()

    screen.refresh_button.setFocus()
    assert not tree.hasFocus()
    resting = colour_at_current_row()
    screen.focus_list()
    assert tree.hasFocus()
    focused = colour_at_current_row()
    assert focused == FOCUSED_ROW[0] and resting == RESTING_ROW[0]
    base = tree.palette().color(tree.palette().ColorRole.Base).name()
    alternate = tree.palette().color(tree.palette().ColorRole.AlternateBase).name()
    for bg, fg in (FOCUSED_ROW, RESTING_ROW):
        assert _contrast(bg, fg) >= 4.5, (bg, fg)
    for next_to in (base, alternate):
        assert _contrast(FOCUS_FRAME, next_to) >= 3
    # Above the plain rows the current one stands out without the keyboard too.
    assert _contrast(RESTING_ROW[0], base) >= 1.2
    frame_y = row.top() + 1
    frame = tree.viewport().grab().toImage().pixelColor(spot[0], frame_y).name()
    assert frame == FOCUS_FRAME, "a dark frame round the current row with the keyboard"
