"""Building blocks shared by the care team, carers, appointments, referrals and tasks screens.

Every field gets a visible label tied to it (so its mnemonic works and screen readers read
it), sizes grow with the font, and a coloured flag always carries words as well.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProxyStyle,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleFactory,
    QStyleOptionHeader,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.dates import format_date
from carecoord.domain.errors import CareCoordError, ValidationError
from ui import style

DATE_HINT = "for example 31/12/2026"
_WORDS = re.compile(r"\s+|(?<=-)")  # where a line of text may break

# Pale fills with dark text (at least 7:1), always paired with words.
TONES: dict[str, tuple[str, str]] = {
    "red": ("#fbe0dd", "#8a1c12"),
    "amber": ("#fff0c2", "#5c4100"),
    "green": ("#e3f4e8", "#1e5b33"),
    "blue": ("#e5f0fb", "#123f6e"),
    "grey": ("#eef1f4", "#2f3b47"),
}


# ---- words --------------------------------------------------------------------------------


def long_date(day: dt.date | None) -> str:
    return format_date(day, "%-d %B %Y") if day else ""


def short_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def day_and_time(moment: dt.datetime, minutes: int | None = None) -> str:
    """'Tue 24 Nov 2026, 10:00–10:30': short enough for a table, unambiguous."""
    text = format_date(moment, "%a %-d %b %Y, %H:%M")
    if minutes:
        text += f"–{moment + dt.timedelta(minutes=minutes):%H:%M}"
    return text


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


# ---- fields -------------------------------------------------------------------------------


def label_for(text: str, buddy: QWidget, accessible: str | None = None) -> QLabel:
    """A visible label tied to its field; it also names the field for screen readers."""
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setWordWrap(False)
    buddy.setAccessibleName(accessible or text.replace("&", "").rstrip(":").strip())
    return label


def line_edit(name: str, placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text or "")
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(style.em(edit) * 14)
    return edit


def text_box(name: str, lines: int = 3, placeholder: str = "", text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlainText(text or "")
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)  # a keyboard user must never be trapped in a box
    if placeholder:
        box.setPlaceholderText(placeholder)
    line = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(int(line * lines + line))
    box.setMaximumHeight(int(line * lines * 2 + line))
    return box


def date_edit(name: str, day: dt.date | None = None) -> QLineEdit:
    edit = QLineEdit(short_date(day))
    edit.setAccessibleName(name)
    edit.setPlaceholderText(DATE_HINT)
    edit.setMaxLength(10)
    width = edit.fontMetrics().horizontalAdvance(DATE_HINT) + style.em(edit)
    edit.setMinimumWidth(width)
    edit.setMaximumWidth(int(width * 1.4))
    return edit


def time_edit(name: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText("14:30")
    edit.setMaxLength(5)
    width = edit.fontMetrics().horizontalAdvance("00:00__") + style.em(edit)
    edit.setMinimumWidth(width)
    edit.setMaximumWidth(width * 2)
    return edit


def combo(name: str = "") -> QComboBox:
    """A list that does not stretch the form to fit its longest entry."""
    box = QComboBox()
    box.setAccessibleName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(18)
    return box


def enum_combo(enum: type[Enum], current=None, name: str = "",
               members: Iterable[Enum] | None = None) -> QComboBox:
    """Plain-English labels on screen; the stable code is kept as the item's data."""
    box = combo(name)
    for member in members if members is not None else enum:
        box.addItem(member.label, member.value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(enum(current).value)))
    return box


def suggestion_combo(name: str, suggestions: Sequence[str], text: str = "",
                     placeholder: str = "") -> QComboBox:
    """Free text, with common wordings a keystroke away."""
    box = combo(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(list(suggestions))
    box.lineEdit().setAccessibleName(name)
    box.setCurrentIndex(-1)
    box.setEditText(text or "")
    if placeholder:
        box.lineEdit().setPlaceholderText(placeholder)
    box.setMinimumWidth(style.em(box) * 16)
    return box


def check_box(text: str, checked: bool = False, name: str | None = None) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    box.setAccessibleName(name or text.replace("&", ""))
    return box


def button(text: str, tip: str = "", edits: bool = False) -> QPushButton:
    """`edits` marks buttons that change the record, so read-only mode can find them."""
    b = QPushButton(text)
    b.setAccessibleName(text.replace("&", "").rstrip(".…").strip())
    if tip:
        b.setToolTip(tip)
    b.setProperty("edits", edits)
    b.setAutoDefault(False)
    return b


def enable_for_rows(can_change: bool, has_rows: bool, *buttons: QPushButton) -> None:
    """Buttons that act on the chosen row are offered only when there is a row to choose."""
    for b in buttons:
        b.setEnabled(can_change and has_rows)


def set_read_only(root: QWidget, can_change: bool) -> None:
    """Disable every button that would change the record. The service refuses anyway."""
    for b in root.findChildren(QPushButton):
        if b.property("edits"):
            b.setEnabled(can_change)


# ---- text on screen ------------------------------------------------------------------------


def _no_taller(label: QLabel) -> None:
    """Never taller than its words need. The height-for-width flag that word wrapping set
    is kept, or the label would reserve room for its text wrapped at some narrow width."""
    policy = label.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Maximum)
    policy.setHeightForWidth(label.wordWrap())
    label.setSizePolicy(policy)


def heading(text: str, level: int = 2) -> QLabel:
    label = style.heading(text, level)
    _no_taller(label)
    return label


def hint(text: str) -> QLabel:
    label = style.paragraph(text, muted=True)
    _no_taller(label)
    return label


def note(text: str = "") -> QLabel:
    """An explanation in ordinary text: empty states, summaries."""
    label = style.paragraph(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    _no_taller(label)
    return label


def flag_style(tone: str) -> str:
    bg, fg = TONES[tone]
    return (f"background: {bg}; color: {fg}; border: 1px solid {fg}; border-radius: 4px; "
            "padding: 0.25em 0.6em; font-weight: bold;")


def flag(text: str, tone: str = "amber") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(flag_style(tone))
    label.setAccessibleName(text)
    _no_taller(label)
    return label


def problem_label() -> QLabel:
    return style.error_label()


def show_problem(label: QLabel, text: str | None) -> None:
    style.show_error(label, text)


def attempt(action: Callable[[], object], problem: QLabel,
            fields: dict[str, QWidget] | None = None, first: QWidget | None = None):
    """Run a service call; on a refusal show its sentence beside the form, put the cursor in
    the field it concerns, and keep everything typed. Returns the result, or None."""
    try:
        result = action()
    except ValidationError as exc:
        show_problem(problem, str(exc))
        target = (fields or {}).get(exc.field or "", first)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        return None
    except CareCoordError as exc:
        show_problem(problem, str(exc))
        return None
    show_problem(problem, None)
    return result


# ---- tables -------------------------------------------------------------------------------


def table(name: str, headers: Sequence[str], fit_rows: int | None = None) -> QTableWidget:
    """A read-only list: whole rows selected, arrows move, Tab leaves the table. Columns fit
    their words and the last one takes the spare width, so put long, wrapping text last.
    In a narrow window the columns give way, their text wraps, and a heading takes a second
    line rather than end in '…'. With `fit_rows`, the table is as tall as its rows (up to
    that many), with no grey gap."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeader(WrappingHeader(t))
    t.setHorizontalHeaderLabels(list(headers))
    t.setAccessibleName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setTabKeyNavigation(False)
    t.setWordWrap(True)
    t.setAlternatingRowColors(True)
    t.verticalHeader().hide()
    header = t.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    t.setProperty("fit_rows", fit_rows)
    t.setProperty("widest", 22)
    _Fitter(t)
    return t


class _WrappedHeadings(QProxyStyle):
    """Draws a column heading wrapped at its spaces. Qt's own styles draw it on one line and
    end it in '…' when the column is narrower than the words."""

    def drawControl(self, element, option, painter, widget=None) -> None:  # noqa: N802
        if (element != QStyle.ControlElement.CE_HeaderLabel
                or not isinstance(option, QStyleOptionHeader) or not option.text
                or not option.icon.isNull()):
            super().drawControl(element, option, painter, widget)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_On:  # the chosen column, as Qt marks it
            font = QFont(painter.font())
            font.setBold(True)
            painter.setFont(font)
        self.drawItemText(painter, option.rect,
                          option.textAlignment.value | Qt.TextFlag.TextWordWrap.value,
                          option.palette, bool(option.state & QStyle.StateFlag.State_Enabled),
                          option.text, QPalette.ColorRole.ButtonText)
        painter.restore()


class WrappingHeader(QHeaderView):
    """Column headings that wrap onto more lines when their column is narrow, with the
    header as tall as its tallest heading. The headings' text is unchanged, so a screen
    reader reads them whole."""

    def __init__(self, parent: QTableWidget):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as the table's own header: the chosen column is
        self.setHighlightSections(True)  # shown in bold
        base = QStyleFactory.create(QApplication.style().name())
        self.wrapping_style = _WrappedHeadings(base)
        self.wrapping_style.setParent(self)
        self.setStyle(self.wrapping_style)
        self._height = 0
        self.sectionResized.connect(self._resized)

    def heading(self, logical: int) -> str:
        text = self.model().headerData(logical, self.orientation(),
                                       Qt.ItemDataRole.DisplayRole)
        return str(text or "")

    def _metrics(self) -> QFontMetrics:
        bold = QFont(self.font())
        bold.setBold(True)  # the widest a heading is drawn: the chosen column's is in bold
        return QFontMetrics(bold)

    def _margin(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)

    def _words(self, text: str, width: int) -> QRect:
        """Where the heading's words go, wrapped at spaces to `width` (or wider, for a word
        longer than that)."""
        room = QRect(0, 0, max(1, width), 100_000)
        return self._metrics().boundingRect(room, Qt.TextFlag.TextWordWrap, text)

    def _words_height(self, text: str, width: int) -> int:
        return self._words(text, width).height()

    def two_line_width(self, logical: int) -> int:
        """The narrowest the column can be with its heading on at most two lines."""
        text = self.heading(logical)
        two_lines = self._words_height("a a", 1)

        def fits(width: int) -> bool:
            words = self._words(text, width)
            return words.width() <= width and words.height() <= two_lines

        low, high = 1, self._metrics().horizontalAdvance(text) + 1
        while low < high:  # measured as it is drawn, which a sum of words' widths is not
            mid = (low + high) // 2
            low, high = (low, mid) if fits(mid) else (mid + 1, high)
        return low + 2 * self._margin()

    def sectionSizeFromContents(self, logical: int) -> QSize:  # noqa: N802 (Qt's name)
        size = super().sectionSizeFromContents(logical)
        text = self.heading(logical)
        if not text:
            return size
        wrapped = self._words_height(text, self.sectionSize(logical) - 2 * self._margin())
        return QSize(size.width(), size.height() + wrapped - self._words_height(text, 100_000))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        heights = [self.sectionSizeFromContents(i).height() for i in range(self.count())
                   if not self.isSectionHidden(i)]
        return QSize(hint.width(), max(heights, default=hint.height()))

    def _resized(self, *_args) -> None:
        """A heading may need another line now, or one fewer: the table makes room."""
        height = self.sizeHint().height()
        if height != self._height:
            self._height = height
            self.geometriesChanged.emit()


def _squeezed(widths: list[int], floors: list[list[int]], room: int) -> list[int]:
    """Narrow the columns to fit `room`, the widest giving way first (all above some level
    are cut to it), none below its floor: the first set of floors that leaves room wins."""
    if sum(widths) <= room:
        return widths
    for floor in floors:
        least = [min(wd, f) for wd, f in zip(widths, floor, strict=True)]
        if sum(least) > room:
            continue

        def at(level: int, least=least) -> list[int]:
            return [min(wd, max(lo, level)) for wd, lo in zip(widths, least, strict=True)]

        low, high = 0, max(widths)  # the highest level at which the columns fit
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if sum(at(mid)) <= room else (low, mid - 1)
        return at(low)
    return [min(wd, f) for wd, f in zip(widths, floors[-1], strict=True)]


class _Fitter(QObject):
    """Keeps a table's columns within its width as the window (or the font) changes size.

    Columns take the width of their words, capped. When that is wider than the table they
    give way (the wide ones first) and their text wraps, so nothing hides behind a scroll
    bar; see `_floors` for how far. Row heights follow once the widths have settled, which
    is only known after the layout has run: hence a zero-delay, coalescing timer.
    """

    def __init__(self, t: QTableWidget):
        super().__init__(t)
        self.t = t
        self.columns_timer = self._timer(self.fit)
        self.rows_timer = self._timer(self.rows)
        t.installEventFilter(self)
        # A vertical scroll bar coming or going changes the width without resizing the table.
        t.viewport().installEventFilter(self)
        t.horizontalHeader().sectionResized.connect(lambda *_a: self.rows_timer.start())
        t.setProperty("fitter", self)

    def _timer(self, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # Only a change of width moves the columns; the heights change as rows are fitted.
        if event.type() == QEvent.Type.Show or (
                event.type() == QEvent.Type.Resize
                and event.size().width() != event.oldSize().width()):
            self.columns_timer.start()
        return False

    def fit(self) -> None:
        t = self.t
        count = t.columnCount()
        if count == 0:
            return
        m = style.em(t)
        header = t.horizontalHeader()
        widest = m * int(t.property("widest") or 22)
        shown = [not t.isColumnHidden(c) for c in range(count)]
        # What resizeColumnsToContents would give, without moving the columns meanwhile.
        widths = [min(max(t.sizeHintForColumn(c), header.sectionSizeHint(c)) + m // 2,
                      widest) if shown[c] else 0 for c in range(count)]
        room = t.viewport().width()
        if t.isVisible() and sum(widths) > room:
            widths = _squeezed(widths, self._floors(widths, shown, m), room)
        # The last column then stretches to the table's edge; it is set too, because the
        # header never stretches it narrower than its own width.
        for c in range(count):
            if shown[c]:
                t.setColumnWidth(c, widths[c])
        self.rows()

    def _floors(self, widths: list[int], shown: list[bool], m: int) -> list[list[int]]:
        """How narrow the columns may become (m is one line's height): no narrower than six
        m (ten for the last column, which holds the longest text) nor than its heading on
        one line, if that leaves room; else than six m (or ten); else than the column's
        longest word; else than four m, where a long word breaks. A heading is never made
        to take more than two lines."""
        header = self.t.horizontalHeader()
        count = len(widths)
        last = max((c for c in range(count) if shown[c]), default=count - 1)
        words = self._longest_words(m * 9)
        least = [min(wd, max(m * 4, header.two_line_width(c))) if shown[c] else 0
                 for c, wd in enumerate(widths)]
        whole = [min(wd, max(lo, words[c]))
                 for c, (wd, lo) in enumerate(zip(widths, least, strict=True))]
        readable = [min(wd, max(lo, m * (10 if c == last else 6)))
                    for c, (wd, lo) in enumerate(zip(widths, whole, strict=True))]
        one_line = [min(wd, max(lo, header.sectionSizeHint(c))) if shown[c] else 0
                    for c, (wd, lo) in enumerate(zip(widths, readable, strict=True))]
        return [one_line, readable, whole, least]

    def _longest_words(self, cap: int) -> list[int]:
        """Each column's longest word with the cell's margins, up to `cap` (an email address
        may still wrap inside itself). A line may also break after a hyphen."""
        t = self.t
        inset = 2 * (t.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, t)
                     + 1) + 1
        metrics: dict[str, QFontMetrics] = {}
        longest = [0] * t.columnCount()
        for row in range(t.rowCount()):
            for column in range(t.columnCount()):
                item = t.item(row, column)
                if item is None or t.columnSpan(row, column) > 1:
                    continue
                font = item.font()
                if font.key() not in metrics:
                    metrics[font.key()] = QFontMetrics(font)
                fm = metrics[font.key()]
                widest = max((fm.horizontalAdvance(w) for w in _WORDS.split(item.text())),
                             default=0)
                longest[column] = max(longest[column], min(cap, widest + inset))
        return longest

    def rows(self) -> None:
        self.t.resizeRowsToContents()
        if self.t.property("fit_rows"):
            fit_height(self.t, self.t.property("fit_rows"))


def heading_row(t: QTableWidget, row: int, title: str, muted: bool = False) -> None:
    """A heading inside a list: spans the row, and the arrow keys pass over it."""
    item = QTableWidgetItem(title)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    font = QFont(t.font())
    font.setBold(not muted)
    font.setItalic(muted)
    item.setFont(font)
    bg, fg = TONES["grey"]
    item.setBackground(QBrush(QColor(bg if not muted else "#ffffff")))
    item.setForeground(QBrush(QColor(fg if not muted else style.MUTED_FG)))
    t.setItem(row, 0, item)
    t.setSpan(row, 0, 1, t.columnCount())


def fill_row(t: QTableWidget, row: int, cells: Sequence[str], *, data=None,
             tones: dict[int, str] | None = None, muted: bool = False,
             bold: bool = False) -> None:
    """One row of text. `tones` colours chosen cells; the words in them say the same."""
    for col, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setToolTip(text if len(text) > 40 else "")
        if col == 0 and data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data)
        tone = (tones or {}).get(col)
        if tone:
            bg, fg = TONES[tone]
            item.setBackground(QBrush(QColor(bg)))
            item.setForeground(QBrush(QColor(fg)))
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        elif muted:
            item.setForeground(QBrush(QColor(style.MUTED_FG)))
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        t.setItem(row, col, item)


def fit_columns(t: QTableWidget, widest: int = 22) -> None:
    """Size columns to their words (at most `widest` lines of text wide), and rows to fit."""
    t.setProperty("widest", widest)
    t.property("fitter").fit()


def fit_height(t: QTableWidget, most_rows: int = 8) -> None:
    """Show every row up to `most_rows` without an empty grey area below short lists."""
    rows = min(t.rowCount(), most_rows)
    height = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
    height += sum(t.rowHeight(r) for r in range(rows)) if rows else style.em(t) * 2
    if t.horizontalScrollBar().isVisible():
        height += t.horizontalScrollBar().height()
    if t.rowCount() <= most_rows:
        t.setMinimumHeight(height)
        t.setMaximumHeight(height)
    else:
        # A long list scrolls inside itself, but still shows its first few rows whole:
        # wrapped rows can be several lines tall, so a fixed 8 em could show one and a half.
        first = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth() + sum(
            t.rowHeight(r) for r in range(min(5, most_rows)))
        t.setMinimumHeight(max(style.em(t) * 8, first))
        t.setMaximumHeight(16_777_215)


def selected_data(t: QTableWidget):
    row = t.currentRow()
    if row < 0 or not t.selectionModel().isRowSelected(row, t.rootIndex()):
        return None
    item = t.item(row, 0)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def select_data(t: QTableWidget, data) -> bool:
    for row in range(t.rowCount()):
        item = t.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == data:
            t.selectRow(row)
            t.setCurrentCell(row, 0)
            return True
    return False


# ---- dialogs ------------------------------------------------------------------------------


class FormDialog(QDialog):
    """A short form: an explanation, labelled fields, a plain message, and two buttons.

    Subclasses add rows with `row()` and implement `perform()`, which calls the service and
    returns its result. A refusal is shown above the buttons and nothing typed is lost.
    The dialog is opened with `open()`, so tests and the lock screen can reach it.
    """

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_value = None
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        self.intro = style.paragraph(intro)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.body = layout
        self.problem = problem_label()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setAccessibleName(ok_text.replace("&", ""))
        self.cancel = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Only once the button is inside the dialog does the dialog learn of its default.
        self.ok.setDefault(True)
        self.setMinimumWidth(style.em(self) * 36)

    def row(self, text: str, field: QWidget, key: str | None = None,
            accessible: str | None = None) -> QWidget:
        self.form.addRow(label_for(text, field, accessible), field)
        if key:
            self.fields[key] = field
        return field

    def run(self) -> None:
        result = attempt(self.perform, self.problem, self.fields, self.first_field())
        if result is None and self.problem.isVisible():
            return
        self.result_value = result
        self.accept()

    def first_field(self) -> QWidget | None:
        return next(iter(self.fields.values()), None)

    def perform(self):
        raise NotImplementedError
