"""Print many care plans at once: today's visits, or a huddle agenda (PRODUCT.md section 8).

Into one PDF, or one file per person in a folder; in one layout, or in each person's
preferred layout. The printing runs on the worker with a progress bar here and a Cancel
button. A cancelled single file is not written at all; in a folder, the plans already
written stay, each logged as it was written. People with nothing to print are listed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.errors import CareCoordError
from carecoord.services import people, printing
from carecoord.services.base import Ctx
from carecoord.services.printing import BatchResult, Layout
from carecoord.services.sharing import unencrypted_warning
from ui import style
from ui.printing.preview_dialog import unprintable_warning
from ui.sharing import file_choice
from ui.sharing.fitting import grow
from ui.sharing.share_dialog import slug
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w

EACH_PREFERRED = "preferred"


class _Relay(QObject):
    """Carries progress from the worker thread to the bar (a queued signal)."""

    moved = Signal(int, int)


class BatchPrintDialog(QDialog):
    printed = Signal(object)  # BatchResult

    def __init__(self, ctx: Ctx, runner: TaskRunner, person_ids, title: str,
                 parent: QWidget | None = None, names: dict[int, str] | None = None):
        super().__init__(parent)
        self.ctx, self.runner, self.title = ctx, runner, title
        self.person_ids = list(dict.fromkeys(int(p) for p in person_ids))
        self.names = dict(names or {})
        self.job = None
        self.result_value: BatchResult | None = None
        self.relay = _Relay(self)
        self.relay.moved.connect(self._moved)
        self.setWindowTitle(f"Print care plans: {title}")

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        count = w.plural(len(self.person_ids), "person", "people")
        layout.addWidget(w.heading(f"Print the care plans for {title}", 2))
        layout.addWidget(style.paragraph(
            f"{count}. Each plan is printed as the person's own copy, with no alerts, unless "
            "you choose professional copies. Every file is logged in the export log."))

        form = QFormLayout()
        self.one_file = QRadioButton("&One PDF for everyone")
        self.one_file.setAccessibleName("One PDF for everyone")
        self.per_person = QRadioButton("One &file per person, into a folder")
        self.per_person.setAccessibleName("One file per person, into a folder")
        group = QButtonGroup(self)
        group.addButton(self.one_file)
        group.addButton(self.per_person)
        self.one_file.setChecked(True)
        form.addRow(self.one_file)
        form.addRow(self.per_person)
        self.layout_choice = w.combo("Layout")
        self.layout_choice.addItem("Each person's preferred layout", EACH_PREFERRED)
        for lay in Layout:
            self.layout_choice.addItem(lay.label, lay.value)
        form.addRow(w.label_for("&Layout", self.layout_choice), self.layout_choice)
        self.professional = w.check_box("Professional &copies, not for the people themselves",
                                        name="Professional copies")
        form.addRow(self.professional)
        layout.addLayout(form)
        self.warning = w.flag("", "amber")
        layout.addWidget(self.warning)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Printing progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setFormat("%p %")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = w.note("")
        self.status.hide()
        layout.addWidget(self.status)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        self.summary = w.note("")
        self.summary.hide()
        layout.addWidget(self.summary)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("&Print to file…",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setAccessibleName("Print to file")
        self.cancel_button = self.buttons.addButton("Cancel",
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.start_button.setDefault(True)
        self.setMinimumWidth(style.em(self) * 36)

        self.one_file.toggled.connect(lambda _on: self._show_warning())
        self._show_warning()
        if not self.person_ids:
            w.show_problem(self.problem, "There is no one in this list to print for.")
            self.start_button.setEnabled(False)
        self.one_file.setFocus()

    def _show_warning(self) -> None:
        text = unencrypted_warning(len(self.person_ids)) if self.one_file.isChecked() else None
        self.warning.setText(text or "")
        self.warning.setAccessibleName(text or "")
        self.warning.setVisible(bool(text))

    # -- printing -----------------------------------------------------------------------------

    def _layout(self) -> Layout | None:
        value = self.layout_choice.currentData()
        return None if value == EACH_PREFERRED else Layout(value)

    def start(self) -> None:
        if self.job is not None:
            return
        one = self.one_file.isChecked()
        if one:
            name = f"care-plans-{slug(self.title)}-{self.ctx.today():%Y-%m-%d}.pdf"
            out = file_choice.save_file(self, "Save the care plans as one PDF",
                                        file_choice.default_folder() / name, "PDF files (*.pdf)")
            if out is not None and out.suffix.lower() != ".pdf":
                out = out.with_name(out.name + ".pdf")
        else:
            out = file_choice.choose_folder(self, "Choose a folder for the care plans",
                                            file_choice.default_folder())
        if out is None:
            return
        self.run(out, one)

    def run(self, out: Path, one_file: bool) -> None:
        ctx, ids, layout = self.ctx, self.person_ids, self._layout()
        professional, relay = self.professional.isChecked(), self.relay

        def work(cancelled, progress) -> BatchResult:
            def report(done: int, total: int) -> None:
                relay.moved.emit(done, total)
                progress(done, total)

            return printing.render_batch(ctx, ids, out, layout, one_file, report, cancelled,
                                         professional)

        self._options_enabled(False)
        w.show_problem(self.problem, None)
        self.summary.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Printing {w.plural(len(ids), 'plan')}… Press Cancel to stop.")
        self.status.show()
        # The bar here is the progress display, so the runner shows no dialog of its own.
        self.job = self.runner.run_with_progress(work, self._done, self._failed, label="",
                                                 parent=self, on_cancelled=self._stopped)
        self.cancel_button.setFocus()

    def _moved(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(round(100 * min(done, total) / total))

    def _options_enabled(self, on: bool) -> None:
        for widget in (self.one_file, self.per_person, self.layout_choice, self.professional,
                       self.start_button):
            widget.setEnabled(on)

    def _finish(self) -> None:
        """Another batch may follow (another layout, say): the choices come back."""
        self.job = None
        self._options_enabled(True)
        self.cancel_button.setText("Close")
        self.cancel_button.setAccessibleName("Close")
        self.status.hide()

    def _done(self, result: BatchResult) -> None:
        self._finish()
        self.result_value = result
        self.summary.setText(self._summary(result))
        self.summary.setAccessibleName(self.summary.text())
        self.summary.show()
        grow(self)
        self.printed.emit(result)

    def _stopped(self) -> None:
        self._finish()
        self.summary.setText("Printing was cancelled. Nothing was written.")
        self.summary.show()
        grow(self)

    def _failed(self, error: Exception) -> None:
        self._finish()
        w.show_problem(self.problem, message_for(error))

    def _name(self, person_id: int) -> str:
        if person_id not in self.names:
            try:
                self.names[person_id] = people.name_of(self.ctx, person_id)
            except CareCoordError:
                self.names[person_id] = f"Person {person_id}"
        return self.names[person_id]

    def _summary(self, r: BatchResult) -> str:
        lines = []
        if r.cancelled:
            if r.paths:
                lines.append(f"Printing was cancelled after {w.plural(len(r.paths), 'plan')}. "
                             "The files already written stay in the folder and are in the "
                             "export log.")
            else:
                lines.append("Printing was cancelled. Nothing was written.")
        elif not r.printed:
            lines.append("No plans were printed.")
        elif len(r.paths) == 1 and len(r.printed) > 1:
            lines.append(f"Printed {w.plural(len(r.printed), 'plan')} "
                         f"({w.plural(r.pages, 'page')}) into {r.paths[0].name} in "
                         f"{r.paths[0].parent}.")
        else:
            folder = r.paths[0].parent if r.paths else ""
            lines.append(f"Printed {w.plural(len(r.printed), 'plan')} "
                         f"({w.plural(r.pages, 'page')}) into {folder}.")
        if r.skipped:
            lines.append(f"Skipped {w.plural(len(r.skipped), 'person', 'people')}:")
            lines += [f"• {self._name(pid)}: {why}" for pid, why in r.skipped]
        warning = unprintable_warning(r.unprintable)
        if warning:
            lines.append(warning)
        return "\n".join(lines)

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Stopping…")
            return
        super().reject()

