import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from carecoord.domain.enums import MemberType, Sector
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services import team
from carecoord.store.models import CareTeamMember, LeadAssignment


def _pro(ctx, name, sector=Sector.COMMUNITY_NURSING, role="District nurse", org=None):
    return team.add_professional(ctx, team.ProfessionalInput(name, role, sector, org))


def test_one_lead_at_a_time_and_handover_keeps_history(ctx, person, today):
    first = _pro(ctx, "Priya Shah", role="Community matron")
    second = _pro(ctx, "Tom Green", role="Care coordinator")
    team.handover_lead(ctx, person.id, first.id, on=today - dt.timedelta(days=30))
    team.handover_lead(ctx, person.id, second.id, note="Priya moving to the north team")
    history = team.lead_history(ctx, person.id)
    assert [(h.professional.name, h.ended_on) for h in history] == [
        ("Priya Shah", today), ("Tom Green", None)]
    assert history[1].handover_note == "Priya moving to the north team"
    assert team.current_lead(ctx, person.id).name == "Tom Green"
    with ctx.store.session_factory() as s:
        open_leads = s.scalar(select(func.count()).select_from(LeadAssignment).where(
            LeadAssignment.person_id == person.id, LeadAssignment.ended_on.is_(None)))
    assert open_leads == 1


def test_the_store_itself_refuses_two_open_leads(ctx, person, today):
    a, b = _pro(ctx, "A Person"), _pro(ctx, "B Person")
    with ctx.store.session_factory() as s:
        s.add_all([LeadAssignment(person_id=person.id, professional_id=a.id, started_on=today),
                   LeadAssignment(person_id=person.id, professional_id=b.id, started_on=today)])
        with pytest.raises(IntegrityError):
            s.commit()


def test_handover_to_current_lead_or_before_start_is_refused(ctx, person, today):
    a, b = _pro(ctx, "A Person"), _pro(ctx, "B Person")
    team.handover_lead(ctx, person.id, a.id, on=today)
    with pytest.raises(RuleError):
        team.handover_lead(ctx, person.id, a.id)
    with pytest.raises(ValidationError):
        team.handover_lead(ctx, person.id, b.id, on=today - dt.timedelta(days=1))


def test_team_lists_lead_first_then_core_then_as_required(ctx, person):
    gp = _pro(ctx, "Dr Ade", Sector.GP_PRACTICE, "GP", "Riverside Surgery")
    sw = _pro(ctx, "Sam Lee", Sector.SOCIAL_CARE, "Social worker", "County Council")
    vol = _pro(ctx, "Age UK Navigator", Sector.VOLUNTARY_SECTOR, "Navigator", "Age UK")
    matron = _pro(ctx, "Priya Shah", role="Community matron")
    team.add_member(ctx, person.id, vol.id, MemberType.AS_REQUIRED)
    team.add_member(ctx, person.id, sw.id)
    team.add_member(ctx, person.id, gp.id)
    team.handover_lead(ctx, person.id, matron.id)
    names = [m.professional.name for m in team.team_for(ctx, person.id)]
    assert names == ["Priya Shah", "Dr Ade", "Sam Lee", "Age UK Navigator"]
    assert team.team_for(ctx, person.id)[0].is_lead


def test_member_is_ended_not_deleted(ctx, person, today):
    sw = _pro(ctx, "Sam Lee", Sector.SOCIAL_CARE, "Social worker")
    member = team.add_member(ctx, person.id, sw.id)
    team.end_member(ctx, member.id, "Case closed by social care")
    assert team.team_for(ctx, person.id) == []
    ended = team.team_for(ctx, person.id, include_ended=True)
    assert ended[0].ended_on == today and ended[0].end_reason == "Case closed by social care"
    with ctx.store.session_factory() as s:
        assert s.get(CareTeamMember, member.id) is not None


def test_the_lead_cannot_be_ended_without_handover(ctx, person):
    matron = _pro(ctx, "Priya Shah", role="Community matron")
    team.handover_lead(ctx, person.id, matron.id)
    member = team.team_for(ctx, person.id)[0]
    with pytest.raises(RuleError, match="Hand over"):
        team.end_member(ctx, member.id, "Leaving")


def test_similar_professionals_notice_duplicates(ctx):
    _pro(ctx, "Priya Shah", role="Community matron")
    assert [p.name for p in team.similar_professionals(ctx, "priya")] == ["Priya Shah"]
    assert [p.name for p in team.similar_professionals(ctx, "Dr P Shah")] == ["Priya Shah"]
    assert team.similar_professionals(ctx, "zz") == []


def test_directory_reuses_organisations(ctx):
    a = _pro(ctx, "Dr Ade", Sector.GP_PRACTICE, "GP", "Riverside Surgery")
    b = _pro(ctx, "Dr Bell", Sector.GP_PRACTICE, "GP", "riverside surgery")
    assert a.organisation == "Riverside Surgery" and b.organisation == "Riverside Surgery"


def test_professional_needs_name_role_and_valid_email(ctx):
    with pytest.raises(ValidationError):
        _pro(ctx, " ")
    with pytest.raises(ValidationError, match="email"):
        team.add_professional(ctx, team.ProfessionalInput("X Y", "GP", Sector.GP_PRACTICE,
                                                          email="not-an-email"))
