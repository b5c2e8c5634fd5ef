"""My appointments for one ISO week, across everyone I see, day by day.

Alt+Left and Alt+Right move a week back and forward while the view has the keyboard; they
are taken here before any window-wide shortcut, so the view works the same wherever it is
placed. Enter on an appointment opens that person's record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from carecoord.domain.dates import format_date
from carecoord.domain.enums import AppointmentStatus
from carecoord.services import appointments
from carecoord.services.appointments import WeekItem
from carecoord.services.base import Ctx
from ui import style
from ui.team import widgets as w

COLUMNS = ("Time", "Person", "NHS number", "Kind", "Place", "Purpose", "Status")
TONE = {AppointmentStatus.ATTENDED: "green", AppointmentStatus.DID_NOT_ATTEND: "amber"}
_WEEK_KEYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}


def _nhs(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class WeekView(QWidget):
    open_person = Signal(int)

    def __init__(self, ctx: Ctx, parent: QWidget | None = None,
                 week_start: dt.date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.week_start = monday_of(week_start or ctx.today())
        self.items: list[WeekItem] = []
        self.clashing: set[int] = set()

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.heading("My appointments", 1))
        bar = QHBoxLayout()
        self.previous_button = w.button("← &Previous week", "Alt+Left")
        self.this_week_button = w.button("T&his week", "Go back to the current week (Alt+H)")
        self.next_button = w.button("Ne&xt week →", "Alt+Right")
        self.week_label = w.heading("", 2)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.this_week_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(style.em(self))
        bar.addWidget(self.week_label, 1)
        layout.addLayout(bar)
        self.summary = w.note("")
        layout.addWidget(self.summary)
        self.table = w.table("My appointments this week", COLUMNS)
        layout.addWidget(self.table, 1)
        layout.addWidget(w.hint("Press Enter on an appointment to open the person's record. "
                                "Alt+Left and Alt+Right move a week at a time."))

        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.this_week_button.clicked.connect(self.this_week)
        self.table.activated.connect(self._activated)
        for child in (self, *self.findChildren(QWidget)):
            child.installEventFilter(self)
        self.refresh()

    # -- keys ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
                event, QKeyEvent):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if mods == Qt.KeyboardModifier.AltModifier and event.key() in _WEEK_KEYS:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.step(_WEEK_KEYS[Qt.Key(event.key())])
                return True
        return super().eventFilter(watched, event)

    # -- weeks --------------------------------------------------------------------------------

    def step(self, weeks: int) -> None:
        self.show_week(self.week_start + dt.timedelta(weeks=weeks))

    def this_week(self) -> None:
        self.show_week(self.ctx.today())

    def show_week(self, day: dt.date) -> None:
        self.week_start = monday_of(day)
        self.refresh()

    def refresh(self) -> None:
        me = self.ctx.actor.professional_id
        start, today = self.week_start, self.ctx.today()
        end = start + dt.timedelta(days=6)
        same_month = start.month == end.month
        first = format_date(start, "%-d") if same_month else format_date(start, "%-d %B")
        self.week_label.setText(
            f"{first} to {format_date(end, '%-d %B %Y')}"
            + (" (this week)" if start <= today <= end else ""))
        self.week_label.setAccessibleName(f"Week of Monday {w.long_date(start)}")
        self.this_week_button.setEnabled(not start <= today <= end)
        self.items = ([] if me is None else
                      appointments.week_for_professional(self.ctx, me, start))
        self._fill(start, today)
        if me is None:
            self.summary.setText("Your user is not linked to a professional in the directory, "
                                 "so no appointments are booked with you. Ask an "
                                 "administrator to link it.")
            return
        live = [i for i in self.items if i.status not in appointments.CANCELLED]
        people = len({i.person_id for i in live})
        clashes = (f" {w.plural(len(self.clashing), 'appointment')} overlap another one: "
                   "they are marked." if self.clashing else "")
        self.summary.setText(
            f"{w.plural(len(live), 'appointment')} with {w.plural(people, 'person', 'people')}"
            f" this week.{clashes}" if live else "Nothing is booked with you this week.")

    def _find_clashes(self) -> set[int]:
        """My own double bookings: two live appointments at overlapping times."""
        live = sorted((i for i in self.items if i.status not in appointments.CANCELLED),
                      key=lambda i: i.starts_at)
        out: set[int] = set()
        for n, a in enumerate(live):
            for b in live[n + 1:]:
                if b.starts_at >= a.ends_at:
                    break
                if appointments.overlaps(a.starts_at, a.minutes, b.starts_at, b.minutes):
                    out.update((a.appointment_id, b.appointment_id))
        return out

    def _fill(self, start: dt.date, today: dt.date) -> None:
        self.clashing = self._find_clashes()
        by_day: dict[dt.date, list[WeekItem]] = {}
        for item in self.items:
            by_day.setdefault(item.starts_at.date(), []).append(item)
        t = self.table
        t.setUpdatesEnabled(False)
        t.clearSpans()
        t.setRowCount(7 + sum(max(1, len(v)) for v in by_day.values()) + 7)
        row = 0
        current = None
        for offset in range(7):
            day = start + dt.timedelta(days=offset)
            mark = " (today)" if day == today else ""
            w.heading_row(t, row, format_date(day, "%A %-d %B") + mark)
            row += 1
            items = by_day.get(day, [])
            if not items:
                w.heading_row(t, row, "Nothing booked", muted=True)
                row += 1
            for i in items:
                tone = TONE.get(i.status)
                if i.status == AppointmentStatus.BOOKED and i.starts_at.date() < today:
                    status, tone = "Booked: outcome not recorded", "amber"
                else:
                    status = i.status.label
                if i.appointment_id in self.clashing:
                    status, tone = f"{status}; overlaps another appointment", "amber"
                w.fill_row(t, row, (f"{i.starts_at:%H:%M}–{i.ends_at:%H:%M}", i.person_name,
                                    _nhs(i.nhs_number), i.mode.label, i.place or "",
                                    i.purpose, status), data=i.person_id,
                           tones={6: tone} if tone else None,
                           muted=i.status in appointments.CANCELLED)
                if current is None and day >= today:
                    current = row
                row += 1
        t.setRowCount(row)
        w.fit_columns(t, widest=20)
        t.setUpdatesEnabled(True)
        if current is None and self.items:
            current = next(r for r in range(row) if t.item(r, 0) is not None
                           and t.item(r, 0).flags() & Qt.ItemFlag.ItemIsSelectable)
        if current is not None:
            t.selectRow(current)
            t.setCurrentCell(current, 0)

    def _activated(self, index) -> None:
        item = self.table.item(index.row(), 0)
        person_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if person_id is not None:
            self.open_person.emit(int(person_id))
