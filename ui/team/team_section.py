"""The care team on a person's record: the lead first and marked, then members by sector,
core before specialist input as required; past members on request; and the timeline of
who has led the person's care."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carecoord.domain.enums import MemberType, Sector
from carecoord.services import team
from carecoord.services.base import Ctx
from carecoord.services.team import LeadPeriod, MemberView
from ui.list_section import ListSection, WrapAnywhere
from ui.team import widgets as w
from ui.team.directory_dialog import DirectoryDialog
from ui.team.handover_dialog import HandoverDialog

# Four columns with short headings, so the list fits a laptop at 150% without scrolling
# sideways: the organisation goes under the role, a past member's dates under why they left.
COLUMNS = ("Name", "Role", "Contact", "Membership")
END_REASONS = ("No longer involved", "Episode of care finished", "Moved to another team",
               "The person moved away", "Added in error")


class EndMemberDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, member: MemberView, who: str, parent: QWidget | None = None):
        super().__init__("End membership of the care team",
                         f"{member.professional.label} will no longer be shown in {who}'s "
                         "current care team. They stay in the team's history with the date "
                         "and your reason.", "&End membership", parent)
        self.ctx, self.member = ctx, member
        self.on = self.row("&Last day in the team", w.date_edit("Last day in the team",
                                                               ctx.today()), "ended_on")
        self.reason = self.row("&Reason", w.suggestion_combo("Reason", END_REASONS,
                                                             END_REASONS[0]), "reason")
        self.on.setFocus()
        self.on.selectAll()

    def perform(self):
        return team.end_member(self.ctx, self.member.id, self.reason.currentText(),
                               self.on.text())


class TeamSection(ListSection):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, person_id, "Care team", parent, person_name)
        self.members: list[MemberView] = []
        self.history: list[LeadPeriod] = []
        self.lead_line = self.add(w.flag("", "blue"))
        self.add_button = self.action("&Add from the directory…", "Add a professional to the "
                                      "care team (Alt+A)", self.add_member)
        self.lead_button = self.action("Set &lead professional…", "Choose or hand over the "
                                       "named lead professional (Alt+L)", self.set_lead)
        self.end_button = self.action("&End membership…", "The selected member leaves the "
                                      "team; they stay in its history (Alt+E)",
                                      self.end_member)
        self.show_past = self.filter_box("Show pa&st members")
        self.toolbar(self.add_button, self.lead_button, self.end_button, self.show_past)
        self.tree = self.list_table("Members of the care team", COLUMNS, 16)
        self.tree.setAlternatingRowColors(False)
        self.tree.setItemDelegateForColumn(2, WrapAnywhere(self.tree))

        self.add(w.heading(f"Who has led {self.who}'s care", 3))
        self.timeline = self.add(w.table("Lead professionals over time",
                                         ("Lead professional", "From", "To", "Handover note"),
                                         fit_rows=6))
        self.timeline_empty = self.add(w.note("No lead professional has been named yet."))
        self.ready(0)  # the spare height is taken only while the lists are hidden

    # -- showing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.members = team.team_for(self.ctx, self.person_id,
                                     include_ended=self.show_past.isChecked())
        self.history = team.lead_history(self.ctx, self.person_id)
        self._show_lead()
        self._show_members()
        self._show_timeline()

    def _show_lead(self) -> None:
        current = next((p for p in self.history if p.ended_on is None), None)
        if current is None:
            self.lead_line.setText(f"{self.who[:1].upper()}{self.who[1:]} has no lead "
                                   "professional. Press Alt+L to set one.")
            self.lead_line.setStyleSheet(w.flag_style("amber"))
        else:
            phone = f". Phone {current.professional.phone}" if current.professional.phone else ""
            self.lead_line.setText(f"Lead professional: {current.professional.label}, since "
                                   f"{w.long_date(current.started_on)}{phone}")
            self.lead_line.setStyleSheet(w.flag_style("blue"))
        self.lead_line.setAccessibleName(self.lead_line.text())

    def _member_row(self, row: int, m: MemberView) -> None:
        p = m.professional
        if m.ended_on:
            membership = (f"{f'Left: {m.end_reason}' if m.end_reason else 'Left'}\n"
                          f"{w.long_date(m.started_on)} to {w.long_date(m.ended_on)}")
        else:
            membership = m.member_type.label
            if m.is_lead:
                membership = f"★ Lead professional ({membership.lower()})"
        role = f"{p.role}\nat {p.organisation}" if p.organisation else p.role
        contact = "\n".join(x for x in (p.phone, p.email) if x)
        tones = dict.fromkeys(range(len(COLUMNS)), "blue") if m.is_lead else None
        w.fill_row(self.tree, row, (p.name, role, contact, membership), data=m.id,
                   tones=tones, muted=bool(m.ended_on))

    def _show_members(self) -> None:
        keep = self.selected_member()
        t = self.tree
        t.clearSpans()
        current = [m for m in self.members if m.ended_on is None]
        past = sorted((m for m in self.members if m.ended_on is not None),
                      key=lambda m: m.ended_on, reverse=True)
        groups: list[tuple[str, list[MemberView]]] = [
            ("Lead professional", [m for m in current if m.is_lead])]
        others = [m for m in current if not m.is_lead]
        for sector in Sector:
            groups.append((sector.label, sorted(
                (m for m in others if m.professional.sector == sector),
                key=lambda m: (m.member_type != MemberType.CORE, m.professional.name.lower()))))
        groups.append(("Past members", past))
        groups = [(title, rows) for title, rows in groups if rows]
        t.setRowCount(sum(len(rows) + 1 for _title, rows in groups))
        row = 0
        for title, rows in groups:
            w.heading_row(t, row, title)
            row += 1
            for m in rows:
                self._member_row(row, m)
                row += 1
        w.fit_columns(t)
        t.setVisible(bool(self.members))
        w.enable_for_rows(self.can_change, bool(current), self.end_button)
        if not current:
            self.empty.setText(f"No one is in {self.who}'s care team yet. Press Alt+A to add "
                               "someone from the directory, then Alt+L to name the lead "
                               "professional.")
        else:
            core = sum(m.member_type == MemberType.CORE for m in current)
            self.empty.setText(f"{w.plural(len(current), 'member')}: {core} core, "
                               f"{len(current) - core} specialist input as required.")
        if not self.select_member(keep):
            first = next((m for _title, rows in groups for m in rows), None)
            self.select_member(first)

    def _show_timeline(self) -> None:
        periods = list(reversed(self.history))  # the current lead at the top
        t = self.timeline
        t.setRowCount(len(periods))
        for row, p in enumerate(periods):
            to = w.long_date(p.ended_on) if p.ended_on else "Now (current lead)"
            w.fill_row(t, row, (p.professional.label, w.long_date(p.started_on), to,
                                p.handover_note or ""), bold=p.ended_on is None)
        w.fit_columns(t, widest=26)
        t.setVisible(bool(periods))
        self.timeline_empty.setVisible(not periods)

    # -- selection ---------------------------------------------------------------------------

    def listed(self) -> list[MemberView]:
        return self.members

    def selected_member(self) -> MemberView | None:
        return self.selected()

    def select_member(self, member: MemberView | int | None) -> bool:
        ident = member.id if isinstance(member, MemberView) else member
        return ident is not None and w.select_data(self.tree, ident)

    # -- actions ------------------------------------------------------------------------------

    def _open(self, dialog) -> None:
        # The list keeps the member chosen before the change.
        self.open_dialog(dialog, lambda _dialog: self.after_change())

    def add_member(self) -> None:
        self._open(DirectoryDialog(self.ctx, self.person_id, self, self.who))

    def set_lead(self) -> None:
        self._open(HandoverDialog(self.ctx, self.person_id, self, self.who))

    def end_member(self) -> None:
        member = self.selected_member()
        if member is None:
            self.need_choice("a member", self.tree)
            return
        if member.ended_on is not None:
            w.show_problem(self.problem, f"{member.professional.name} already left the team "
                                         f"on {w.long_date(member.ended_on)}.")
            return
        if member.is_lead:
            w.show_problem(self.problem, f"{member.professional.name} is the lead "
                                         "professional. Hand over the lead to someone else "
                                         "first (Alt+L).")
            return
        self._open(EndMemberDialog(self.ctx, member, self.who, self))
