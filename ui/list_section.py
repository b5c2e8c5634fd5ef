"""The frame shared by the record's list sections (care team, carers, referrals, consent,
contacts, lifestyle checks, readings): a heading, a row of buttons that wraps onto a second
line in a narrow window, a place for a refusal, a read-only list, and a sentence for when it
is empty.

A section builds itself top to bottom with these calls, in the order the keyboard should
visit its controls, then calls `ready()`. Buttons that change the record are offered only
to roles that may change it; the services refuse anyway.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QSize, Signal
from PySide6.QtGui import QFontMetricsF, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.services.base import Ctx
from ui import style
from ui.record.flow import FlowLayout
from ui.team import widgets as w


class ListSection(QWidget):
    changed = Signal()

    def __init__(self, ctx: Ctx, person_id: int, title: str, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.who = person_name or "this person"
        self.can_change = ctx.actor.can_change
        self.dialog = None
        self.table: QTableWidget | None = None
        self.body = QVBoxLayout(self)
        style.page_margins(self.body, self)
        self.body.addWidget(w.heading(title))

    # -- building, top to bottom ------------------------------------------------------------

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.body.addWidget(widget, stretch)
        return widget

    def action(self, text: str, tip: str, slot: Callable[[], object],
               edits: bool = True) -> QPushButton:
        """A button with its Alt letter in `text` (and in `tip`, for the mouse user)."""
        b = w.button(text, tip, edits=edits)
        b.clicked.connect(lambda _checked=False: slot())
        return b

    def filter_box(self, text: str) -> QCheckBox:
        """A tick box that changes what is listed, not the record: a viewer may use it."""
        box = w.check_box(text)
        box.toggled.connect(lambda _on: self.refresh())
        return box

    def toolbar(self, *controls: QWidget) -> FlowLayout:
        """The section's buttons in one line, wrapping like words when the window is narrow,
        and under them the line where a refusal is shown."""
        bar = FlowLayout(spacing=max(6, style.em(self) // 2))
        for control in controls:
            bar.addWidget(control)
        self.body.addLayout(bar)
        self.problem = w.problem_label()
        self.body.addWidget(self.problem)
        return bar

    def result_line(self) -> QLabel:
        """A coloured sentence saying what the last action did; hidden until then."""
        self.result_note = w.flag("", "green")
        self.result_note.hide()
        self.body.addWidget(self.result_note)
        return self.result_note

    def list_table(self, name: str, columns: tuple[str, ...], fit_rows: int,
                   on_open: Callable[[], object] | None = None,
                   stretch: int = 0) -> QTableWidget:
        """The read-only list, whole rows chosen with the arrows; with `on_open`, Enter (or a
        double click) opens the chosen row, for a role that may change the record. Every
        cell's words wrap to its column's width. Under it, the sentence for an empty
        list."""
        self.table = w.table(name, columns, fit_rows=fit_rows)
        # Columns narrow in a small window: a long word wraps too, rather than end in '…'.
        self.table.setItemDelegate(WrapAnywhere(self.table))
        self.body.addWidget(self.table, stretch)
        if on_open is not None:
            self.table.activated.connect(lambda _index: self.can_change and on_open())
        self.empty = w.note("")
        self.body.addWidget(self.empty)
        return self.table

    def ready(self, stretch: int = 1) -> None:
        """The spare height goes below the list; then the first load."""
        self.body.addStretch(stretch)
        w.set_read_only(self, self.can_change)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        raise NotImplementedError

    def listed(self) -> list:
        """What the list shows, each with an `id` kept in its row."""
        raise NotImplementedError

    def selected(self):
        ident = w.selected_data(self.table)
        return next((x for x in self.listed() if x.id == ident), None)

    def reselect(self, keep, first) -> None:
        """Keep the row that was chosen before a refresh; otherwise choose `first` (an id)."""
        if not (keep is not None and w.select_data(self.table, keep)) and first is not None:
            w.select_data(self.table, first)

    def say(self, text: str, tone: str = "green") -> None:
        self.result_note.setText(text)
        self.result_note.setStyleSheet(w.flag_style(tone))
        self.result_note.setAccessibleName(text)
        self.result_note.setVisible(bool(text))

    # -- acting -----------------------------------------------------------------------------

    def need_choice(self, what: str, focus: QWidget | None = None) -> None:
        """Nothing suitable is chosen: say so, and put the keyboard where the choice is made."""
        w.show_problem(self.problem, f"Choose {what} in the list first, using the arrow keys.")
        if focus is not None:
            focus.setFocus()

    def open_dialog(self, dialog, done: Callable[[object], object] | None = None) -> None:
        """Open a form; once it is saved, `done(dialog)` (by default: show and choose what
        it saved)."""
        w.show_problem(self.problem, None)
        self.dialog = dialog
        dialog.accepted.connect(lambda: (done or self.saved)(dialog))
        dialog.open()

    def saved(self, dialog) -> None:
        value = getattr(dialog, "result_value", None)
        self.after_change(getattr(value, "id", None))

    def after_change(self, choose=None) -> None:
        """The record changed: list it afresh, choose `choose` (an id), tell the record, and
        give the keyboard back to the list."""
        self.refresh()
        if choose is not None:
            w.select_data(self.table, choose)
        self.changed.emit()
        self.table.setFocus()


def labelled(text: str, field: QWidget, name: str) -> QWidget:
    """A label and its field kept together on one line of a wrapping toolbar."""
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(w.label_for(text, field, name))
    line.addWidget(field)
    return holder


class WrapAnywhere(QStyledItemDelegate):
    """Cells whose words may be longer than the column (an email address, a long phone
    extension): they wrap between words where they can and inside a word where they must,
    rather than ending in '…'. What is copied from the cell is the text as it was saved."""

    def _layout(self, option: QStyleOptionViewItem, width: int) -> tuple[QTextLayout, int]:
        layout = QTextLayout(option.text.replace("\n", "\u2028"), option.font)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(text_option)
        layout.beginLayout()
        height = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            line.setPosition(QPointF(0, height))
            height += line.height()
        layout.endLayout()
        return layout, int(height + 0.999)

    def _margin(self, option: QStyleOptionViewItem) -> int:
        widget = option.widget
        s = widget.style() if widget is not None else None
        return (s.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, widget)
                if s is not None else 3) + 1

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        margin = self._margin(opt)
        natural = math.ceil(max((QFontMetricsF(opt.font).horizontalAdvance(line)
                                 for line in opt.text.split("\n")), default=0))
        # Laid out at the width it is painted at: a word as wide as the column would
        # otherwise be measured as broken in two and its row made a line too tall.
        width = opt.rect.width() - 2 * margin if opt.rect.width() > 0 else natural
        _layout, height = self._layout(opt, width)
        return QSize(natural + 2 * margin, height + 2 * margin)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        s = widget.style() if widget is not None else None
        if s is None:
            return super().paint(painter, option, index)
        s.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        margin = self._margin(opt)
        area = QRect(opt.rect).adjusted(margin, margin, -margin, -margin)
        opt.text = text
        layout, height = self._layout(opt, area.width())
        role = (QPalette.ColorRole.HighlightedText
                if opt.state & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text)
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.setClipRect(opt.rect)
        top = area.top() + max(0, (area.height() - height) // 2)  # centred, as Qt's own
        layout.draw(painter, QPointF(area.left(), top))
        painter.restore()
