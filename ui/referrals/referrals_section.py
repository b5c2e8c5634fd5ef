"""A person's referrals: to which service, why, how urgently, and how long they have waited.
Long waits are flagged in words and in colour (seed 004:407)."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from carecoord.domain.enums import ReferralStatus, ReferralUrgency
from carecoord.services import referrals, settings
from carecoord.services.base import Ctx
from carecoord.services.referrals import ReferralInput, ReferralView
from ui.list_section import ListSection
from ui.team import widgets as w

SERVICES = (
    "Community respiratory team", "Heart failure nursing service", "Falls service",
    "Memory assessment service", "Adult social care assessment", "Occupational therapy",
    "Physiotherapy", "Dietetics", "Podiatry", "Talking therapies", "Diabetes specialist team",
    "Continence service", "Tissue viability", "Palliative care team", "Cardiology clinic",
    "Respiratory clinic", "Carers' support service", "Social prescribing",
)
URGENCY_TEXT = {ReferralUrgency.ROUTINE: "&Routine", ReferralUrgency.URGENT: "&Urgent",
                ReferralUrgency.TWO_WEEK_WAIT: "T&wo-week wait"}
COLUMNS = ("Service", "Urgency", "Referred", "Status", "Waiting", "Reason")
RS = ReferralStatus
# What the screen offers next; the service holds the rule and has the last word.
NEXT_STATUS: dict[ReferralStatus, tuple[ReferralStatus, ...]] = {
    RS.AWAITING: (RS.ACCEPTED, RS.SEEN, RS.DECLINED, RS.CANCELLED),
    RS.ACCEPTED: (RS.SEEN, RS.DECLINED, RS.CANCELLED),
    RS.SEEN: (), RS.DECLINED: (), RS.CANCELLED: (),
}
STATUS_TEXT = {RS.AWAITING: "Awaiting a reply", RS.ACCEPTED: "Accepted, waiting to be seen",
               RS.SEEN: "Seen", RS.DECLINED: "Declined by the service",
               RS.CANCELLED: "Cancelled"}
STATUS_MNEMONIC = {RS.ACCEPTED: "&Accepted, waiting to be seen", RS.SEEN: "&Seen",
                   RS.DECLINED: "D&eclined by the service", RS.CANCELLED: "&Cancelled"}


URGENCY_RANK = {ReferralUrgency.TWO_WEEK_WAIT: 0, ReferralUrgency.URGENT: 1,
                ReferralUrgency.ROUTINE: 2}


def waiting_order(r: ReferralView) -> tuple:
    """Long waits first; among them the most urgent kind first; then the longest waiting."""
    return (not r.long_wait, URGENCY_RANK[r.urgency], r.referred_on, r.id)


def wait_words(r: ReferralView, weeks: int) -> tuple[str, str | None]:
    """How long it has waited, in words, and the colour that goes with them."""
    if not r.waiting:
        return (f"Seen {w.long_date(r.seen_on)}" if r.seen_on else "Not waiting"), None
    days = w.plural(r.days_waiting or 0, "day")
    if r.long_wait:
        limit = ("the two-week wait" if r.urgency == ReferralUrgency.TWO_WEEK_WAIT
                 else f"{weeks} weeks")
        return f"Long wait: {days}, over {limit}", "red"
    return f"{days}", None


class ReferralDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, person_id: int, who: str, parent: QWidget | None = None):
        super().__init__("Record a referral", f"A referral for {who} to another service.",
                         "Sa&ve referral", parent)
        self.ctx, self.person_id = ctx, person_id
        self.service = self.row("Servi&ce", w.suggestion_combo(
            "Service referred to", SERVICES, placeholder="the service referred to"),
            "service", "Service referred to")
        self.reason = self.row("Rea&son", w.text_box(
            "Reason for the referral", 2, "for example Breathless on walking to the shops; "
            "review of inhalers"), "reason", "Reason for the referral")
        self.urgency = QButtonGroup(self)
        self.urgency_radios: dict[ReferralUrgency, QRadioButton] = {}
        row = QHBoxLayout()
        for u in ReferralUrgency:
            radio = QRadioButton(URGENCY_TEXT[u])
            radio.setAccessibleName(f"Urgency: {u.label}")
            self.urgency.addButton(radio)
            self.urgency_radios[u] = radio
            row.addWidget(radio)
        row.addStretch(1)
        self.urgency_radios[ReferralUrgency.ROUTINE].setChecked(True)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Urgency", holder)
        self.fields["urgency"] = self.urgency_radios[ReferralUrgency.ROUTINE]
        self.referred_on = self.row("Referred &on", w.date_edit("Date referred", ctx.today()),
                                    "referred_on", "Date referred")
        self.status = self.row("S&tatus", w.enum_combo(
            ReferralStatus, ReferralStatus.AWAITING, "Status",
            (RS.AWAITING, RS.ACCEPTED, RS.SEEN)), "status")
        for i in range(self.status.count()):
            self.status.setItemText(i, STATUS_TEXT[RS(self.status.itemData(i))])
        self.seen_on = self.row("Date s&een", w.date_edit("Date seen"), "seen_on",
                                "Date seen")
        self.seen_on.setPlaceholderText("only if they have been seen")
        self.service.setFocus()

    def urgency_value(self) -> ReferralUrgency:
        return next(u for u, r in self.urgency_radios.items() if r.isChecked())

    def perform(self) -> ReferralView:
        return referrals.record_referral(self.ctx, self.person_id, ReferralInput(
            self.service.currentText(), self.reason.toPlainText(), self.urgency_value(),
            self.referred_on.text(), RS(self.status.currentData()),
            self.seen_on.text() or None, self.ctx.actor.professional_id))


class ReferralStatusDialog(w.FormDialog):
    """Move a referral on, or record (or correct) the date the person was seen."""

    def __init__(self, ctx: Ctx, referral: ReferralView, parent: QWidget | None = None):
        r = referral
        super().__init__("Update the referral",
                         f"{r.service}, {r.urgency.label.lower()}, referred on "
                         f"{w.long_date(r.referred_on)}. It is now: "
                         f"{STATUS_TEXT[r.status].lower()}.", "Sa&ve", parent)
        self.ctx, self.referral = ctx, r
        self.radios: dict[ReferralStatus, QRadioButton] = {}
        group = QButtonGroup(self)
        for status in NEXT_STATUS[r.status] or ((RS.SEEN,) if r.status == RS.SEEN else ()):
            text = STATUS_MNEMONIC[status]
            if status == r.status:
                text = "Correct the date &seen"
            radio = QRadioButton(text)
            radio.setAccessibleName(text.replace("&", ""))
            group.addButton(radio)
            self.radios[status] = radio
            self.form.addRow(radio)
            radio.toggled.connect(self._chosen_changed)
        self.seen_on = self.row("&Date seen", w.date_edit("Date seen", r.seen_on or
                                                          ctx.today()), "seen_on")
        self.note = self.row("&Note", w.line_edit("Note", "optional"), "note")
        first = next(iter(self.radios.values()), None)
        if first is not None:
            first.setChecked(True)
            first.setFocus()
        self._chosen_changed()

    def chosen(self) -> ReferralStatus | None:
        return next((s for s, r in self.radios.items() if r.isChecked()), None)

    def _chosen_changed(self, *_args) -> None:
        self.seen_on.setEnabled(self.chosen() == RS.SEEN)

    def perform(self) -> ReferralView:
        status = self.chosen()
        if status == RS.SEEN and self.referral.status == RS.SEEN:
            return referrals.set_seen_on(self.ctx, self.referral.id, self.seen_on.text())
        seen = self.seen_on.text() if status == RS.SEEN else None
        return referrals.update_status(self.ctx, self.referral.id, status, seen,
                                       self.note.text())


class ReferralsSection(ListSection):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, person_id, "Referrals", parent, person_name)
        self.referrals: list[ReferralView] = []
        self.summary = self.add(w.flag("", "red"))
        self.add_button = self.action("&Record a referral…", "Record a referral to another "
                                      "service (Alt+R)", self.record)
        self.update_button = self.action("&Update…", "Accepted, seen, declined or cancelled; "
                                         "the date seen (Alt+U)", self.update_status)
        self.toolbar(self.add_button, self.update_button)
        self.list_table(f"Referrals for {self.who}", COLUMNS, 12, on_open=self.update_status)
        self.ready()

    def listed(self) -> list[ReferralView]:
        return self.referrals

    def refresh(self) -> None:
        keep = w.selected_data(self.table)
        weeks = settings.referral_long_wait_weeks(self.ctx)
        found = referrals.for_person(self.ctx, self.person_id)
        waiting = sorted((r for r in found if r.waiting), key=waiting_order)
        closed = [r for r in found if not r.waiting]
        self.referrals = waiting + closed
        t = self.table
        t.clearSpans()
        t.setRowCount(len(self.referrals) + 2)
        row = 0
        for title, items in (("Waiting", waiting), ("Closed", closed)):
            if not items:
                continue
            w.heading_row(t, row, title)
            row += 1
            for r in items:
                wait, tone = wait_words(r, weeks)
                tones = {4: tone} if tone else {}
                if r.urgency == ReferralUrgency.TWO_WEEK_WAIT and r.waiting:
                    tones[1] = "amber"
                w.fill_row(t, row, (r.service, r.urgency.label, w.long_date(r.referred_on),
                                    STATUS_TEXT[r.status], wait, r.reason), data=r.id,
                           tones=tones, muted=not r.waiting)
                row += 1
        t.setRowCount(row)
        w.fit_columns(t)
        t.setVisible(bool(found))
        self.empty.setVisible(not found)
        w.enable_for_rows(self.can_change, bool(found), self.update_button)
        self.empty.setText(f"No referrals recorded for {self.who}. Press Alt+R to record "
                           "one.")
        long_waits = [r for r in waiting if r.long_wait]
        self.summary.setVisible(bool(long_waits))
        if long_waits:
            names = "; ".join(f"{r.service} ({r.urgency.label.lower()}, "
                              f"{r.days_waiting} days)" for r in long_waits[:3])
            self.summary.setText(f"{w.plural(len(long_waits), 'long wait')}: {names}. "
                                 "Consider chasing the service.")
            self.summary.setAccessibleName(self.summary.text())
        self.reselect(keep, self.referrals[0].id if self.referrals else None)

    def record(self) -> None:
        self.open_dialog(ReferralDialog(self.ctx, self.person_id, self.who, self))

    def update_status(self) -> None:
        r = self.selected()
        if r is None:
            self.need_choice("a referral", self.table)
            return
        if not NEXT_STATUS[r.status] and r.status != RS.SEEN:
            w.show_problem(self.problem, f"This referral was {r.status.label.lower()}. Record "
                                         "a new referral if one is needed.")
            return
        self.open_dialog(ReferralStatusDialog(self.ctx, r, self))
