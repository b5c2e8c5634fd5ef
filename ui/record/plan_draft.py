"""The draft's text fields, wherever they sit on screen, saved together as one PlanContent.

The care plan section and the planning-ahead section both edit the same draft; each
registers its fields here, so a save never overwrites one section's typing with the
other's stale copy.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from carecoord.services import plans
from carecoord.services.base import Ctx
from carecoord.services.plans import PlanView
from ui.record.autosave import Autosaver


def _value(widget: QWidget):
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    raise TypeError(f"Cannot read a {type(widget).__name__}")


class PlanDraft(QObject):
    saved = Signal(object)  # the PlanView after a save

    def __init__(self, ctx: Ctx, plan: PlanView, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self._fields: dict[str, QWidget] = {}
        self.saver = Autosaver(self._save, self)

    def register(self, name: str, widget: QWidget) -> None:
        if name not in plans.CONTENT_FIELDS:
            raise KeyError(name)
        self._fields[name] = widget
        self.saver.watch(widget)

    def content(self) -> plans.PlanContent:
        live = {}
        for name, widget in self._fields.items():
            try:
                live[name] = _value(widget)
            except RuntimeError:  # the widget has been destroyed; keep the saved value
                continue
        return replace(self.plan.content, **live)

    def _save(self) -> None:
        self.plan = plans.save_content(self.ctx, self.plan.id, self.content(),
                                       expected_version=self.plan.version_id)
        self.saved.emit(self.plan)

    def flush(self) -> bool:
        return self.saver.flush()
