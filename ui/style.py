"""Colours, fonts and sizes in one place.

Sizes are in multiples of the font's line height, never in fixed pixels, so the layout grows
with the user's font and with 125% or 150% display scaling. Colour is never the only cue:
every coloured mark also has words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

# Dark text on pale fills: at least 7:1 contrast, readable on a dim laptop screen.
OVERDUE_BG = QColor("#fbe0dd")
OVERDUE_FG = QColor("#8a1c12")
DUE_BG = QColor("#fff0c2")
DUE_FG = QColor("#5c4100")
BANNER_BG = "#ffd23f"
BANNER_FG = "#1d1d1b"
ERROR_FG = "#a3160b"
MUTED_FG = "#4c5a63"
LOCK_BG = "#22313a"
LOCK_FG = "#ffffff"

MIN_POINT_SIZE = 10


def apply(app: QApplication) -> None:
    """Application-wide font floor and a calm, consistent look on every platform."""
    app.setStyle("Fusion")
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#005eb8"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#005eb8"))
    app.setPalette(palette)


def em(widget: QWidget | None = None) -> int:
    """One line of text, in pixels, for the widget's font (or the application's)."""
    metrics = widget.fontMetrics() if widget is not None else QApplication.fontMetrics()
    return metrics.height()


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(MIN_POINT_SIZE, base.pointSizeF() * factor))
    font.setBold(bold)
    return font


def heading(text: str, level: int = 1, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), {1: 1.6, 2: 1.25}.get(level, 1.1), bold=True))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def paragraph(text: str, parent: QWidget | None = None, muted: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if muted:
        label.setStyleSheet(f"color: {MUTED_FG};")
    return label


def error_label(parent: QWidget | None = None) -> QLabel:
    """A place for one plain sentence about what went wrong. Empty and hidden until used."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_FG}; font-weight: bold;")
    label.setAccessibleName("Message")
    label.hide()
    return label


def show_error(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def monospace(base: QFont, factor: float = 1.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(MIN_POINT_SIZE, base.pointSizeF() * factor))
    return font


def demo_banner(parent: QWidget | None = None) -> QLabel:
    label = QLabel("Demo data: every person here is made up. Do not enter real people's "
                   "details in this store.", parent)
    label.setObjectName("demoBanner")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"background: {BANNER_BG}; color: {BANNER_FG}; font-weight: bold; "
                        "padding: 0.4em;")
    label.setAccessibleName("Demo data")
    return label


def paint_background(widget: QWidget, colour: str) -> None:
    """A solid background for a plain QWidget (it ignores a style sheet background unless
    told to paint one, and the palette alone is overridden by a parent's style sheet)."""
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.setAutoFillBackground(True)
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colour))
    widget.setPalette(palette)
    widget.setStyleSheet(f"#{widget.objectName()} {{ background: {colour}; }}")


def page_margins(layout, widget: QWidget | None = None) -> None:
    m = em(widget)
    layout.setContentsMargins(m, m, m, m)
    layout.setSpacing(max(6, m // 2))


class EmptyState(QWidget):
    """An honest empty screen: what this place is for, and what to do now.

    Actions are (label, callback) pairs shown as buttons; the first is the default.
    """

    def __init__(self, title: str, body: str, actions=(), parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        page_margins(outer, self)
        outer.addStretch(1)
        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.NoFrame)
        panel.setMaximumWidth(em(self) * 36)
        box = QVBoxLayout(panel)
        box.setSpacing(em(self) // 2)
        self.title = heading(title, 2, panel)
        box.addWidget(self.title)
        self.body = paragraph(body, panel)
        box.addWidget(self.body)
        self.extra = QVBoxLayout()
        box.addLayout(self.extra)
        self.buttons: list[QPushButton] = []
        if actions:
            row = QHBoxLayout()
            for text, callback in actions:
                button = QPushButton(text, panel)
                button.clicked.connect(callback)
                row.addWidget(button)
                self.buttons.append(button)
            row.addStretch(1)
            box.addLayout(row)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(panel, 3)
        line.addStretch(1)
        outer.addLayout(line)
        outer.addStretch(2)

    def set_body(self, text: str) -> None:
        self.body.setText(text)
