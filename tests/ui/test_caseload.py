"""The caseload as a user meets it: type to search, click a heading to sort, Enter to open."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt

from carecoord.services import caseload
from carecoord.services.caseload import CaseloadRow
from ui.caseload.model import (
    COLUMNS,
    NAME,
    REVIEW,
    REVIEW_ANY,
    REVIEW_DUE_SOON,
    REVIEW_OVERDUE,
    CaseloadModel,
    by_name,
    first_key_matches,
    prepare,
    review_mark,
)
from ui.caseload.summary import CaseloadSummary
from ui.main_window import CASELOAD


def names(window) -> list[str]:
    model = window.caseload.model
    return [model.row_at(i).name for i in range(model.rowCount())]


def test_everyone_shows_all_people_and_the_count(main_window, qtbot):
    screen = main_window.caseload
    assert main_window.nav.currentRow() == CASELOAD
    # My caseload first: Ann, Bob and Carol have the signed-in user as lead.
    assert sorted(names(main_window)) == ["Ann Smith", "Bob Jones", "Carol Taylor"]
    assert screen.count_label.text() == "3 people"
    qtbot.mouseClick(screen.everyone, Qt.MouseButton.LeftButton)
    assert len(names(main_window)) == 5
    assert screen.count_label.text() == "5 people"


def test_typing_a_name_filters_as_you_type(main_window, qtbot):
    screen = main_window.caseload
    screen.everyone.setChecked(True)
    screen.search.setFocus()
    qtbot.keyClicks(screen.search, "tay")
    assert names(main_window) == ["Carol Taylor"]
    assert screen.count_label.text() == "1 of 5 people"
    qtbot.keyClick(screen.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(screen.search, Qt.Key.Key_Backspace)
    assert screen.search.text() == "t"
    assert "Carol Taylor" in names(main_window) and len(names(main_window)) < 5
    # A preferred name counts too: Ann Smith prefers Annie.
    screen.search.clear()
    qtbot.keyClicks(screen.search, "annie")
    assert names(main_window) == ["Ann Smith"]


def test_part_of_an_nhs_number_with_spaces(main_window, qtbot):
    screen = main_window.caseload
    screen.everyone.setChecked(True)
    qtbot.keyClicks(screen.search, "943 476")
    assert names(main_window) == ["Ann Smith"]
    assert screen.count_label.text() == "1 of 5 people"
    assert screen.model.index(0, 1).data() == "943 476 5919"


def test_nobody_matches_says_so_and_escape_clears(main_window, qtbot):
    screen = main_window.caseload
    qtbot.keyClicks(screen.search, "zzz")
    assert screen.stack.currentWidget() is screen.no_match
    assert "zzz" in screen.no_match.title.text()
    assert screen.count_label.text() == "0 of 3 people"
    qtbot.keyClick(screen.search, Qt.Key.Key_Escape)
    assert screen.search.text() == ""
    assert screen.stack.currentWidget() is screen.table


def test_clicking_a_heading_sorts_and_again_reverses(main_window, qtbot):
    screen = main_window.caseload
    screen.everyone.setChecked(True)
    header = screen.table.horizontalHeader()
    assert names(main_window) == ["David Brown", "Bob Jones", "Ann Smith", "Carol Taylor",
                                  "Edith Williams"]

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))

    click(REVIEW)
    reviews = [screen.model.row_at(i).review_date for i in range(5)]
    assert reviews[:3] == [dt.date(2026, 6, 1), dt.date(2026, 11, 30), dt.date(2027, 5, 1)]
    assert reviews[3:] == [None, None]  # people with no review date go last
    click(REVIEW)
    reviews = [screen.model.row_at(i).review_date for i in range(5)]
    assert reviews[:3] == [dt.date(2027, 5, 1), dt.date(2026, 11, 30), dt.date(2026, 6, 1)]
    click(NAME)
    assert names(main_window)[0] == "David Brown"
    click(NAME)
    assert names(main_window)[0] == "Edith Williams"


def test_review_marks_say_due_or_overdue_in_words(main_window):
    model = main_window.caseload.model
    by_name = {model.row_at(i).name: model.index(i, REVIEW) for i in range(model.rowCount())}
    assert by_name["Bob Jones"].data() == "1 Jun 2026, overdue"
    assert by_name["Carol Taylor"].data() == "30 Nov 2026, due in 8 days"
    assert by_name["Bob Jones"].data(Qt.ItemDataRole.BackgroundRole) is not None
    assert by_name["Ann Smith"].data() == ""


def test_showing_overdue_reviews_opens_caseload_filtered(main_window, qtbot):
    main_window.go_to(0)
    main_window.show_reviews(REVIEW_OVERDUE, False)
    assert main_window.nav.currentRow() == CASELOAD
    assert main_window.caseload.review.currentData() == REVIEW_OVERDUE
    assert names(main_window) == ["Bob Jones"]


def test_enter_opens_the_selected_person(main_window, qtbot):
    opened = []
    main_window.caseload.open_person.disconnect()
    main_window.caseload.open_person.connect(opened.append)
    screen = main_window.caseload
    qtbot.keyClicks(screen.search, "smith")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)  # one match: Enter opens it
    assert opened == [caseload_id(main_window, "Ann Smith")]
    screen.search.clear()
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)  # to the table, first row selected
    assert screen.table.hasFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened[-1] == screen.model.row_at(1).person_id


def caseload_id(window, name: str) -> int:
    model = window.caseload.model
    return next(model.row_at(i).person_id for i in range(model.rowCount())
                if model.row_at(i).name == name)


def test_empty_store_explains_how_to_add_a_person(qtbot, ctx, runner, prefs, settings):
    from ui.main_window import MainWindow

    window = MainWindow(ctx, runner, prefs, settings)
    qtbot.addWidget(window)
    window.start()
    qtbot.waitUntil(lambda: window.caseload.model.loaded)
    screen = window.caseload
    assert screen.stack.currentWidget() is screen.empty_store
    assert "New person" in screen.empty_store.body.text()
    assert screen.count_label.text() == "0 people"
    asked = []
    screen.new_person_requested.disconnect()  # the real dialog is the record's to test
    screen.new_person_requested.connect(lambda: asked.append(True))
    qtbot.mouseClick(screen.empty_store.buttons[0], Qt.MouseButton.LeftButton)
    assert asked == [True]


def test_model_keeps_sort_while_searching(qapp):
    rows = [CaseloadRow(i, f"94347659{i:02d}", fam, giv, None, dt.date(1950, 1, 1), None, None,
                        None, 1, "Lead", "none", None, None, "active",
                        f"{giv} {fam} 94347659{i:02d}".lower())
            for i, (giv, fam) in enumerate([("Ann", "Smith"), ("Al", "Adams"), ("Sue", "Smyth")])]
    model = CaseloadModel(lambda: dt.date(2026, 11, 22))
    model.set_rows(rows)
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    model.set_search("sm")
    assert [model.row_at(i).family_name for i in range(model.rowCount())] == ["Smyth", "Smith"]
    model.set_search("smi")  # narrows what is shown
    assert model.rowCount() == 1
    model.set_search("s")  # widens again from everyone
    assert [model.row_at(i).family_name for i in range(model.rowCount())] == [
        "Smyth", "Smith", "Adams"]


# ---- the model's caches never change what is shown ----------------------------------------

GIVEN = ["Ann", "Annie", "Bob", "Sam", "Samira", "Tom", "Winifred", "Zoë"]
FAMILY = ["Smith", "Smyth", "Jones", "Adams", "Thomas", "O'Neill"]


def fake_rows() -> list[CaseloadRow]:
    rows = []
    for i in range(40):
        giv, fam = GIVEN[i % len(GIVEN)], FAMILY[(i * 7) % len(FAMILY)]
        nhs = f"9434765{i:03d}"
        pref = "Sammy" if giv == "Samira" and i % 2 else None
        status = ("none", "draft", "agreed", "under_review")[i % 4]
        review = (dt.date(2026, 11, 22) + dt.timedelta(days=(i * 5) % 60 - 20)
                  if status in ("agreed", "under_review") else None)
        rows.append(CaseloadRow(i + 1, nhs, fam, giv, pref, dt.date(1940, 1, 1 + i % 28),
                                None, None, None, i % 3 or None, f"Lead {i % 3}", status,
                                review, None, "active",
                                " ".join(filter(None, (giv, pref, fam, nhs))).lower()))
    return rows


OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("type"), st.sampled_from(list("asmithoney 9437650") + ["ë"])),
    st.tuples(st.just("back"), st.just(None)),
    st.tuples(st.just("sort"), st.tuples(st.integers(0, len(COLUMNS) - 1), st.booleans())),
    st.tuples(st.just("lead"), st.sampled_from([None, 1, 2])),
    st.tuples(st.just("review"), st.sampled_from([REVIEW_ANY, REVIEW_OVERDUE,
                                                   REVIEW_DUE_SOON])),
), max_size=30)


@settings(max_examples=150, deadline=None)
@given(operations=OPERATIONS, prepared=st.booleans())
def test_model_always_shows_what_caseload_search_finds(qapp, operations, prepared):
    rows = by_name(fake_rows())
    today = dt.date(2026, 11, 22)
    model = CaseloadModel(lambda: today)
    model.set_rows(rows)
    if prepared:
        model.adopt(model.all_rows, prepare(model.all_rows))
    text, column, descending, lead, review = "", NAME, False, None, REVIEW_ANY
    for op, arg in operations:
        if op == "type":
            text += arg
            model.set_search(text)
        elif op == "back":
            text = text[:-1]
            model.set_search(text)
        elif op == "sort":
            column, descending = arg
            model.sort(column, Qt.SortOrder.DescendingOrder if descending
                       else Qt.SortOrder.AscendingOrder)
        elif op == "lead":
            lead = arg
            model.set_lead(lead)
        else:
            review = arg
            model.set_review_filter(review)
        expected = caseload.sort_rows(rows, COLUMNS[column].field, descending)
        expected = [r for r in expected if lead is None or r.lead_id == lead]
        if review == REVIEW_OVERDUE:
            expected = [r for r in expected if review_mark(r, today) == "overdue"]
        elif review == REVIEW_DUE_SOON:
            expected = [r for r in expected if review_mark(r, today) in ("due_7", "due_14")]
        expected = caseload.search(expected, text)
        shown = [model.row_at(i).person_id for i in range(model.rowCount())]
        assert shown == [r.person_id for r in expected], (op, arg, text)


def test_first_keystroke_table_agrees_with_caseload_search():
    rows = fake_rows()
    table = first_key_matches(rows)
    for ch, ids in table.items():
        assert ids == {r.person_id for r in caseload.search(rows, ch)}, ch


def test_my_own_people_show_first_and_everyone_follows(qtbot, ctx, caseload_people, runner):
    """Start-up shows the lead's own people from one quick query; everyone else arrives
    after. Until then a wider view waits rather than showing a short list as the whole."""
    from ui.caseload.view import CaseloadScreen

    screen = CaseloadScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    screen._loading = True  # as load() leaves it while both reads are on the worker
    mine = by_name(caseload.load(ctx, caseload.CaseloadQuery(ctx.actor.professional_id)))
    screen._own_loaded(mine)
    model = screen.model
    assert model.partial and not model.loaded
    assert sorted(model.row_at(i).name for i in range(model.rowCount())) == [
        "Ann Smith", "Bob Jones", "Carol Taylor"]
    assert screen.stack.currentWidget() is screen.table
    assert screen.count_label.text() == "3 people"
    screen.table.setCurrentIndex(model.index(1, NAME))
    chosen = model.row_at(1).person_id

    screen.everyone.setChecked(True)  # not all here yet: wait, say nothing wrong
    assert screen.stack.currentWidget() is screen.loading
    assert screen.count_label.text() == ""
    screen.mine.setChecked(True)
    screen.table.setCurrentIndex(model.index(1, NAME))

    reset = []
    model.modelReset.connect(lambda: reset.append(True))
    everyone = by_name(caseload.load(ctx))
    screen._loaded((everyone, CaseloadSummary(), {}))
    assert model.loaded and not model.partial
    assert reset == []  # the same people on show: refreshed in place, selection kept
    assert screen.selected_person() == chosen
    screen.everyone.setChecked(True)
    assert screen.stack.currentWidget() is screen.table
    assert screen.count_label.text() == "5 people"
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_a_lead_with_no_people_yet_waits_for_everyone_before_saying_so(qtbot, ctx, person,
                                                                        runner):
    from ui.caseload.view import CaseloadScreen

    screen = CaseloadScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen._loading = True
    screen._own_loaded([])
    assert screen.stack.currentWidget() is screen.loading  # not "nobody is in CareCoord"
    screen._loaded((by_name(caseload.load(ctx)), CaseloadSummary(), {}))
    assert screen.stack.currentWidget() is screen.nobody_mine
    assert screen.nobody_mine.body.text().startswith("There is 1 person in the store, but you")
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_a_reload_asked_for_during_a_load_is_done_after_it(qtbot, ctx, caseload_people,
                                                          runner):
    """A person added while the rows were being read must not stay missing."""
    from carecoord.services import people
    from carecoord.services.people import PersonInput
    from ui.caseload.view import CaseloadScreen

    screen = CaseloadScreen(ctx, runner)
    qtbot.addWidget(screen)
    stale = by_name(caseload.load(ctx))  # what the load in flight read
    screen._loading = True
    screen.load(audit=False)  # the record changed meanwhile and asks for a reload
    screen.load(audit=True)  # and the user pressed F5: that is a view, to be audited
    added = people.create_person(ctx, PersonInput("401 023 2137", "Cara", "Ndlovu",
                                                  "05/06/1961"))
    views = _caseload_views(ctx)
    screen._loaded((stale, CaseloadSummary(), {}))
    qtbot.waitUntil(lambda: runner.idle and not screen._loading, timeout=10_000)
    assert added.id in {r.person_id for r in screen.model.all_rows}
    assert _caseload_views(ctx) == views + 1


def _caseload_views(ctx) -> int:
    from sqlalchemy import func, select

    from carecoord.store.models import AuditEvent

    with ctx.store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "view", AuditEvent.entity == "caseload"))


def test_choosing_another_lead_in_more_filters_shows_everyone_of_theirs(qtbot, main_window):
    """My caseload and a lead chosen in the panel once combined into 'nobody', with the
    message that I lead nobody."""
    from ui.filters.filter_panel import MINE

    screen = main_window.caseload
    assert screen.mine.isChecked()
    screen.more_button.setChecked(True)
    panel = screen.more
    sam = next(panel.lead.itemData(i) for i in range(panel.lead.count())
               if panel.lead.itemText(i).startswith("Sam Patel"))
    panel.lead.setCurrentIndex(panel.lead.findData(sam))
    qtbot.waitUntil(lambda: screen.everyone.isChecked(), timeout=5_000)
    assert sorted(names(main_window)) == ["David Brown", "Edith Williams"]
    assert screen.stack.currentWidget() is screen.table
    panel.lead.setCurrentIndex(panel.lead.findData(MINE))
    qtbot.waitUntil(lambda: screen.mine.isChecked(), timeout=5_000)


def test_sorting_from_the_keyboard_and_the_heading_agree(qtbot, main_window):
    screen = main_window.caseload
    screen.everyone.setChecked(True)
    qtbot.keyClick(screen, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert screen.sort_box.hasFocus()
    wanted = screen.sort_box.findText("Name, Z to A")
    screen.sort_box.setCurrentIndex(wanted)
    screen.sort_box.activated.emit(wanted)  # as Enter on the open list does
    assert names(main_window)[0] == "Edith Williams"  # family names, Z to A
    assert screen.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    screen.table.sortByColumn(REVIEW, Qt.SortOrder.AscendingOrder)  # a heading clicked
    assert screen.sort_box.currentText() == "Review due, soonest first"
