"""Preview a person's care plan before printing or saving it (PRODUCT.md section 8).

The preview is the real PDF, rendered in memory and shown with QtPdf, so what is seen is what
prints. Saving and printing both go through `render_plan`, which writes the file and logs it
in the export log with its SHA-256; a print is rendered to a temporary file first, so it is
logged the same way, then its pages are sent to the printer the user chose.

The person's copy never carries alerts unless the user ticks a deliberately worded box; the
professional copy adds alerts, conditions with their codes, referral detail and the audit
summary. Rendering takes a few hundred milliseconds, so with a task runner it happens on the
worker and the window stays responsive.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
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

from carecoord.documents.plan_data import PlanDocument
from carecoord.documents.plan_pdf import Rendered, render
from carecoord.domain.errors import CareCoordError, RuleError
from carecoord.services import people, printing
from carecoord.services.base import Ctx
from carecoord.services.printing import Layout, PrintResult
from ui import style
from ui.printing import printer as printer_mod
from ui.sharing import file_choice
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

ZOOMS = (("Fit the width", QPdfView.ZoomMode.FitToWidth),
         ("Whole page", QPdfView.ZoomMode.FitInView),
         ("Actual size", QPdfView.ZoomMode.Custom))


ALERTS_PERSON = ("Alerts can include safeguarding concerns and risks to staff. Tick this "
                 "only when it is safe for the person, and anyone in their home, to read them.")
ALERTS_PROFESSIONAL = "The professional copy always includes the alerts."
NEXT_STEP = "Close this window and write the plan on the record first; then print it from there."


@dataclass(frozen=True)
class Preview:
    doc: PlanDocument
    layout: Layout
    professional: bool
    rendered: Rendered


def unprintable_warning(chars) -> str | None:
    if not chars:
        return None
    shown = " ".join(sorted(chars))[:40]
    return (f"Some characters cannot be printed with CareCoord's font and show as a box: "
            f"{shown}. Check names and words in the preview before giving this plan out.")


class PlanPreviewDialog(QDialog):
    def __init__(self, ctx: Ctx, person_id: int, plan_id: int | None = None,
                 parent: QWidget | None = None, runner: TaskRunner | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id, self.plan_id, self.runner = ctx, person_id, plan_id, runner
        self.who = person_name or people.name_of(ctx, person_id)
        self.docs: dict[tuple[bool, bool], PlanDocument] = {}
        self.current: Preview | None = None
        self.pdf_bytes = b""
        self.job = None
        self._generation = 0
        self.last_result: PrintResult | None = None
        self.printed_pages = 0
        self.setWindowTitle(f"Print or save {self.who}'s care plan")

        outer = QHBoxLayout(self)
        style.page_margins(outer, self)
        side = QVBoxLayout()
        outer.addLayout(side, 0)
        side.addWidget(w.heading(f"{self.who}'s care plan", 2))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.layout_choice = w.combo("Layout")
        preferred = self._preferred()
        for lay in Layout:
            asked = (f" ({self.who} asked for this)"
                     if lay == preferred != Layout.STANDARD else "")
            self.layout_choice.addItem(lay.label + asked, lay.value)
        self.layout_choice.setCurrentIndex(self.layout_choice.findData(preferred.value))
        form.addRow(w.label_for("&Layout", self.layout_choice), self.layout_choice)
        self.zoom = w.combo("Zoom")
        for text, _mode in ZOOMS:
            self.zoom.addItem(text)
        form.addRow(w.label_for("&Zoom", self.zoom), self.zoom)
        side.addLayout(form)

        self.professional = w.check_box("Pro&fessional copy, not for the person",
                                        name="Professional copy")
        side.addWidget(self.professional)
        side.addWidget(w.hint("Adds alerts, conditions with their codes, referral detail and "
                              "who has seen the record."))
        self.alerts = w.check_box("Print &alerts on the person's own copy",
                                  name="Print alerts on the person's own copy")
        side.addWidget(self.alerts)
        self.alerts_hint = w.hint(ALERTS_PERSON)
        side.addWidget(self.alerts_hint)
        self.alerts_flag = w.flag("Alerts will be printed on the person's copy.", "red")
        self.alerts_flag.hide()
        side.addWidget(self.alerts_flag)

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
        side_width = style.em(self) * 19
        for i in range(side.count()):
            item = side.itemAt(i)
            if item.widget() is not None:
                item.widget().setMaximumWidth(side_width)

        self.pdf = QPdfDocument(self)
        self.buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(style.em(self) // 2)
        self.view.setAccessibleName("Preview of the printed care plan")
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.waiting = style.EmptyState("Preparing the preview…", "The plan is being laid "
                                        "out exactly as it will print.")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.waiting)
        self.pages.addWidget(self.view)
        outer.addWidget(self.pages, 1)
        self.setMinimumSize(style.em(self) * 56, style.em(self) * 34)

        self.layout_choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.professional.toggled.connect(self._professional_toggled)
        self.alerts.toggled.connect(lambda _on: self.refresh())
        self.zoom.currentIndexChanged.connect(self._zoom)
        self.save.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_plan)
        self.refresh()
        self.layout_choice.setFocus()

    def _preferred(self) -> Layout:
        try:
            return printing.preferred_layout(self.ctx, self.person_id)
        except CareCoordError:
            return Layout.STANDARD

    # -- options ------------------------------------------------------------------------------

    @property
    def chosen_layout(self) -> Layout:
        return Layout(self.layout_choice.currentData())

    def _professional_toggled(self, on: bool) -> None:
        # The professional copy always has the alerts: the person's-copy choice is moot.
        self.alerts.setEnabled(not on)
        self.alerts_hint.setText(ALERTS_PROFESSIONAL if on else ALERTS_PERSON)
        self.refresh()

    def _options(self) -> tuple[Layout, bool, bool]:
        professional = self.professional.isChecked()
        return self.chosen_layout, professional, self.alerts.isChecked() and not professional

    def _zoom(self, index: int) -> None:
        mode = ZOOMS[index][1]
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(1.0)

    # -- rendering ----------------------------------------------------------------------------

    def refresh(self) -> None:
        layout, professional, show_alerts = self._options()
        self.alerts_flag.setVisible(show_alerts)
        self._generation += 1
        generation = self._generation
        cached = self.docs.get((professional, show_alerts))
        ctx, pid, plan_id = self.ctx, self.person_id, self.plan_id

        def work() -> Preview:
            # The printout is read (and its viewing audited) once per kind of copy.
            doc = cached or printing.plan_document(ctx, pid, plan_id, professional,
                                                   show_alerts)
            return Preview(doc, layout, professional, render(doc, layout, professional))

        self.outcome.hide()
        self._set_enabled(False)
        if self.current is None:
            self.pages.setCurrentWidget(self.waiting)
        if self.runner is None:
            try:
                self._rendered(generation, work())
            except CareCoordError as exc:
                self._failed(generation, exc)
            return
        self.runner.run(work, lambda p: self._rendered(generation, p),
                        lambda e: self._failed(generation, e), parent=self)

    def _rendered(self, generation: int, preview: Preview) -> None:
        self.docs[(preview.professional, preview.doc.alerts_on_patient_copy)] = preview.doc
        if generation != self._generation:
            return  # a newer choice is already on its way
        self.current = preview
        self.pdf_bytes = preview.rendered.data
        self.pdf.close()
        self.buffer.close()
        self.buffer.setData(QByteArray(self.pdf_bytes))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self.buffer)
        self.pages.setCurrentWidget(self.view)
        w.show_problem(self.problem, None)
        self._describe(preview)
        self._set_enabled(True)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self.current = None
        self.pdf.close()
        self.waiting.title.setText("Nothing to print yet")
        self.waiting.set_body(f"{message_for(error)} {NEXT_STEP}" if isinstance(error, RuleError)
                              else message_for(error))
        self.pages.setCurrentWidget(self.waiting)
        self.state.setText("")
        self.draft_flag.hide()
        self.save.setEnabled(False)
        self.print_button.setEnabled(False)
        for box in (self.layout_choice, self.professional, self.zoom):
            box.setEnabled(True)

    def _describe(self, p: Preview) -> None:
        copy = "Professional copy" if p.professional else f"{self.who}'s copy"
        self.state.setText(f"{copy}, {p.layout.label.lower()}: care plan version "
                           f"{p.doc.version}, {w.plural(p.rendered.pages, 'page')}.")
        mark = p.doc.watermark
        if mark == "DRAFT":
            self.draft_flag.setText("This plan is not agreed yet, so every page is marked "
                                    "DRAFT.")
        elif mark == "REPLACED":
            self.draft_flag.setText("This is an old version of the plan, so every page is "
                                    "marked REPLACED.")
        self.draft_flag.setVisible(mark is not None)
        self.draft_flag.setAccessibleName(self.draft_flag.text())
        warning = unprintable_warning(p.rendered.unprintable)
        self.unprintable.setText(warning or "")
        self.unprintable.setVisible(bool(warning))

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.save, self.print_button):
            widget.setEnabled(on and self.current is not None and self.job is None)

    # -- saving and printing ------------------------------------------------------------------

    def suggested_name(self) -> str:
        base = printing.batch_file_name(self.current.doc)[:-len(".pdf")]
        extra = {Layout.LARGE_PRINT: "-large-print", Layout.EASY_READ: "-easy-read"}.get(
            self.current.layout, "")
        if self.current.professional:
            extra += "-professional"
        return f"{base}{extra}.pdf"

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

    def _render_to(self, out: Path):
        layout, professional, show_alerts = self._options()
        ctx, pid, plan_id = self.ctx, self.person_id, self.plan_id
        return lambda: printing.render_plan(ctx, pid, out, layout, professional, plan_id,
                                            show_alerts)

    def save_pdf(self) -> None:
        if self.current is None or self.job is not None:
            return
        out = file_choice.save_file(self, "Save the care plan as a PDF",
                                    file_choice.default_folder() / self.suggested_name(),
                                    "PDF files (*.pdf)")
        if out is None:
            return
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self._run(self._render_to(out), self._saved, f"Saving {out.name}…")

    def _saved(self, result: PrintResult) -> None:
        self.last_result = result
        self._tell(f"Saved {result.path.name} ({w.plural(result.pages, 'page')}) in "
                   f"{result.path.parent}. It is in the export log.", result)

    def _tell(self, text: str, result: PrintResult) -> None:
        warning = unprintable_warning(result.unprintable)
        self.outcome.setText(text)
        self.outcome.setAccessibleName(text)
        self.outcome.show()
        self.unprintable.setText(warning or "")
        self.unprintable.setVisible(bool(warning))
        self.close_button.setFocus()

    def print_plan(self) -> None:
        """Render and log the plan, then send that very file to the printer, on the worker."""
        if self.current is None or self.job is not None:
            return
        chosen = printer_mod.choose_printer(self, self.current.rendered.pages)
        if chosen is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="carecoord-print-"))
        render = self._render_to(folder / f"printed-{self.suggested_name()}")

        def work() -> tuple[PrintResult, int]:
            try:
                result = render()
                return result, printer_mod.print_file(result.path, chosen)
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        self._run(work, lambda done: self._sent(*done, chosen),
                  "Sending the plan to the printer…")

    def _sent(self, result: PrintResult, sent: int, chosen) -> None:
        self.last_result = result
        self.printed_pages = sent
        where = chosen.printerName() or chosen.outputFileName() or "the printer"
        self._tell(f"Sent {w.plural(sent, 'page')} to {where}. The print is in the export "
                   "log.", result)

    def reject(self) -> None:
        if self.job is not None:
            w.show_problem(self.problem, "Wait a moment: the plan is still being saved.")
            return
        super().reject()
