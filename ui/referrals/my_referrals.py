"""Outstanding referrals for everyone I lead: long waits first, then the longest waiting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from carecoord.domain.enums import ReferralUrgency
from carecoord.services import referrals, settings
from carecoord.services.base import Ctx
from carecoord.services.referrals import ReferralView
from ui import style
from ui.referrals.referrals_section import STATUS_TEXT, wait_words, waiting_order
from ui.team import widgets as w

COLUMNS = ("Person", "Service", "Urgency", "Referred", "Status", "Waiting", "Reason")


class OutstandingReferrals(QWidget):
    open_person = Signal(int)
    changed = Signal()

    def __init__(self, ctx: Ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.referrals: list[ReferralView] = []
        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.heading("Outstanding referrals", 1))
        self.summary = w.note("")
        layout.addWidget(self.summary)
        self.table = w.table("Outstanding referrals for people I lead", COLUMNS)
        layout.addWidget(self.table, 1)
        layout.addWidget(w.hint("Press Enter on a referral to open the person's record, "
                                "where it can be updated."))
        self.table.activated.connect(self._activated)
        self.refresh()

    def refresh(self) -> None:
        weeks = settings.referral_long_wait_weeks(self.ctx)
        self.referrals = sorted(referrals.outstanding_for_my_caseload(self.ctx),
                                key=waiting_order)
        t = self.table
        t.setRowCount(len(self.referrals))
        for row, r in enumerate(self.referrals):
            wait, tone = wait_words(r, weeks)
            tones = {5: tone} if tone else {}
            if r.urgency == ReferralUrgency.TWO_WEEK_WAIT:
                tones[2] = "amber"
            w.fill_row(t, row, (r.person_name, r.service, r.urgency.label,
                                w.long_date(r.referred_on), STATUS_TEXT[r.status], wait,
                                r.reason), data=r.person_id, tones=tones)
        w.fit_columns(t, widest=16)
        if self.referrals:
            t.selectRow(0)
        long_waits = sum(r.long_wait for r in self.referrals)
        if self.ctx.actor.professional_id is None:
            text = ("Your user is not linked to a professional in the directory, so there is "
                    "no caseload to list.")
        elif not self.referrals:
            text = "No referrals are waiting for the people you lead."
        else:
            text = (f"{w.plural(len(self.referrals), 'referral')} waiting for the people you "
                    f"lead; {w.plural(long_waits, 'long wait')}. A two-week-wait referral is a "
                    f"long wait after 14 days, others after {weeks} weeks.")
        self.summary.setText(text)
        t.setVisible(bool(self.referrals))

    def _activated(self, index) -> None:
        item = self.table.item(index.row(), 0)
        person_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if person_id is not None:
            self.open_person.emit(int(person_id))
