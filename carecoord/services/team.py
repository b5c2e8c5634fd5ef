"""The directory, care team membership and the named lead professional's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from carecoord.domain.dates import parse_date
from carecoord.domain.enums import MemberType, Sector
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, clean, reading
from carecoord.store.models import (
    CareTeamMember,
    LeadAssignment,
    Organisation,
    Person,
    Professional,
)


@dataclass(frozen=True)
class ProfessionalInput:
    name: str
    role: str
    sector: Sector
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None
    out_of_hours: str | None = None


@dataclass(frozen=True)
class ProfessionalView:
    id: int
    uid: str
    name: str
    role: str
    sector: Sector
    organisation: str | None
    phone: str | None
    email: str | None
    out_of_hours: str | None

    @property
    def label(self) -> str:
        org = f", {self.organisation}" if self.organisation else ""
        return f"{self.name} ({self.role}{org})"


@dataclass(frozen=True)
class MemberView:
    id: int
    professional: ProfessionalView
    member_type: MemberType
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: str | None
    is_lead: bool


@dataclass(frozen=True)
class LeadPeriod:
    professional: ProfessionalView
    started_on: dt.date
    ended_on: dt.date | None
    handover_note: str | None


def _pro_view(w: Work, p: Professional) -> ProfessionalView:
    org = None
    if p.organisation_id:
        org = w.session.scalar(select(Organisation.name)
                               .where(Organisation.id == p.organisation_id))
    return ProfessionalView(p.id, p.uid, p.name, p.role, p.sector, org, p.phone, p.email,
                            p.out_of_hours)


def _organisation(w: Work, name: str | None, sector: Sector) -> int | None:
    name = clean(name)
    if not name:
        return None
    org = w.session.scalar(select(Organisation).where(func.lower(Organisation.name)
                                                      == name.lower()))
    if org is None:
        org = Organisation(name=name, sector=sector)
        w.session.add(org)
        w.session.flush()
    return org.id


def _validate_pro(data: ProfessionalInput) -> None:
    if not (data.name or "").strip():
        raise ValidationError("Enter the professional's name.", "name")
    if not (data.role or "").strip():
        raise ValidationError("Enter their role, for example 'District nurse'.", "role")
    email = clean(data.email)
    if email and ("@" not in email or " " in email):
        raise ValidationError(f"'{email}' is not an email address.", "email")
    Sector(data.sector)


def add_professional(ctx: Ctx, data: ProfessionalInput) -> ProfessionalView:
    _validate_pro(data)
    with changing(ctx) as w:
        sector = Sector(data.sector)
        p = Professional(name=data.name.strip(), role=data.role.strip(), sector=sector,
                         organisation_id=_organisation(w, data.organisation, sector),
                         phone=clean(data.phone), email=clean(data.email),
                         out_of_hours=clean(data.out_of_hours))
        w.session.add(p)
        w.session.flush()
        w.audit("create", "professional", p.id, name=p.name)
        return _pro_view(w, p)


def similar_professionals(ctx: Ctx, name: str, limit: int = 5) -> list[ProfessionalView]:
    """Possible duplicates as the user types: same surname or a shared name prefix."""
    text = (name or "").strip().lower()
    if len(text) < 3:
        return []
    parts = [p for p in text.replace(",", " ").split() if len(p) >= 3]
    with reading(ctx) as w:
        conds = [func.lower(Professional.name).contains(p) for p in parts] or [
            func.lower(Professional.name).contains(text)]
        rows = w.session.scalars(select(Professional).where(
            Professional.retired_on.is_(None), or_(*conds)).order_by(Professional.name)
            .limit(limit))
        return [_pro_view(w, p) for p in rows]


def directory(ctx: Ctx, search: str = "", limit: int | None = 200) -> list[ProfessionalView]:
    """Current professionals by name; `limit=None` for every one (a choice of lead must
    offer them all)."""
    with reading(ctx) as w:
        q = select(Professional).where(Professional.retired_on.is_(None))
        if search.strip():
            q = q.where(func.lower(Professional.name).contains(search.strip().lower()))
        return [_pro_view(w, p) for p in w.session.scalars(
            q.order_by(Professional.name).limit(limit))]


def get_professional(ctx: Ctx, professional_id: int) -> ProfessionalView:
    with reading(ctx) as w:
        return _pro_view(w, w.get(Professional, professional_id, "professional"))


def _lead_id(w: Work, person_id: int) -> int | None:
    return w.session.scalar(select(LeadAssignment.professional_id).where(
        LeadAssignment.person_id == person_id, LeadAssignment.ended_on.is_(None)))


def team_for(ctx: Ctx, person_id: int, include_ended: bool = False) -> list[MemberView]:
    """The lead first, then core members, then specialist input as required, by sector."""
    with reading(ctx) as w:
        lead = _lead_id(w, person_id)
        q = select(CareTeamMember).where(CareTeamMember.person_id == person_id)
        if not include_ended:
            q = q.where(CareTeamMember.ended_on.is_(None))
        out = [MemberView(m.id, _pro_view(w, w.session.get(Professional, m.professional_id)),
                          m.member_type, m.started_on, m.ended_on, m.end_reason,
                          m.professional_id == lead and m.ended_on is None)
               for m in w.session.scalars(q)]
    order = list(Sector)
    out.sort(key=lambda m: (not m.is_lead, m.ended_on is not None,
                            m.member_type != MemberType.CORE,
                            order.index(m.professional.sector), m.professional.name))
    return out


def add_member(ctx: Ctx, person_id: int, professional_id: int,
               member_type: MemberType = MemberType.CORE,
               started_on: dt.date | None = None) -> MemberView:
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        pro = w.get(Professional, professional_id, "professional")
        existing = w.session.scalar(select(CareTeamMember).where(
            CareTeamMember.person_id == person_id,
            CareTeamMember.professional_id == professional_id,
            CareTeamMember.ended_on.is_(None)))
        if existing:
            raise RuleError(f"{pro.name} is already in this care team.")
        m = CareTeamMember(person_id=person_id, professional_id=professional_id,
                           member_type=MemberType(member_type),
                           started_on=started_on or ctx.today())
        w.session.add(m)
        w.session.flush()
        w.audit("create", "care_team_member", m.id, person_id, professional=pro.name)
        return MemberView(m.id, _pro_view(w, pro), m.member_type, m.started_on, None, None,
                          _lead_id(w, person_id) == pro.id)


def end_member(ctx: Ctx, member_id: int, reason: str,
               on: str | dt.date | None = None) -> None:
    """A member who leaves is ended with a date, not deleted. The lead must be handed over
    first, so the person is never left without one by accident."""
    day = on if isinstance(on, dt.date) else parse_date(on, "ended_on") or ctx.today()
    with changing(ctx) as w:
        m = w.get(CareTeamMember, member_id, "team member")
        if m.ended_on:
            raise RuleError("This member has already left the team.")
        if day < m.started_on:
            raise ValidationError("A member cannot leave before they joined.", "ended_on")
        if _lead_id(w, m.person_id) == m.professional_id:
            raise RuleError("This member is the lead professional. Hand over the lead to "
                            "someone else first.")
        m.ended_on, m.end_reason = day, clean(reason) or "Left the team"
        w.audit("end", "care_team_member", m.id, m.person_id, reason=m.end_reason)


def handover_lead(ctx: Ctx, person_id: int, professional_id: int,
                  on: str | dt.date | None = None, note: str | None = None) -> LeadPeriod:
    """Exactly one lead at a time: end the current period and start the new one together."""
    day = on if isinstance(on, dt.date) else parse_date(on, "handover date") or ctx.today()
    if day > ctx.today() + dt.timedelta(days=366):
        raise ValidationError("The handover date is more than a year away.", "handover date")
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        pro = w.get(Professional, professional_id, "professional")
        current = w.session.scalar(select(LeadAssignment).where(
            LeadAssignment.person_id == person_id, LeadAssignment.ended_on.is_(None)))
        if current is not None:
            if current.professional_id == professional_id:
                raise RuleError(f"{pro.name} is already the lead professional.")
            if day < current.started_on:
                raise ValidationError("The handover cannot be before the current lead began.",
                                      "handover date")
            current.ended_on = day
            w.session.flush()
        lead = LeadAssignment(person_id=person_id, professional_id=professional_id,
                              started_on=day, handover_note=clean(note),
                              recorded_by=ctx.actor.user_id)
        w.session.add(lead)
        member = w.session.scalar(select(CareTeamMember).where(
            CareTeamMember.person_id == person_id,
            CareTeamMember.professional_id == professional_id,
            CareTeamMember.ended_on.is_(None)))
        if member is None:
            w.session.add(CareTeamMember(person_id=person_id, professional_id=professional_id,
                                         member_type=MemberType.CORE, started_on=day))
        w.session.flush()
        w.audit("handover", "lead", lead.id, person_id, to=pro.name,
                previous=current.professional_id if current else None, note=clean(note))
        return LeadPeriod(_pro_view(w, pro), day, None, lead.handover_note)


def lead_history(ctx: Ctx, person_id: int) -> list[LeadPeriod]:
    with reading(ctx) as w:
        rows = w.session.scalars(select(LeadAssignment).where(
            LeadAssignment.person_id == person_id).order_by(LeadAssignment.started_on,
                                                            LeadAssignment.id))
        return [LeadPeriod(_pro_view(w, w.session.get(Professional, r.professional_id)),
                           r.started_on, r.ended_on, r.handover_note) for r in rows]


def current_lead(ctx: Ctx, person_id: int) -> ProfessionalView | None:
    with reading(ctx) as w:
        pid = _lead_id(w, person_id)
        return _pro_view(w, w.session.get(Professional, pid)) if pid else None
