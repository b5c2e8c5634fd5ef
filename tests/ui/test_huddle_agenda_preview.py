"""Print agenda… opens the same in-app preview as a care plan: nothing is written until Save
or Print is pressed there, the file saved is the one previewed, and both are in the export
log as a saved agenda always was."""

from __future__ import annotations

import hashlib

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from carecoord.domain.enums import ExportKind
from carecoord.services import huddle, sharing
from tests.ui.conftest import huddle_on_screen
from tests.ui.test_printing_ui import pdf_text
from tests.ui.test_sharing_ui import Files
from tests.ui.test_team_ui import activate, alt
from ui.huddle.agenda_preview import AgendaPreviewDialog
from ui.printing import printer as printer_mod
from ui.printing.pdf_preview import PdfPreviewDialog


@pytest.fixture
def view(qtbot, ctx, person, runner):
    return huddle_on_screen(qtbot, ctx, runner, person.id)


def previewed(qtbot, view) -> AgendaPreviewDialog:
    alt(qtbot, view, Qt.Key.Key_D)  # Print agen&da…
    qtbot.waitUntil(lambda: view.preview is not None and view.preview.isVisible(),
                    timeout=2_000)
    dialog = view.preview
    qtbot.waitUntil(lambda: dialog.save.isEnabled()
                    and dialog.pdf.status() == QPdfDocument.Status.Ready, timeout=20_000)
    activate(qtbot, dialog)
    return dialog


def test_the_agenda_is_previewed_before_anything_is_written(qtbot, ctx, view, monkeypatch,
                                                              tmp_path):
    files = Files(monkeypatch)
    view.notes.setPlainText("Daughter to ring the GP")
    dialog = previewed(qtbot, view)
    assert isinstance(dialog, PdfPreviewDialog)  # the plans' preview, not a copy of it
    assert files.asked == [] and sharing.export_log(ctx) == []
    text = pdf_text(dialog.pdf)
    assert "Ann Smith" in text and "Fell twice this month" in text
    assert "Daughter to ring the GP" in text  # the notes were saved before rendering
    assert dialog.state.text() == f"1 person, {dialog.pdf.pageCount()} page."

    files.answer = tmp_path / "agenda"  # ".pdf" is added
    alt(qtbot, dialog, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=20_000)
    saved = tmp_path / "agenda.pdf"
    assert files.asked == ["Save the huddle agenda"]
    assert saved.read_bytes() == dialog.pdf_bytes  # what was seen is what was saved
    [line] = sharing.export_log(ctx)
    assert (line.kind, line.file_name, line.people_count, line.detail) == (
        ExportKind.PDF, "agenda.pdf", 1, "huddle agenda 2026-11-22")
    assert line.sha256 == hashlib.sha256(saved.read_bytes()).hexdigest()
    assert "It is in the export log" in dialog.outcome.text()
    assert view.printed_to == saved and "Agenda saved as agenda.pdf." in view.outcomes.text()


def test_printing_from_the_preview_sends_every_page_and_is_logged(qtbot, ctx, view,
                                                                  monkeypatch, tmp_path):
    printed = tmp_path / "printer-output.pdf"
    asked = []

    def to_file(_parent, pages, title="Print the care plan"):
        asked.append((pages, title))
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(printed))
        return p

    monkeypatch.setattr(printer_mod, "choose_printer", to_file)
    dialog = previewed(qtbot, view)
    alt(qtbot, dialog, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=30_000)
    assert asked == [(dialog.pdf.pageCount(), "Print the huddle agenda")]
    assert len(PdfReader(printed).pages) == dialog.printed_pages == dialog.pdf.pageCount()
    [line] = sharing.export_log(ctx)
    assert line.file_name == "printed-huddle-agenda-2026-11-22.pdf"
    assert line.detail == "huddle agenda 2026-11-22"
    assert not dialog.last_result.path.exists()  # the temporary copy is gone
    assert "Agenda sent to the printer" in view.outcomes.text()


def test_closing_the_preview_writes_nothing(qtbot, ctx, view, monkeypatch):
    files = Files(monkeypatch)
    dialog = previewed(qtbot, view)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)
    assert files.asked == [] and sharing.export_log(ctx) == [] and view.printed_to is None


def test_the_service_renders_without_writing_and_print_agenda_is_unchanged(ctx, view,
                                                                             tmp_path):
    rendered = huddle.agenda_pdf(ctx, view.agenda.id)
    assert rendered.data.startswith(b"%PDF") and rendered.people == 1
    assert sharing.export_log(ctx) == [] and list(tmp_path.glob("*.pdf")) == []
    written = huddle.print_agenda(ctx, view.agenda.id, tmp_path / "a.pdf")
    [line] = sharing.export_log(ctx)
    assert (line.file_name, line.sha256, line.people_count) == ("a.pdf", written.sha256, 1)
