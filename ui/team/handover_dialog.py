"""Set or hand over the named lead professional, with the date and a handover note.

There is one lead at a time (seed 001:2259): the current lead's period ends on the handover
date and the new one's starts, so the timeline of who led, and when, stays unbroken.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carecoord.services import team
from carecoord.services.base import Ctx
from carecoord.services.team import LeadPeriod, ProfessionalView
from ui.team import widgets as w


class HandoverDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        who = person_name or "this person"
        current = team.current_lead(ctx, person_id)
        history = team.lead_history(ctx, person_id)
        since = next((p.started_on for p in reversed(history) if p.ended_on is None), None)
        if current is None:
            title, ok = "Set the lead professional", "&Set as lead"
            intro = (f"{who} has no named lead professional. Choose who will coordinate "
                     "their care. They join the care team as a core member if they are not "
                     "already in it.")
        else:
            title, ok = "Hand over the lead professional", "&Hand over"
            intro = (f"{current.label} has been {who}'s lead professional since "
                     f"{w.long_date(since)}. Their time as lead ends on the handover date, "
                     "and the new lead's begins.")
        super().__init__(title, intro, ok, parent)
        self.ctx, self.person_id, self.current = ctx, person_id, current
        self.candidates = self._candidates()
        self.choice = w.combo("New lead professional")
        for pro, why in self.candidates:
            self.choice.addItem(f"{pro.label}{why}", pro.id)
        self.row("New &lead professional", self.choice, "professional",
                 "New lead professional")
        self.on = self.row("Handover &date", w.date_edit("Handover date", ctx.today()),
                           "handover date")
        self.note = self.row("Handover &note", w.text_box(
            "Handover note", 4, "What the new lead needs to know: what matters to the "
            "person, what is in progress, anything due soon."), "note")
        if not self.candidates:
            w.show_problem(self.problem, "There is no one to hand over to. Add them to the "
                                         "care team from the directory first.")
            self.ok.setEnabled(False)
        self.body.insertWidget(2, w.hint("To hand over to someone not yet in the team, add "
                                         "them from the directory first."))
        self.setWindowTitle(title)
        self.choice.setFocus()

    def _candidates(self) -> list[tuple[ProfessionalView, str]]:
        """Current team members other than the lead; the signed-in user first if they are
        not in the team yet, since 'I will take this on' is the commonest handover."""
        current_id = self.current.id if self.current else None
        out: list[tuple[ProfessionalView, str]] = []
        members = [m for m in team.team_for(self.ctx, self.person_id)
                   if m.professional.id != current_id]
        me = self.ctx.actor.professional_id
        if me is not None and me != current_id and all(m.professional.id != me
                                                        for m in members):
            out.append((team.get_professional(self.ctx, me), " — you"))
        for m in members:
            out.append((m.professional, " — you" if m.professional.id == me else ""))
        return out

    def perform(self) -> LeadPeriod:
        return team.handover_lead(self.ctx, self.person_id, self.choice.currentData(),
                                  self.on.text(), self.note.toPlainText())
