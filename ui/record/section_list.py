"""The list of a record's sections down its left side.

A record has more sections than tabs can show at 150% on a laptop screen, so they are a
list: arrow keys move through it, typing the start of a name jumps there (as in any list),
Enter goes into the section, and each row shows its Alt+key where it has one.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui import style
from ui.record import forms
from ui.record.sections import Spec

NAME_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
GAP_ROLE = Qt.ItemDataRole.UserRole + 2
ACCENT = QColor("#005eb8")


class _Row(QStyledItemDelegate):
    """A section's name, wrapped if it must be, with its key in grey at the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._sizes: dict[tuple, QSize] = {}

    def _pad(self, option) -> int:
        return max(3, option.fontMetrics.height() // 5)

    def _gap(self, index, option) -> int:
        return option.fontMetrics.height() * 2 // 5 if index.data(GAP_ROLE) else 0

    def _usable(self, option) -> int:
        """The width rows have with a scroll bar shown: rows measured with one width and
        painted with another would wrap in one and not the other, and overlap."""
        view = option.widget
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        return view.width() - 2 * view.frameWidth() - bar

    def _text_rect(self, rect: QRect, option, index) -> QRect:
        rect = QRect(rect.left(), rect.top(), min(rect.width(), self._usable(option)),
                     rect.height())
        pad = self._pad(option)
        key = index.data(KEY_ROLE)
        key_w = option.fontMetrics.horizontalAdvance(key) + pad if key else 0
        return rect.adjusted(pad * 2, pad + self._gap(index, option), -pad - key_w, -pad)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        # Asked for many times as the record opens; the answer changes only with the width.
        width = self._usable(option)
        key = (width, index.row(), option.font.key())
        found = self._sizes.get(key)
        if found is None:
            rect = self._text_rect(QRect(0, 0, width, 10_000), option, index)
            rect.setHeight(10_000)
            bold = QFont(option.font)
            bold.setBold(True)  # measured bold, so choosing a row never re-wraps it
            text = QFontMetrics(bold).boundingRect(rect, Qt.TextFlag.TextWordWrap,
                                                   index.data(Qt.ItemDataRole.DisplayRole))
            pad = self._pad(option)
            found = self._sizes[key] = QSize(width, text.height() + pad * 2
                                             + self._gap(index, option))
        return found

    def paint(self, painter: QPainter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        gap = self._gap(index, option)
        row = opt.rect.adjusted(0, gap, 0, 0)
        painter.save()
        if gap:
            painter.setPen(QColor("#c9d0d6"))
            y = opt.rect.top() + gap // 2
            painter.drawLine(opt.rect.left() + 8, y, opt.rect.right() - 8, y)
        if selected:
            painter.fillRect(row, QColor(forms.BLUE_BG))
            painter.fillRect(QRect(row.left(), row.top(), 4, row.height()), ACCENT)
        elif opt.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(row, QColor("#f1f4f7"))
        font = QFont(opt.font)
        font.setBold(selected)
        painter.setFont(font)
        painter.setPen(QColor(forms.BLUE_FG) if selected else opt.palette.color(
            QPalette.ColorRole.Text))
        text_rect = self._text_rect(opt.rect, option, index)
        painter.drawText(text_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter,
                         opt.text)
        key = index.data(KEY_ROLE)
        if key:
            painter.setFont(opt.font)
            painter.setPen(QColor(style.MUTED_FG))
            pad = self._pad(option)
            painter.drawText(row.adjusted(0, 0, -pad, 0),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, key)
        if opt.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(ACCENT)
            painter.drawRect(row.adjusted(1, 1, -2, -2))
        painter.restore()


class SectionList(QListWidget):
    """Emits `chosen(name)` as the current row changes; `enter()` when Enter is pressed."""

    chosen = Signal(str)
    enter = Signal()

    def __init__(self, specs: list[Spec], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Sections of the record")
        self.setAccessibleDescription("Type the start of a section's name to jump to it; "
                                      "Enter goes into the section")
        self.setItemDelegate(_Row(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setMouseTracking(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#f6f8fa"))
        self.setPalette(palette)
        self.names: list[str] = []
        for spec in specs:
            item = QListWidgetItem(spec.title)
            item.setData(NAME_ROLE, spec.name)
            key = f"Alt+{spec.key}" if spec.key else ""
            item.setData(KEY_ROLE, key)
            item.setData(GAP_ROLE, spec.group_start)
            item.setToolTip(f"{spec.tip} ({key})" if key else spec.tip)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{spec.title}, {key}" if key else spec.title)
            self.addItem(item)
            self.names.append(spec.name)
        widest = max(self.fontMetrics().horizontalAdvance(s.title) for s in specs)
        # Wide enough for most names on one line; the longest wraps rather than crowd the page.
        self.setFixedWidth(min(widest, style.em(self) * 10) + style.em(self) * 4)
        self.currentRowChanged.connect(self._row_changed)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.names):
            self.chosen.emit(self.names[row])

    def select(self, name: str) -> None:
        row = self.names.index(name)
        if self.currentRow() != row:
            self.setCurrentRow(row)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right):
            self.enter.emit()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.doItemsLayout()  # row heights depend on the width, for names that wrap
