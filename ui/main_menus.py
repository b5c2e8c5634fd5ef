"""Store-wide actions in the File menu: import, caseload CSV, batch printing, the export log,
and backups (now, daily, on close, and restore)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QVBoxLayout

from carecoord.services import backups
from ui import style
from ui.tasks import show_error

log = logging.getLogger(__name__)
DAILY_BACKUP_AFTER_MS = 60_000


def choose_backup_folder(parent) -> str:
    """Wrapped so tests can answer it."""
    return QFileDialog.getExistingDirectory(parent, "Choose a folder for the backup "
                                                    "(for example a USB stick)")


def choose_backup_file(parent) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Choose a CareCoord backup", "",
                                          "CareCoord backups (*.zip)")
    return path


class StoreMenus:
    def __init__(self, window):
        self.window = window
        self.dialog = None

    @property
    def ctx(self):
        return self.window.ctx

    def add_to(self, menu) -> None:
        w = self.window
        can_change = self.ctx.actor.can_change
        w._action(menu, "&Import a FHIR bundle…", self.import_bundle).setEnabled(can_change)
        w._action(menu, "Export this caseload view as &CSV…", self.export_csv)
        w._action(menu, "P&rint plans for this caseload view…", self.batch_print)
        w._action(menu, "Export &log…", self.export_log)
        menu.addSeparator()
        w._action(menu, "&Back up now…", self.backup_now)
        w._action(menu, "Res&tore from a backup…", self.restore).setEnabled(can_change)
        # One backup a day, taken quietly in the background a minute after sign-in, so it
        # never queues ahead of the caseload on the one database worker.
        QTimer.singleShot(DAILY_BACKUP_AFTER_MS, w, self._daily_backup)

    def _daily_backup(self) -> None:
        if self.window.locked:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.window.runner.run(lambda: backups.daily_backup_if_due(store, actor),
                               on_error=lambda e: log.warning("Daily backup failed: %s", e))

    # ---- sharing and printing -------------------------------------------------------------

    def import_bundle(self) -> None:
        from ui.sharing.import_dialog import ImportDialog

        self.dialog = ImportDialog(self.ctx, self.window.runner, self.window)
        self.dialog.open()

    def _rows(self):
        return self.window.caseload.model.shown_rows()

    def export_csv(self) -> None:
        from ui.filters.caseload_export import export_current_view

        self.dialog = export_current_view(self.ctx, self.window.runner, self._rows(), None,
                                          self.window)

    def batch_print(self) -> None:
        from ui.printing.batch_print_dialog import BatchPrintDialog

        rows = self._rows()
        if not rows:
            show_error(self.window, "There is no one in this caseload view to print.")
            return
        names = {r.person_id: r.name for r in rows}
        self.dialog = BatchPrintDialog(self.ctx, self.window.runner, list(names),
                                       f"Care plans for {len(rows):,} people", self.window,
                                       names=names)
        self.dialog.open()

    def export_log(self) -> None:
        from ui.sharing.export_log_view import ExportLogView

        dialog = QDialog(self.window)
        dialog.setWindowTitle("Export log: everything exported or printed from this store")
        layout = QVBoxLayout(dialog)
        layout.addWidget(ExportLogView(self.ctx, None, dialog))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(style.em(dialog) * 70, style.em(dialog) * 30)
        self.dialog = dialog
        dialog.open()

    # ---- backups ----------------------------------------------------------------------------

    def backup_now(self) -> None:
        folder = choose_backup_folder(self.window)
        if not folder:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.window.runner.run(
            lambda: backups.backup_now(store, Path(folder), actor),
            lambda path: self._tell(f"An encrypted backup was written to {path}. It opens "
                                    "only with this store's key or its recovery key."),
            label="Writing an encrypted backup…", parent=self.window)

    def restore(self) -> None:
        path = choose_backup_file(self.window)
        if not path:
            return
        answer = QMessageBox.question(
            self.window, "Restore from a backup?",
            f"Replace this store with the backup in {Path(path).name}?\n\nThe backup is "
            "checked first. The current store is kept aside, not deleted. CareCoord will "
            "close afterwards; open it again to carry on.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.window.runner.run(lambda: backups.restore_in_place(store, Path(path), actor),
                               self._restored, label="Checking and restoring the backup…",
                               parent=self.window)

    def _restored(self, result) -> None:
        new_store, _restored = result
        new_store.close()
        box = QMessageBox(QMessageBox.Icon.Information, "Backup restored",
                          "The backup was checked and restored. CareCoord will now close; "
                          "open it again and sign in.", QMessageBox.StandardButton.Ok,
                          self.window)
        box.finished.connect(lambda _r: self.window.close())
        self.dialog = box
        box.open()

    def backup_on_close(self) -> None:
        try:
            backups.backup_on_close(self.ctx.store, self.ctx.actor)
        except Exception:  # noqa: BLE001 - closing must not fail; the daily backup remains
            log.exception("The backup on close failed")

    def _tell(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "CareCoord", text,
                          QMessageBox.StandardButton.Ok, self.window)
        self.dialog = box
        box.open()
