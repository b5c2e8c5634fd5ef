from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from carecoord.domain.enums import Role, Sector
from carecoord.domain.errors import NotFoundError, PermissionDenied, RuleError, ValidationError
from carecoord.domain.nhs_number import check_digit
from carecoord.security.users import add_user, login
from carecoord.services import experience as ex
from carecoord.services import plans
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, create_person
from carecoord.services.team import ProfessionalInput, add_professional, handover_lead
from carecoord.store.models import AuditEvent, ExperienceAnswer
from carecoord.store.unit_of_work import unit_of_work

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def viewer(store, today) -> Ctx:
    with unit_of_work(store.session_factory, write=True) as uow:
        add_user(uow.session, username="screen", full_name="Screen",
                 role=Role.HUDDLE_VIEWER, password="a good password")
    return Ctx(store, login(store, "screen", "a good password"), today=lambda: today)


@pytest.fixture
def new_person(ctx):
    numbers = (n + str(check_digit(n)) for n in (f"99{i:07d}" for i in itertools.count(4000000))
               if check_digit(n) is not None)
    return lambda given="Bob": create_person(ctx, PersonInput(next(numbers), given, "Jones",
                                                              "01/01/1950"))


def audits(store, entity: str) -> list[AuditEvent]:
    with store.session_factory() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.entity == entity)
                              .order_by(AuditEvent.id)))


def agreed_plan(ctx, person_id: int, on: dt.date = TODAY) -> plans.PlanView:
    draft = plans.working_plan(ctx, person_id)
    draft = draft if draft and draft.status == "draft" else plans.start_draft(ctx, person_id)
    plans.save_content(ctx, draft.id, plans.with_content(draft, what_matters="Family"))
    return plans.agree(ctx, draft.id, plans.Agreement("The person", "verbal", on,
                                                      ctx.actor.professional_id, on))


# ---- the question set -----------------------------------------------------------------


def test_the_default_five_questions_are_written_once(ctx, store):
    qs = ex.questions(ctx)
    assert [q.text for q in qs] == list(ex.DEFAULT_QUESTIONS)
    assert qs[0].text == "Did you feel listened to?" and all(q.id for q in qs)
    assert [q.id for q in ex.questions(ctx)] == [q.id for q in qs]
    assert [(e.action, e.username) for e in audits(store, "experience_question")] == [
        ("seed", "jo")]


def test_a_read_only_user_sees_the_defaults_without_writing_them(viewer, store):
    qs = ex.questions(viewer)
    assert [q.text for q in qs] == list(ex.DEFAULT_QUESTIONS)
    assert all(q.id is None for q in qs)
    assert audits(store, "experience_question") == []


def test_the_team_edits_its_questionnaire(ctx, store):
    first, second, *_ = ex.questions(ctx)
    added = ex.add_question(ctx, "  Was the   plan   written   in words you understand? ")
    assert added.text == "Was the plan written in words you understand?"
    assert ex.questions(ctx)[-1] == added
    ex.reword_question(ctx, second.id, "Did we talk about what matters most to you?")
    ex.set_question_active(ctx, first.id, False)
    texts = [q.text for q in ex.questions(ctx)]
    assert "Did you feel listened to?" not in texts and len(texts) == 5
    assert ex.questions(ctx, include_retired=True)[0].active is False
    ex.set_question_active(ctx, first.id, True)
    order = [q.id for q in ex.questions(ctx)]
    new_order = list(reversed(order))
    assert [q.id for q in ex.reorder_questions(ctx, new_order)] == new_order
    assert [q.id for q in ex.questions(ctx)] == new_order
    assert [q.id for q in ex.move_question(ctx, new_order[0], +1)][:2] == [new_order[1],
                                                                          new_order[0]]
    actions = [e.action for e in audits(store, "experience_question")]
    assert actions == ["seed", "create", "update", "retire", "restore", "reorder", "reorder"]


def test_question_set_limits(ctx, viewer):
    qs = ex.questions(ctx)
    with pytest.raises(RuleError, match="already on the questionnaire"):
        ex.add_question(ctx, "did you feel listened to?")
    with pytest.raises(ValidationError, match="Write the question"):
        ex.add_question(ctx, "   ")
    with pytest.raises(ValidationError, match="every question"):
        ex.reorder_questions(ctx, [q.id for q in qs][:3])
    for q in qs[1:]:
        ex.set_question_active(ctx, q.id, False)
    with pytest.raises(RuleError, match="at least one question"):
        ex.set_question_active(ctx, qs[0].id, False)
    for i in range(9):
        ex.add_question(ctx, f"Question {i}?")
    with pytest.raises(RuleError, match="at most 10"):
        ex.add_question(ctx, "One too many?")
    with pytest.raises(PermissionDenied):
        ex.add_question(viewer, "From the huddle screen?")
    with pytest.raises(NotFoundError):
        ex.set_question_active(ctx, 9999, False)


# ---- answers at a review --------------------------------------------------------------


@pytest.mark.parametrize("typed, score", [(0, 0), ("4", 4), (" Completely ", 4),
                                          ("not at all", 0), ("Mostly", 3)])
def test_scores_as_numbers_or_words(typed, score):
    assert ex.parse_score(typed) == score


@pytest.mark.parametrize("typed", [5, -1, "2.5", "", "always", None, "٣"])
def test_bad_scores_are_refused(typed):
    with pytest.raises(ValidationError, match="from 0 .* to 4"):
        ex.parse_score(typed)


def test_answers_are_recorded_per_review(ctx, person, store):
    q = ex.questions(ctx)
    first = agreed_plan(ctx, person.id, on=dt.date(2026, 5, 1))
    ex.record_answers(ctx, person.id, first.id, {q[0].id: 2, q[1].id: "A little"},
                      on=dt.date(2026, 5, 1))
    review = plans.start_review(ctx, first.id)
    second = agreed_plan(ctx, person.id)
    assert second.id == review.id
    got = ex.record_answers(ctx, person.id, second.id, {q[0].id: 4, q[2].id: 3})
    assert (got.plan_number, got.answered_on) == (2, TODAY)
    assert [(a.question, a.score, a.label) for a in got.answers] == [
        ("Did you feel listened to?", 4, "Completely"),
        ("Do you know who to contact if things get worse?", 3, "Mostly")]
    history = ex.answers_for(ctx, person.id)
    assert [r.plan_number for r in history] == [2, 1]
    assert [a.score for a in history[1].answers] == [2, 1]
    assert history[1].answered_on == dt.date(2026, 5, 1)
    events = [e for e in audits(store, "experience") if e.action == "answer"]
    assert [(e.username, e.person_id, e.entity_id) for e in events] == [
        ("jo", person.id, str(first.id)), ("jo", person.id, str(second.id))]


def test_answering_again_at_the_same_review_changes_the_answer(ctx, person, store):
    q = ex.questions(ctx)
    plan = agreed_plan(ctx, person.id)
    ex.record_answers(ctx, person.id, plan.id, {q[0].id: 1})
    ex.record_answers(ctx, person.id, plan.id, {q[0].id: 3})
    with store.session_factory() as s:
        assert s.scalars(select(ExperienceAnswer.score)).all() == [3]
    assert f'"{q[0].id}": [1, 3]' in audits(store, "experience")[-1].detail


def test_answer_refusals(ctx, person, new_person, viewer):
    q = ex.questions(ctx)
    plan = agreed_plan(ctx, person.id)
    other = new_person()
    with pytest.raises(RuleError, match="belongs to someone else"):
        ex.record_answers(ctx, other.id, plan.id, {q[0].id: 1})
    with pytest.raises(ValidationError, match="at least one"):
        ex.record_answers(ctx, person.id, plan.id, {})
    with pytest.raises(ValidationError, match="no longer exists"):
        ex.record_answers(ctx, person.id, plan.id, {9999: 1})
    with pytest.raises(ValidationError, match="future"):
        ex.record_answers(ctx, person.id, plan.id, {q[0].id: 1}, on="23/11/2026")
    ex.set_question_active(ctx, q[4].id, False)
    with pytest.raises(RuleError, match="no longer asked"):
        ex.record_answers(ctx, person.id, plan.id, {q[4].id: 1})
    with pytest.raises(PermissionDenied):
        ex.record_answers(viewer, person.id, plan.id, {q[0].id: 1})


# ---- the team's results over time -----------------------------------------------------


def test_team_results_average_per_question_per_month(ctx, person, new_person):
    q = ex.questions(ctx)
    me = ctx.actor.professional_id
    other = add_professional(ctx, ProfessionalInput("Priya Shah", "District nurse",
                                                    Sector.COMMUNITY_NURSING)).id
    a, b, c, d = person, new_person("B"), new_person("C"), new_person("D")
    for p, lead in ((a, me), (b, me), (c, other), (d, me)):
        handover_lead(ctx, p.id, lead, on=dt.date(2025, 1, 1))
    plan = {p.id: agreed_plan(ctx, p.id, on=dt.date(2025, 10, 1)).id for p in (a, b, c, d)}

    def answer(p, day, scores):
        ex.record_answers(ctx, p.id, plan[p.id], dict(zip([x.id for x in q], scores,
                                                          strict=False)), on=day)

    answer(a, dt.date(2026, 11, 3), (4, 3))
    answer(b, dt.date(2026, 11, 20), (1, 3))
    answer(c, dt.date(2026, 10, 31), (2, 0, 4))
    answer(d, dt.date(2025, 11, 30), (0,))  # before the 12 months shown
    ex.set_question_active(ctx, q[2].id, False)  # retired, but it has answers to show

    results = ex.team_results(ctx)
    assert results.months[0] == dt.date(2025, 12, 1) and results.months[-1] == dt.date(2026, 11, 1)
    assert len(results.months) == 12
    by_text = {r.text: r for r in results.questions}
    listened = by_text["Did you feel listened to?"]
    nov, octo = listened.months[-1], listened.months[-2]
    assert (nov.count, nov.average) == (2, 2.5)
    assert (octo.count, octo.average) == (1, 2.0)
    assert listened.months[0].count == 0 and listened.months[0].average is None
    assert (listened.count, listened.average) == (3, 2.33)
    contact = by_text["Do you know who to contact if things get worse?"]
    assert contact.active is False and contact.months[-2].average == 4.0
    assert by_text["Do you feel involved in decisions about your care?"].average is None

    mine = ex.team_results(ctx, lead_professional_id=me)
    listened_mine = next(r for r in mine.questions if r.question_id == q[0].id)
    assert [(m.count, m.average) for m in listened_mine.months[-2:]] == [(0, None), (2, 2.5)]
    # the retired question has no answers from my caseload, so it is left out
    assert q[2].id not in [r.question_id for r in mine.questions]

    three = ex.team_results(ctx, months=3)
    assert three.months == (dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1))
    longer = ex.team_results(ctx, months=13)
    assert next(r for r in longer.questions if r.question_id == q[0].id).months[0].count == 1
    with pytest.raises(ValidationError):
        ex.team_results(ctx, months=0)
