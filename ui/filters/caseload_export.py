"""Export the caseload view on screen as CSV: the unencrypted-file warning first, then where
to save it, then the file written on the worker with a progress bar and Cancel, and logged as
an export (services/exports.export_caseload_csv: UTF-8 with a BOM, formulas neutralised).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from carecoord.services import exports
from carecoord.services.base import Ctx
from carecoord.services.caseload import CaseloadRow
from ui.sharing import file_choice
from ui.tasks import Cancelled, TaskRunner, show_error


def save_csv_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """The save dialog, looked up when needed so tests can replace it."""
    return file_choice.save_file(parent, "Export the caseload view", suggested,
                                 "CSV files (*.csv)")


def export_current_view(ctx: Ctx, runner: TaskRunner, rows: Sequence[CaseloadRow],
                        columns: Sequence[str] | None, parent: QWidget | None,
                        on_done: Callable[[exports.WrittenFile], None] | None = None
                        ) -> QMessageBox:
    """Start the export. Returns the warning (opened, not blocking), so tests can answer it."""
    rows = list(rows)
    box = QMessageBox(QMessageBox.Icon.Warning, "Export the caseload view",
                      exports.UNENCRYPTED_WARNING.format(n=f"{len(rows):,}"),
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("unencryptedWarning")
    go = box.addButton("Export anyway…", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def answered(button) -> None:
        if button is not go:
            return
        name = f"caseload-{ctx.today().isoformat()}.csv"
        path = save_csv_path(parent, file_choice.default_folder() / name)
        if path is None:
            return
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        _write(ctx, runner, rows, columns, path, parent, on_done)

    box.buttonClicked.connect(answered)
    box.open()
    return box


def _write(ctx, runner, rows, columns, path: Path, parent, on_done) -> None:
    def work(cancelled, progress):
        def stop() -> bool:
            return cancelled()

        try:
            return exports.export_caseload_csv(ctx, rows, path, columns=columns,
                                               progress=progress, cancelled=stop)
        except InterruptedError:
            raise Cancelled() from None

    def done(written) -> None:
        if on_done is not None:
            on_done(written)

    runner.run_with_progress(work, done, lambda e: show_error(parent, e),
                             label=f"Exporting {len(rows):,} people…", parent=parent)
