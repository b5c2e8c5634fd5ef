"""The caseload filter panel: filters combine, saved views survive a restart, columns are
chosen, and the view on screen exports as CSV after the warning, logged as an export."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from carecoord.services import caseload
from carecoord.services import caseload_filters as cf
from carecoord.services.caseload_filters import CaseloadFilter
from carecoord.store.models import ExportRecord
from tests.ui.test_team_ui import shown
from ui.filters import caseload_export, filter_panel
from ui.filters.caseload_export import export_current_view
from ui.filters.filter_panel import CaseloadFilterPanel, ColumnChooser


def _panel(qtbot, ctx, settings):
    rows = caseload.load(ctx, audit=False)
    panel = shown(qtbot, CaseloadFilterPanel(ctx, settings))
    panel.set_rows(rows)
    return panel, rows


def test_two_filters_combine(qtbot, ctx, caseload_people, settings):
    panel, rows = _panel(qtbot, ctx, settings)
    with qtbot.waitSignal(panel.changed) as got:
        panel.lead.setCurrentIndex(panel.lead.findData(filter_panel.MINE))
    assert got.args[0] == CaseloadFilter(my_caseload=True)
    with qtbot.waitSignal(panel.changed) as got:
        panel.review.setCurrentIndex(panel.review.findData("overdue"))
    flt = got.args[0]
    assert flt == CaseloadFilter(my_caseload=True, review="overdue")
    extras = cf.FilterExtras(me=ctx.actor.professional_id)
    kept = cf.apply(rows, flt, ctx.today(), extras)
    assert [r.name for r in kept] == ["Bob Jones"]  # mine and overdue; Edith is not mine
    # The lists say how many people each choice has.
    leads = [panel.lead.itemText(i) for i in range(panel.lead.count())]
    assert "Sam Patel (2)" in leads


def test_saved_view_round_trips_through_settings(qtbot, ctx, caseload_people, tmp_path,
                                                  monkeypatch):
    path = str(tmp_path / "views.ini")
    settings = QSettings(path, QSettings.Format.IniFormat)
    panel, _rows = _panel(qtbot, ctx, settings)
    panel.plan.setCurrentIndex(panel.plan.findData("agreed"))
    panel.unplanned.setChecked(True)
    panel.unplanned_days.setValue(30)
    panel.columns = ("family_name", "review_date", "lead_name")
    monkeypatch.setattr(filter_panel, "ask_view_name", lambda _p, _s: "Agreed, recent A&E")
    panel.save_button.click()
    wanted = CaseloadFilter(plan_statuses=("agreed",), unplanned_within_days=30)

    again, _ = _panel(qtbot, ctx, QSettings(path, QSettings.Format.IniFormat))
    names = [again.view_box.itemText(i) for i in range(again.view_box.count())]
    assert names == ["Everyone (no filters)", "My caseload (built in)",
                     "Overdue reviews (built in)", "Agreed, recent A&E"]
    again.view_box.setCurrentIndex(3)
    with qtbot.waitSignal(again.changed) as got:
        again.view_box.activated.emit(3)
    assert got.args[0] == wanted
    assert again.columns == ("family_name", "review_date", "lead_name")
    assert again.plan.currentData() == "agreed" and again.unplanned_days.value() == 30
    # Built-in: overdue reviews.
    with qtbot.waitSignal(again.changed) as got:
        again.view_box.setCurrentIndex(2)
        again.view_box.activated.emit(2)
    assert got.args[0] == CaseloadFilter(review="overdue")


def test_column_chooser_keeps_the_name_and_the_order(qtbot):
    dialog = ColumnChooser(("family_name", "nhs_number", "plan_status"))
    qtbot.addWidget(dialog)
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # NHS number off
    dialog.list.setCurrentRow(2)
    dialog.move(-1)  # plan before NHS number
    assert dialog.chosen() == ("family_name", "plan_status")
    dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)  # cannot untick the name
    assert dialog.chosen()[0] == "family_name"


def test_csv_export_of_the_view_after_the_warning_is_logged(qtbot, ctx, caseload_people,
                                                            runner, tmp_path, monkeypatch):
    rows = caseload.load(ctx, audit=False)
    shown_rows = cf.apply(rows, CaseloadFilter(review="due_or_overdue"), ctx.today())
    assert len(shown_rows) == 2
    target = tmp_path / "view.csv"
    monkeypatch.setattr(caseload_export, "save_csv_path", lambda _p, _s: target)
    done = []
    box = export_current_view(ctx, runner, shown_rows, ("family_name", "nhs_number"), None,
                              on_done=done.append)
    assert "NOT encrypted" in box.text() and "2 people" in box.text()
    go = next(b for b in box.buttons()
              if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    go.click()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "NHS number,Family name" and len(lines) == 3
    with ctx.store.engine.connect() as conn:
        logged = conn.execute(select(ExportRecord.file_name, ExportRecord.people_count,
                                     ExportRecord.detail)).all()
    assert ("view.csv", 2, "caseload view") in logged


def test_cancel_at_the_warning_writes_nothing(qtbot, ctx, caseload_people, runner, tmp_path,
                                              monkeypatch):
    asked = []
    monkeypatch.setattr(caseload_export, "save_csv_path", lambda *_a: asked.append(1))
    box = export_current_view(ctx, runner, caseload.load(ctx, audit=False), None, None)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert asked == []
    assert not list(tmp_path.glob("*.csv"))


def test_no_plan_is_a_plan_status_of_its_own(qtbot, ctx, caseload_people, settings):
    """"No plan" once read as "not recorded" and every later filter change failed."""
    panel, rows = _panel(qtbot, ctx, settings)
    with qtbot.waitSignal(panel.changed) as got:
        panel.plan.setCurrentIndex(panel.plan.findData(caseload.NO_PLAN))
    flt = got.args[0]
    assert flt == CaseloadFilter(plan_statuses=(caseload.NO_PLAN,))
    kept = cf.apply(rows, flt, ctx.today(), cf.FilterExtras(me=ctx.actor.professional_id))
    assert kept and all(r.plan_status == caseload.NO_PLAN for r in kept)
    panel.set_filter(flt)  # a saved view with it comes back as it was
    assert panel.plan.currentData() == caseload.NO_PLAN
