"""Small building blocks shared by the record's forms: labelled fields, dates, messages."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from carecoord.domain.dates import format_date, parse_date
from carecoord.domain.errors import ValidationError

# Colours always travel with words (see `chip`), never alone. Widgets made many times over
# (goal cards, action rows, hints) are coloured with palettes and painting, not style
# sheets: a style sheet re-polishes a whole subtree and made opening a record slow.
RED_BG, RED_FG = "#fde8e7", "#9b1c14"
AMBER_BG, AMBER_FG = "#fff1d6", "#7a4100"
YELLOW_BG, YELLOW_FG = "#fffad1", "#5c4b00"
GREEN_BG, GREEN_FG = "#e3f4e8", "#1e5b33"
GREY_BG, GREY_FG = "#eef1f4", "#2f3b47"
BLUE_BG, BLUE_FG = "#e5f0fb", "#123f6e"

DATE_HINT = "for example 31/12/2026"


def long_date(day: dt.date | None) -> str:
    return format_date(day, "%-d %B %Y") if day else ""


def now_hm() -> str:
    return f"{dt.datetime.now():%H:%M}"


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def label_for(text: str, buddy: QWidget, accessible: str | None = None) -> QLabel:
    """A visible label tied to its field, which also gives the field its accessible name."""
    label = QLabel(text)
    label.setBuddy(buddy)
    name = accessible or text.replace("&", "").rstrip(":").strip()
    buddy.setAccessibleName(name)
    return label


def line_edit(name: str, placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def text_box(name: str, lines: int = 3, placeholder: str = "", text: str = "") -> QPlainTextEdit:
    """A text box that starts `lines` high and grows with what is typed, up to four times."""
    box = QPlainTextEdit()
    box.setPlainText(text)
    box.setAccessibleName(name)
    # Tab moves on, as in every other field; a keyboard user must never get stuck in a box.
    box.setTabChangesFocus(True)
    if placeholder:
        box.setPlaceholderText(placeholder)
    box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    line = box.fontMetrics().lineSpacing()
    frame = 2 * box.frameWidth() + int(box.document().documentMargin() * 2) + 4

    def fit() -> None:
        # Block count undercounts wrapped lines; the layout's line count does not.
        layout = box.document().documentLayout()
        shown = max(1, int(layout.documentSize().height()))
        want = max(lines, min(lines * 4, shown))
        box.setFixedHeight(want * line + frame)

    box.document().documentLayout().documentSizeChanged.connect(lambda _s: fit())
    fit()
    return box


def check_box(text: str, checked: bool = False, name: str | None = None) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    box.setAccessibleName(name or text.replace("&", ""))
    return box


def button(text: str, tip: str = "", name: str | None = None, edits: bool = False) -> QPushButton:
    """`edits` marks buttons that change the record, so read-only checks can find them."""
    b = QPushButton(text)
    b.setAccessibleName(name or text.replace("&", "").rstrip(".…"))
    if tip:
        b.setToolTip(tip)
    b.setProperty("edits", edits)
    b.setAutoDefault(False)
    return b


def enum_combo(enum: type[Enum], current=None, name: str = "") -> QComboBox:
    """Plain-English labels on screen, the stable code kept as item data."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    for member in enum:
        combo.addItem(member.label, member.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(enum(current).value)))
    return combo


def combo_value(combo: QComboBox, enum: type[Enum]):
    return enum(combo.currentData())


def set_combo(combo: QComboBox, value) -> None:
    index = combo.findData(value.value if isinstance(value, Enum) else value)
    if index >= 0:
        combo.setCurrentIndex(index)


def date_edit(name: str, day: dt.date | None = None, placeholder: str = "31/12/2026"
              ) -> QLineEdit:
    """A date typed as day/month/year. Sized from the font, so it grows with scaling."""
    edit = line_edit(name, placeholder, short_date(day))
    edit.setMaxLength(10)
    edit.setToolTip(f"Day/month/year, {DATE_HINT}")
    metrics = edit.fontMetrics()
    width = max(metrics.horizontalAdvance("31/12/2026__"),
                metrics.horizontalAdvance(placeholder + "_")) + 24
    edit.setMinimumWidth(width)
    edit.setMaximumWidth(width + 40)
    return edit


def read_date(edit: QLineEdit, field: str, required: bool = False) -> dt.date | None:
    return parse_date(edit.text(), field, required=required)


def date_problem(edit: QLineEdit, field: str = "date") -> str | None:
    try:
        read_date(edit, field)
    except ValidationError as exc:
        return str(exc)
    return None


PRIMARY = ("QPushButton { background: #005eb8; color: white; border: 1px solid #003d78; "
           "border-radius: 4px; padding: 5px 14px; font-weight: 600; } "
           "QPushButton:focus { border: 3px solid #ffb81c; } "
           "QPushButton:disabled { background: #9fb3c8; }")


def mark_bad(widget: QWidget, bad: bool) -> None:
    """A thick red edge on a field with a problem, beside the words that explain it."""
    widget.setStyleSheet(f"border: 2px solid {RED_FG};" if bad else "")


def colour_text(widget: QWidget, colour: str, bold: bool | None = None) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    palette.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(palette)
    if bold is not None:
        font = widget.font()
        font.setBold(bold)
        widget.setFont(font)


class Panel(QFrame):
    """A box painted by hand: a fill, a thin border, and an optional bar down the left."""

    def __init__(self, bg: str, border: str, bar: str | None = None, radius: float = 6,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._bg, self._border, self._bar, self._radius = (QColor(bg), QColor(border),
                                                           QColor(bar) if bar else None,
                                                           radius)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(self._border)
        p.setBrush(self._bg)
        p.drawRoundedRect(rect, self._radius, self._radius)
        if self._bar is not None:
            p.fillRect(QRectF(0, 0, 4, self.height()), self._bar)
        p.end()


def error_label() -> QLabel:
    """A message under a field: red, with the words carrying the meaning."""
    label = QLabel()
    label.setWordWrap(True)
    colour_text(label, RED_FG, bold=True)
    label.setAccessibleName("Problem")
    label.hide()
    return label


def show_problem(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def heading(text: str, size: float = 1.25) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    colour_text(label, GREY_FG)
    return label


def chip_style(bg: str, fg: str) -> str:
    return (f"background: {bg}; color: {fg}; border: 1px solid {fg}; border-radius: 4px; "
            "padding: 3px 8px; font-weight: 600;")


def chip(text: str, bg: str = GREY_BG, fg: str = GREY_FG, name: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(chip_style(bg, fg))
    label.setAccessibleName(name or text)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


def together(*widgets: QWidget) -> QWidget:
    """Widgets kept side by side on one line when the line they sit in wraps."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    for w in widgets:
        row.addWidget(w)
    return holder


def rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.HLine)
    line.setStyleSheet("color: #c9d0d6;")
    return line


def confirm(parent: QWidget, title: str, text: str, yes: str) -> bool:
    """Tests replace this to answer without a modal loop."""
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    ok = box.addButton(yes, QMessageBox.AcceptRole)
    keep = box.addButton("Keep it", QMessageBox.RejectRole)
    box.setDefaultButton(keep)  # Enter pressed out of habit must not remove anything
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is ok


def ask(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """A question whose answer changes nothing by itself; Enter says yes. Tests replace it."""
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    ok = box.addButton(yes, QMessageBox.AcceptRole)
    later = box.addButton(no, QMessageBox.RejectRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(later)
    box.exec()
    return box.clickedButton() is ok
