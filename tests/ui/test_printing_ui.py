"""Printing from the keyboard: the in-app preview in every layout, alerts kept off the
person's copy, saving and printing (both logged), and batch printing with its progress bar
and Cancel."""

from __future__ import annotations

import hashlib
import threading

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from carecoord.domain.enums import ExportKind
from carecoord.services import people, printing, sharing
from carecoord.services.printing import Layout
from tests.documents.conftest import ALERT_TEXT, build_plan
from tests.ui.test_sharing_ui import Files
from tests.ui.test_team_ui import alt, shown
from ui.printing import printer as printer_mod
from ui.printing.batch_print_dialog import BatchPrintDialog
from ui.printing.preview_dialog import PlanPreviewDialog


@pytest.fixture
def files(monkeypatch):
    return Files(monkeypatch)


@pytest.fixture
def plan(ctx, person):
    return build_plan(ctx, person.id, agree=False)


def pdf_text(document: QPdfDocument) -> str:
    """The words on every page, with line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(document.getAllText(i).text() for i in
                             range(document.pageCount())).split())


def ready(qtbot, dialog: PlanPreviewDialog) -> None:
    """Wait for the first preview to be on screen."""
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.save.isEnabled()
                    and dialog.pdf.status() == QPdfDocument.Status.Ready, timeout=20_000)


def preview(qtbot, ctx, person, runner, **kw) -> PlanPreviewDialog:
    dialog = PlanPreviewDialog(ctx, person.id, runner=runner, person_name="Ann", **kw)
    dialog.resize(1100, 800)
    shown(qtbot, dialog)
    ready(qtbot, dialog)
    return dialog


def choose_layout(qtbot, dialog: PlanPreviewDialog, layout: Layout) -> None:
    alt(qtbot, dialog, Qt.Key.Key_L)
    combo = dialog.layout_choice
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while Layout(combo.currentData()) != layout:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.layout == layout
                    and dialog.pdf.status() == QPdfDocument.Status.Ready, timeout=20_000)


def test_every_layout_loads_into_the_preview_without_the_alerts(qtbot, ctx, person, plan,
                                                                runner):
    dialog = preview(qtbot, ctx, person, runner)
    assert dialog.chosen_layout == Layout.STANDARD
    assert dialog.layout_choice.currentText() == "Standard"  # she asked for nothing else
    assert not dialog.professional.isChecked() and not dialog.alerts.isChecked()
    assert dialog.draft_flag.isVisible() and "DRAFT" in dialog.draft_flag.text()
    pages = {}
    for layout in (Layout.LARGE_PRINT, Layout.EASY_READ, Layout.STANDARD):
        choose_layout(qtbot, dialog, layout)
        assert dialog.pdf.pageCount() > 0
        assert dialog.pdf.pageCount() == dialog.current.rendered.pages
        pages[layout] = dialog.pdf.pageCount()
        text = pdf_text(dialog.pdf)
        assert "943 476 5919" in text
        assert ALERT_TEXT.split(":")[0] not in text
        assert f"{pages[layout]} pages" in dialog.state.text()
    assert pages[Layout.LARGE_PRINT] > pages[Layout.STANDARD]

    alt(qtbot, dialog, Qt.Key.Key_F)  # the professional copy has the alerts
    qtbot.waitUntil(lambda: dialog.current.professional and dialog.pdf.status()
                    == QPdfDocument.Status.Ready, timeout=20_000)
    assert "Dog at the property" in pdf_text(dialog.pdf)
    assert not dialog.alerts.isEnabled()


def test_alerts_reach_the_persons_copy_only_when_ticked(qtbot, ctx, person, plan, runner):
    dialog = preview(qtbot, ctx, person, runner)
    assert not dialog.alerts_flag.isVisible()
    alt(qtbot, dialog, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: dialog.current.doc.alerts_on_patient_copy
                    and dialog.pdf.status() == QPdfDocument.Status.Ready, timeout=20_000)
    assert dialog.alerts_flag.isVisible()
    assert "Dog at the property" in pdf_text(dialog.pdf)
    alt(qtbot, dialog, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not dialog.current.doc.alerts_on_patient_copy
                    and dialog.pdf.status() == QPdfDocument.Status.Ready, timeout=20_000)
    assert "Dog at the property" not in pdf_text(dialog.pdf)


def test_the_preferred_layout_is_chosen_first(qtbot, ctx, person, plan, runner):
    view = people.open_person(ctx, person.id)
    people.update_person(ctx, person.id, people.PersonInput(
        view.nhs_number, view.given_name, view.family_name, view.date_of_birth,
        preferred_name=view.preferred_name, large_print=True), view.version_id)
    dialog = preview(qtbot, ctx, person, runner)
    assert dialog.chosen_layout == Layout.LARGE_PRINT
    assert dialog.layout_choice.currentText() == "Large print (Ann asked for this)"
    assert dialog.current.layout == Layout.LARGE_PRINT


def test_save_writes_the_pdf_and_logs_it(qtbot, ctx, person, plan, runner, files, tmp_path):
    dialog = preview(qtbot, ctx, person, runner)
    files.answer = tmp_path / "ann-plan.pdf"
    alt(qtbot, dialog, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=20_000)
    data = files.answer.read_bytes()
    assert data.startswith(b"%PDF")
    assert "Dog at the property" not in " ".join(
        " ".join((p.extract_text() or "") for p in PdfReader(files.answer).pages).split())
    [line] = sharing.export_log(ctx, person.id)
    assert (line.kind, line.file_name, line.sha256) == (
        ExportKind.PDF, "ann-plan.pdf", hashlib.sha256(data).hexdigest())
    assert "It is in the export log" in dialog.outcome.text()


def test_print_sends_every_page_and_logs_the_print(qtbot, ctx, person, plan, runner,
                                                   monkeypatch, tmp_path):
    printed = tmp_path / "printer-output.pdf"

    def to_file(_parent, _pages):
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(printed))
        return p

    monkeypatch.setattr(printer_mod, "choose_printer", to_file)
    dialog = preview(qtbot, ctx, person, runner)
    alt(qtbot, dialog, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=30_000)
    assert len(PdfReader(printed).pages) == dialog.current.rendered.pages == \
        dialog.printed_pages
    [line] = sharing.export_log(ctx, person.id)
    assert line.kind == ExportKind.PDF and line.file_name.startswith("printed-care-plan-")
    assert not dialog.last_result.path.exists()  # the temporary copy is gone
    assert f"Sent {dialog.printed_pages} pages" in dialog.outcome.text()


def test_the_preview_also_works_without_the_worker_thread(qtbot, ctx, person, plan, files,
                                                          tmp_path):
    dialog = PlanPreviewDialog(ctx, person.id, person_name="Ann")
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.pdf.status() == QPdfDocument.Status.Ready, timeout=10_000)
    assert dialog.pdf.pageCount() == dialog.current.rendered.pages > 0
    files.answer = tmp_path / "inline.pdf"
    alt(qtbot, dialog, Qt.Key.Key_S)
    assert files.answer.exists() and dialog.outcome.isVisible()


def test_letters_the_font_lacks_are_warned_of_in_the_preview_and_after_saving(
        qtbot, ctx, runner, files, tmp_path):
    wang = people.create_person(ctx, people.PersonInput("401 023 2137", "秀英", "Wang",
                                                        "01/02/1945"))
    build_plan(ctx, wang.id)
    dialog = PlanPreviewDialog(ctx, wang.id, runner=runner, person_name="Xiuying")
    shown(qtbot, dialog)
    ready(qtbot, dialog)
    assert dialog.unprintable.isVisible()
    assert "秀" in dialog.unprintable.text() and "英" in dialog.unprintable.text()
    files.answer = tmp_path / "wang.pdf"
    alt(qtbot, dialog, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=20_000)
    assert {"秀", "英"} <= dialog.last_result.unprintable
    assert dialog.unprintable.isVisible()


def test_a_person_with_no_plan_is_told_so(qtbot, ctx, person, runner):
    dialog = PlanPreviewDialog(ctx, person.id, runner=runner, person_name="Ann")
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.waiting.title.text() == "Nothing to print yet",
                    timeout=10_000)
    assert dialog.waiting.body.text().startswith("This person has no care plan to print yet. "
                                                 "Close this window and write the plan")
    assert not dialog.save.isEnabled() and not dialog.print_button.isEnabled()


# ---- batch printing -------------------------------------------------------------------------


@pytest.fixture
def three_with_plans(caseload_people):
    """Bob, Carol and Edith have agreed plans; David has none."""
    return {p.given_name: p.id for p in caseload_people}


def batch(qtbot, ctx, runner, ids, **kw) -> BatchPrintDialog:
    dialog = BatchPrintDialog(ctx, runner, ids, "today's visits", **kw)
    dialog.resize(700, 500)
    return shown(qtbot, dialog)


def test_three_plans_into_one_file_with_progress_to_the_end(qtbot, ctx, runner, files,
                                                            three_with_plans, tmp_path):
    ids = [three_with_plans[n] for n in ("Bob", "Carol", "Edith")]
    dialog = batch(qtbot, ctx, runner, ids)
    assert "NOT encrypted" in dialog.warning.text()
    moves = []
    dialog.relay.moved.connect(lambda done, total: moves.append((done, total)))
    files.answer = tmp_path / "visits.pdf"
    alt(qtbot, dialog, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=30_000)
    assert moves[-1][0] == moves[-1][1] and dialog.progress.value() == 100
    assert [d for d, _t in moves] == sorted(d for d, _t in moves)
    result = dialog.result_value
    assert result.printed == tuple(ids) and not result.cancelled
    assert len(PdfReader(files.answer).pages) == result.pages
    [line] = sharing.export_log(ctx)
    assert line.people_count == 3 and line.sha256 == hashlib.sha256(
        files.answer.read_bytes()).hexdigest()
    assert "Printed 3 plans" in dialog.summary.text()
    assert dialog.cancel_button.text() == "Close"


def test_people_with_nothing_to_print_are_listed(qtbot, ctx, runner, files, three_with_plans,
                                                 tmp_path):
    ids = [three_with_plans["Bob"], three_with_plans["David"]]
    dialog = batch(qtbot, ctx, runner, ids, names={three_with_plans["David"]: "David Brown"})
    alt(qtbot, dialog, Qt.Key.Key_F)  # one file per person, into a folder
    files.answer = tmp_path / "plans"
    files.answer.mkdir()
    alt(qtbot, dialog, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=30_000)
    assert len(list(files.answer.glob("*.pdf"))) == 1
    assert "Skipped 1 person:\n• David Brown: This person has no care plan to print yet." in \
        dialog.summary.text()


def test_cancel_stops_the_batch_and_writes_nothing(qtbot, ctx, runner, files,
                                                   three_with_plans, tmp_path, monkeypatch):
    real = printing.render_batch
    cancel_pressed = threading.Event()

    def held_after_the_first_plan(ctx, ids, out, layout, one_file, progress, cancelled,
                                  professional):
        def report(done, total):
            progress(done, total)
            if done == 1:  # the user presses Cancel while the batch is under way
                cancel_pressed.wait(10)
        return real(ctx, ids, out, layout, one_file, report, cancelled, professional)

    monkeypatch.setattr(printing, "render_batch", held_after_the_first_plan)
    ids = [three_with_plans[n] for n in ("Bob", "Carol", "Edith")]
    dialog = batch(qtbot, ctx, runner, ids)
    files.answer = tmp_path / "visits.pdf"
    alt(qtbot, dialog, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=10_000)
    assert dialog.progress.isVisible() and dialog.progress.value() < 100
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel
    assert dialog.isVisible() and dialog.status.text() == "Stopping…"
    cancel_pressed.set()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=30_000)
    assert dialog.result_value.cancelled
    assert dialog.summary.text() == "Printing was cancelled. Nothing was written."
    assert not files.answer.exists() and list(tmp_path.glob("*.pdf")) == []
    assert sharing.export_log(ctx) == []


def test_tab_goes_down_the_plan_preview_column_in_reading_order(qtbot, ctx, person, plan,
                                                                  runner):
    from PySide6.QtWidgets import QApplication

    dialog = preview(qtbot, ctx, person, runner)
    dialog.layout_choice.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [dialog.layout_choice, dialog.zoom, dialog.professional, dialog.alerts,
                    dialog.save]
