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

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from carecoord.documents.plan_data import PlanDocument
from carecoord.documents.plan_pdf import Rendered, render
from carecoord.domain.errors import CareCoordError, RuleError
from carecoord.services import people, printing
from carecoord.services.base import Ctx
from carecoord.services.printing import Layout, PrintResult
from ui.printing.pdf_preview import ZOOMS, PdfPreviewDialog, unprintable_warning
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

__all__ = ["ZOOMS", "PlanPreviewDialog", "Preview", "unprintable_warning"]

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


class PlanPreviewDialog(PdfPreviewDialog):
    save_title = "Save the care plan as a PDF"
    printing_label = "Sending the plan to the printer…"
    still_saving = "Wait a moment: the plan is still being saved."

    def __init__(self, ctx: Ctx, person_id: int, plan_id: int | None = None,
                 parent: QWidget | None = None, runner: TaskRunner | None = None,
                 person_name: str | None = None):
        who = person_name or people.name_of(ctx, person_id)
        super().__init__(f"Print or save {who}'s care plan", f"{who}'s care plan",
                         "Preview of the printed care plan",
                         ("Preparing the preview…", "The plan is being laid out exactly as it "
                          "will print."), parent, runner)
        self.ctx, self.person_id, self.plan_id, self.who = ctx, person_id, plan_id, who
        self.docs: dict[tuple[bool, bool], PlanDocument] = {}
        self.current: Preview | None = None
        self._generation = 0
        self.last_result: PrintResult | None = None

        self.layout_choice = w.combo("Layout")
        preferred = self._preferred()
        for lay in Layout:
            asked = (f" ({self.who} asked for this)"
                     if lay == preferred != Layout.STANDARD else "")
            self.layout_choice.addItem(lay.label + asked, lay.value)
        self.layout_choice.setCurrentIndex(self.layout_choice.findData(preferred.value))
        self.form.insertRow(0, w.label_for("&Layout", self.layout_choice), self.layout_choice)

        self.professional = self.add_option(w.check_box(
            "Pro&fessional copy, not for the person", name="Professional copy"))
        self.add_option(w.hint("Adds alerts, conditions with their codes, referral detail and "
                               "who has seen the record."))
        self.alerts = self.add_option(w.check_box("Print &alerts on the person's own copy",
                                                  name="Print alerts on the person's own copy"))
        self.alerts_hint = self.add_option(w.hint(ALERTS_PERSON))
        self.alerts_flag = self.add_option(w.flag("Alerts will be printed on the person's "
                                                  "copy.", "red"))
        self.alerts_flag.hide()
        # The choices were made after the frame's zoom and buttons: Tab still goes down the
        # column in the order it reads.
        chain = [self.layout_choice, self.zoom, self.professional, self.alerts, self.save,
                 self.print_button, self.close_button, self.view]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

        self.layout_choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.professional.toggled.connect(self._professional_toggled)
        self.alerts.toggled.connect(lambda _on: self.refresh())
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
        self.show_pdf(preview.rendered.data)
        self._describe(preview)
        self._set_enabled(True)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self.current = None
        self.show_nothing("Nothing to print yet",
                          f"{message_for(error)} {NEXT_STEP}" if isinstance(error, RuleError)
                          else message_for(error))
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

    # -- saving and printing ------------------------------------------------------------------

    def ready(self) -> bool:
        return self.current is not None

    def page_count(self) -> int:
        return self.current.rendered.pages

    def suggested_name(self) -> str:
        base = printing.batch_file_name(self.current.doc)[:-len(".pdf")]
        extra = {Layout.LARGE_PRINT: "-large-print", Layout.EASY_READ: "-easy-read"}.get(
            self.current.layout, "")
        if self.current.professional:
            extra += "-professional"
        return f"{base}{extra}.pdf"

    def write_to(self, out: Path):
        """Saving and printing both render through `render_plan`, which logs the file."""
        layout, professional, show_alerts = self._options()
        ctx, pid, plan_id = self.ctx, self.person_id, self.plan_id
        return lambda: printing.render_plan(ctx, pid, out, layout, professional, plan_id,
                                            show_alerts)

    def print_plan(self) -> None:
        self.print_document()
