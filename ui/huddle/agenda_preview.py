"""The huddle agenda in the same in-app preview as a care plan, before it is printed or saved
(PRODUCT.md section 8).

The agenda is rendered to bytes on the worker (huddle.agenda_pdf) and shown; Save and Print
write those very bytes with huddle.save_agenda, which logs the file in the export log as a
saved agenda always was. A print is written to a temporary file, logged, sent to the printer
and removed, as a printed plan is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from carecoord.domain.errors import CareCoordError
from carecoord.services import huddle
from carecoord.services.base import Ctx
from carecoord.services.exports import WrittenFile
from ui.printing.pdf_preview import PdfPreviewDialog
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w


class AgendaPreviewDialog(PdfPreviewDialog):
    saved_as = Signal(object)  # the Path of a saved agenda
    printed = Signal(int)  # pages sent to the printer

    save_title = "Save the huddle agenda"
    print_title = "Print the huddle agenda"
    printing_label = "Sending the agenda to the printer…"
    still_saving = "Wait a moment: the agenda is still being saved."

    def __init__(self, ctx: Ctx, huddle_id: int, title: str, held_on: dt.date,
                 parent: QWidget | None = None, runner: TaskRunner | None = None):
        super().__init__("Print or save the huddle agenda",
                         f"Huddle agenda: {title}, {w.long_date(held_on)}",
                         "Preview of the printed huddle agenda",
                         ("Preparing the preview…", "The agenda is being laid out exactly as "
                          "it will print."), parent, runner)
        self.ctx, self.huddle_id, self.held_on = ctx, huddle_id, held_on
        self.agenda: huddle.AgendaPdf | None = None
        self.add_option(w.hint("Who is to be discussed and why, with the notes and outcomes "
                               "recorded so far. It holds personal information: keep the "
                               "paper safe and shred it after the huddle."))
        # The pages are counted once QtPdf has read them. Not on the way down to none: the
        # document closes (and says so) while the dialog is being destroyed.
        self.pdf.pageCountChanged.connect(lambda n: n and self._describe())
        self.refresh()
        self.zoom.setFocus()

    def refresh(self) -> None:
        ctx, hid = self.ctx, self.huddle_id
        self._set_enabled(False)
        if self.runner is None:
            try:
                self._rendered(huddle.agenda_pdf(ctx, hid))
            except CareCoordError as exc:
                self._failed(exc)
            return
        self.runner.run(lambda: huddle.agenda_pdf(ctx, hid), self._rendered, self._failed,
                        parent=self)

    def _rendered(self, agenda: huddle.AgendaPdf) -> None:
        self.agenda = agenda
        self.show_pdf(agenda.data)
        self._describe()
        self._set_enabled(True)

    def _failed(self, error: Exception) -> None:
        self.agenda = None
        self.show_nothing("Nothing to print", message_for(error))

    def _describe(self) -> None:
        if self.agenda is None:
            return
        pages = self.pdf.pageCount()
        self.state.setText(f"{w.plural(self.agenda.people, 'person', 'people')}"
                           + (f", {w.plural(pages, 'page')}." if pages else "."))

    # -- what the preview saves and prints ----------------------------------------------------

    def ready(self) -> bool:
        return self.agenda is not None

    def suggested_name(self) -> str:
        return f"huddle-agenda-{self.held_on.isoformat()}.pdf"

    def write_to(self, out: Path):
        ctx, agenda = self.ctx, self.agenda
        return lambda: huddle.save_agenda(ctx, agenda, out)

    def _saved(self, result: WrittenFile) -> None:
        super()._saved(result)
        self.saved_as.emit(result.path)

    def _sent(self, result: WrittenFile, sent: int, chosen) -> None:
        super()._sent(result, sent, chosen)
        self.printed.emit(sent)
