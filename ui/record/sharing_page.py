"""The record's Sharing section: who the person agreed may have their record, and every
file of it that has been exported or printed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from carecoord.services.base import Ctx
from ui.sharing.consent_section import ConsentSection
from ui.sharing.export_log_view import ExportLogView


class SharingPage(QWidget):
    changed = Signal()

    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.consents = ConsentSection(ctx, person_id, person_name=person_name)
        self.export_log = ExportLogView(ctx, person_id, person_name=person_name)
        # The log's table grows with its rows; the record scrolls rather than squeeze it.
        self.export_log.table.setMinimumHeight(self.export_log.fontMetrics().height() * 10)
        self.consents.changed.connect(self.changed)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.consents)
        column.addWidget(self.export_log, 1)

    def refresh(self) -> None:
        self.consents.refresh()
        self.export_log.refresh()
