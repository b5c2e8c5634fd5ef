"""Printing a PDF through the system's printer dialog.

`choose_printer` is the one place the dialog is shown, so tests replace it with a printer
that writes to a file. `print_pdf` draws each page of a loaded QPdfDocument as an image at
the printer's resolution (capped, so a 1200 dpi driver does not need half a gigabyte a page).

A page takes about a third of a second to draw, so `print_file` is meant for the worker
thread: Qt supports painting on a QPrinter outside the GUI thread, and the document it
opens there is used and closed there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from carecoord.domain.errors import StoreError

MAX_DPI = 300


def choose_printer(parent: QWidget | None, pages: int,
                   title: str = "Print the care plan") -> QPrinter | None:
    """The system's printer dialog. None when the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFromTo(1, max(1, pages))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setMinMax(1, max(1, pages))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def page_range(printer: QPrinter, pages: int) -> range:
    """The pages chosen in the dialog (1-based there, 0 meaning all), as 0-based indexes."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(pages)
    return range(max(0, first - 1), min(pages, last))


def print_pdf(document: QPdfDocument, printer: QPrinter,
              between_pages: Callable[[], None] = lambda: None) -> int:
    """Print the document's pages; returns how many were sent. The PDF carries its own
    margins, so each page fills the paper, scaled to keep its shape."""
    pages = page_range(printer, document.pageCount())
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise StoreError("The printer could not be started. Check it is switched on and "
                         "chosen correctly, then try again.")
    sent = 0
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for n, index in enumerate(pages):
            if n and not printer.newPage():
                raise StoreError("The printer stopped taking pages. Check it, then print "
                                 "again.")
            size = document.pagePointSize(index)
            image = document.render(index, QSize(round(size.width() * dpi / 72),
                                                 round(size.height() * dpi / 72)))
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(area.x() + (area.width() - w) / 2,
                                     area.y() + (area.height() - h) / 2, w, h), image)
            sent += 1
            between_pages()
    finally:
        painter.end()
    return sent


def print_file(path: Path, printer: QPrinter) -> int:
    """Open the PDF, print it, close it; returns the pages sent. Safe on a worker thread."""
    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise StoreError(f"{Path(path).name} could not be opened for printing.")
        return print_pdf(document, printer)
    finally:
        document.close()
