"""The in-app preview every printed document goes through before it is printed or saved
(PRODUCT.md section 8): the real PDF, shown with QtPdf, so what is seen is what prints.

This is the frame: a column of choices, notes and buttons beside the pages, the zoom, and the
save and print flow. A subclass renders its document (and calls `show_pdf` with the bytes),
adds its own choices with `add_option`, and says how a file is written and logged
(`write_to`). A print is written and logged in the same way, to a temporary file, and that
very file is sent to the printer, on the worker when there is one.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import CareCoordError
from ui import style
from ui.printing import printer as printer_mod
from ui.sharing import file_choice
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

ZOOMS = (("Fit the width", QPdfView.ZoomMode.FitToWidth),
         ("Whole page", QPdfView.ZoomMode.FitInView),
         ("Actual size", QPdfView.ZoomMode.Custom))


def unprintable_warning(chars) -> str | None:
    if not chars:
        return None
    shown = " ".join(sorted(chars))[:40]
    return (f"Some characters cannot be printed with CareCoord's font and show as a box: "
            f"{shown}. Check names and words in the preview before giving this plan out.")


class PdfPreviewDialog(QDialog):
    """A written file's result needs a `path`; `pages` and `unprintable` are used when it has
    them."""

    save_title = "Save the document as a PDF"
    print_title: str | None = None  # the printer dialog's own title when None
    printing_label = "Sending the document to the printer…"
    still_saving = "Wait a moment: the document is still being saved."

    def __init__(self, title: str, heading: str, view_name: str, waiting: tuple[str, str],
                 parent: QWidget | None = None, runner: TaskRunner | None = None):
        super().__init__(parent)
        self.runner = runner
        self.pdf_bytes = b""
        self.job = None
        self.last_result = None
        self.printed_pages = 0
        self.setWindowTitle(title)

        outer = QHBoxLayout(self)
        style.page_margins(outer, self)
        self.side = side = QVBoxLayout()
        outer.addLayout(side, 0)
        self.side_width = style.em(self) * 19
        side.addWidget(w.heading(heading, 2))
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.zoom = w.combo("Zoom")
        for text, _mode in ZOOMS:
            self.zoom.addItem(text)
        self.form.addRow(w.label_for("&Zoom", self.zoom), self.zoom)
        side.addLayout(self.form)
        self._options_at = side.count()

        self.state = w.note("")
        side.addWidget(self.state)
        self.draft_flag = w.flag("", "amber")
        self.draft_flag.hide()
        side.addWidget(self.draft_flag)
        self.unprintable = w.flag("", "amber")
        self.unprintable.hide()
        side.addWidget(self.unprintable)
        self.problem = w.problem_label()
        side.addWidget(self.problem)
        self.outcome = w.flag("", "green")
        self.outcome.hide()
        side.addWidget(self.outcome)
        side.addStretch(1)
        self.buttons = QDialogButtonBox(Qt.Orientation.Vertical)
        self.save = self.buttons.addButton("&Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save.setAccessibleName("Save PDF")
        self.print_button = self.buttons.addButton("&Print…",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setAccessibleName("Print")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        side.addWidget(self.buttons)
        for b in (self.save, self.print_button):
            b.setAutoDefault(False)
        for i in range(side.count()):
            item = side.itemAt(i)
            if item.widget() is not None:
                item.widget().setMaximumWidth(self.side_width)

        self.pdf = QPdfDocument(self)
        self.buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(style.em(self) // 2)
        self.view.setAccessibleName(view_name)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.waiting = style.EmptyState(*waiting)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.waiting)
        self.pages.addWidget(self.view)
        outer.addWidget(self.pages, 1)
        self.setMinimumSize(style.em(self) * 56, style.em(self) * 34)

        self.zoom.currentIndexChanged.connect(self._zoom)
        self.save.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_document)

    def add_option(self, widget: QWidget) -> QWidget:
        """A choice or note of the subclass's own, under the zoom, in the order added."""
        widget.setMaximumWidth(self.side_width)
        self.side.insertWidget(self._options_at, widget)
        self._options_at += 1
        return widget

    def _zoom(self, index: int) -> None:
        mode = ZOOMS[index][1]
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(1.0)

    # -- what the subclass says ---------------------------------------------------------------

    def ready(self) -> bool:
        """Whether there is a document to save or print."""
        return bool(self.pdf_bytes)

    def page_count(self) -> int:
        return self.pdf.pageCount()

    def suggested_name(self) -> str:
        raise NotImplementedError

    def write_to(self, out: Path) -> Callable[[], object]:
        """The work, run on the worker, that writes the document to `out` and logs it."""
        raise NotImplementedError

    # -- showing ------------------------------------------------------------------------------

    def show_pdf(self, data: bytes) -> None:
        self.pdf_bytes = data
        self.pdf.close()
        self.buffer.close()
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self.buffer)
        self.pages.setCurrentWidget(self.view)
        w.show_problem(self.problem, None)

    def show_nothing(self, title: str, body: str) -> None:
        """Nothing to print: said where the pages would be, and Save and Print are off."""
        self.pdf.close()
        self.waiting.title.setText(title)
        self.waiting.set_body(body)
        self.pages.setCurrentWidget(self.waiting)
        self.state.setText("")
        self.draft_flag.hide()
        self.save.setEnabled(False)
        self.print_button.setEnabled(False)

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.save, self.print_button):
            widget.setEnabled(on and self.ready() and self.job is None)

    # -- saving and printing ------------------------------------------------------------------

    def _run(self, work, on_done, label: str) -> None:
        """On the worker when there is one; the outcome comes back to the UI thread."""
        self.job = True
        self._set_enabled(False)

        def done(result) -> None:
            self.job = None
            self._set_enabled(True)
            on_done(result)

        def failed(error: Exception) -> None:
            self.job = None
            self._set_enabled(True)
            w.show_problem(self.problem, message_for(error))

        if self.runner is None:
            try:
                result = work()
            except CareCoordError as exc:
                failed(exc)
                return
            done(result)
            return
        self.runner.run(work, done, failed, label=label, parent=self)

    def save_pdf(self) -> None:
        if not self.ready() or self.job is not None:
            return
        out = file_choice.save_file(self, self.save_title,
                                    file_choice.default_folder() / self.suggested_name(),
                                    "PDF files (*.pdf)")
        if out is None:
            return
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self._run(self.write_to(out), self._saved, f"Saving {out.name}…")

    def _pages_of(self, result) -> int:
        pages = getattr(result, "pages", None)
        return self.page_count() if pages is None else pages

    def _saved(self, result) -> None:
        self.last_result = result
        self._tell(f"Saved {result.path.name} ({w.plural(self._pages_of(result), 'page')}) "
                   f"in {result.path.parent}. It is in the export log.", result)

    def _tell(self, text: str, result) -> None:
        warning = unprintable_warning(getattr(result, "unprintable", None))
        self.outcome.setText(text)
        self.outcome.setAccessibleName(text)
        self.outcome.show()
        self.unprintable.setText(warning or "")
        self.unprintable.setVisible(bool(warning))
        self.close_button.setFocus()

    def print_document(self) -> None:
        """Write and log the document, then send that very file to the printer, on the
        worker."""
        if not self.ready() or self.job is not None:
            return
        if self.print_title is None:
            chosen = printer_mod.choose_printer(self, self.page_count())
        else:
            chosen = printer_mod.choose_printer(self, self.page_count(), self.print_title)
        if chosen is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="carecoord-print-"))
        write = self.write_to(folder / f"printed-{self.suggested_name()}")

        def work() -> tuple[object, int]:
            try:
                result = write()
                return result, printer_mod.print_file(result.path, chosen)
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        self._run(work, lambda done: self._sent(*done, chosen), self.printing_label)

    def _sent(self, result, sent: int, chosen) -> None:
        self.last_result = result
        self.printed_pages = sent
        where = chosen.printerName() or chosen.outputFileName() or "the printer"
        self._tell(f"Sent {w.plural(sent, 'page')} to {where}. The print is in the export "
                   "log.", result)

    def reject(self) -> None:
        if self.job is not None:
            w.show_problem(self.problem, self.still_saving)
            return
        super().reject()
