"""Experience at review: a short questionnaire of the team's choosing, answered at each review.

Answers run from 0 ("Not at all") to 4 ("Completely"). Questions are never deleted: a
question the team no longer asks is retired, so earlier answers keep their wording. Until the
team sets its own questions, a default five stand in; they are written to the store the first
time someone who may change records uses the questionnaire.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import and_, extract, func, select

from carecoord.domain.dates import add_months, parse_date
from carecoord.domain.errors import RuleError, ValidationError
from carecoord.services.base import Ctx, Work, changing, reading, viewing
from carecoord.store.models import (
    CarePlan,
    ExperienceAnswer,
    ExperienceQuestion,
    LeadAssignment,
    Person,
)

DEFAULT_QUESTIONS = (
    "Did you feel listened to?",
    "Did we talk about what matters to you?",
    "Do you know who to contact if things get worse?",
    "Do you feel involved in decisions about your care?",
    "Do you feel confident managing your health day to day?",
)
ANSWER_LABELS = ("Not at all", "A little", "Somewhat", "Mostly", "Completely")
MAX_QUESTIONS = 10
MAX_QUESTION_LENGTH = 200


@dataclass(frozen=True)
class QuestionView:
    id: int | None  # None only for a default not yet written to the store
    position: int
    text: str
    active: bool


@dataclass(frozen=True)
class AnswerView:
    question_id: int
    question: str
    score: int

    @property
    def label(self) -> str:
        return ANSWER_LABELS[self.score]


@dataclass(frozen=True)
class ReviewAnswers:
    """One person's answers at one review (one plan version)."""

    person_id: int
    plan_id: int | None
    plan_number: int | None
    answered_on: dt.date
    answers: tuple[AnswerView, ...]


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date  # the first of the month
    count: int
    total: int  # the sum of the scores

    @property
    def average(self) -> float | None:
        """None when nobody answered that month."""
        return round(self.total / self.count, 2) if self.count else None


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    text: str
    active: bool
    months: tuple[MonthPoint, ...]

    @property
    def count(self) -> int:
        return sum(m.count for m in self.months)

    @property
    def average(self) -> float | None:
        """Over the whole period."""
        return round(sum(m.total for m in self.months) / self.count, 2) if self.count else None


@dataclass(frozen=True)
class TeamResults:
    months: tuple[dt.date, ...]  # first of each month, oldest first, ending this month
    questions: tuple[QuestionResult, ...]


# ---- the question set -----------------------------------------------------------------


def _view(q: ExperienceQuestion) -> QuestionView:
    return QuestionView(q.id, q.position, q.text, q.active)


def _rows(w: Work) -> list[ExperienceQuestion]:
    return list(w.session.scalars(select(ExperienceQuestion)
                                  .order_by(ExperienceQuestion.position, ExperienceQuestion.id)))


def ensure_questions(w: Work) -> list[ExperienceQuestion]:
    """The question rows, writing the default five first when there are none."""
    rows = _rows(w)
    if rows:
        return rows
    for position, text in enumerate(DEFAULT_QUESTIONS, start=1):
        w.session.add(ExperienceQuestion(position=position, text=text, active=True))
    w.session.flush()
    w.audit("seed", "experience_question", None, None, count=len(DEFAULT_QUESTIONS))
    return _rows(w)


def questions(ctx: Ctx, include_retired: bool = False) -> list[QuestionView]:
    """The questionnaire in order. With nothing stored yet, the defaults are written (or,
    for a read-only user, shown without ids)."""
    with reading(ctx) as w:
        rows = _rows(w)
        if not rows and not ctx.actor.can_change:
            return [QuestionView(None, i, t, True)
                    for i, t in enumerate(DEFAULT_QUESTIONS, start=1)]
    if not rows:
        with changing(ctx) as w:
            rows = ensure_questions(w)
    return [_view(q) for q in rows if include_retired or q.active]


def _text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError("Write the question.", "text")
    if len(text) > MAX_QUESTION_LENGTH:
        raise ValidationError(f"Keep the question under {MAX_QUESTION_LENGTH} characters.",
                              "text")
    return text


def _active_count(w: Work) -> int:
    return w.session.scalar(select(func.count()).select_from(ExperienceQuestion)
                            .where(ExperienceQuestion.active.is_(True))) or 0


def add_question(ctx: Ctx, text: str) -> QuestionView:
    text = _text(text)
    with changing(ctx) as w:
        rows = ensure_questions(w)
        if any(q.active and q.text.lower() == text.lower() for q in rows):
            raise RuleError("That question is already on the questionnaire.")
        if _active_count(w) >= MAX_QUESTIONS:
            raise RuleError(f"Keep the questionnaire short: at most {MAX_QUESTIONS} questions. "
                            "Retire one first.")
        q = ExperienceQuestion(position=max(r.position for r in rows) + 1, text=text,
                               active=True)
        w.session.add(q)
        w.session.flush()
        w.audit("create", "experience_question", q.id, None, text=text)
        return _view(q)


def reword_question(ctx: Ctx, question_id: int, text: str) -> QuestionView:
    """For a small correction only; asking something new is a new question, so that earlier
    answers keep the wording they were given to."""
    text = _text(text)
    with changing(ctx) as w:
        q = w.get(ExperienceQuestion, question_id, "question")
        old, q.text = q.text, text
        w.session.flush()
        w.audit("update", "experience_question", q.id, None, before=old, after=text)
        return _view(q)


def set_question_active(ctx: Ctx, question_id: int, active: bool) -> QuestionView:
    """Retire a question (its answers stay) or bring it back."""
    with changing(ctx) as w:
        q = w.get(ExperienceQuestion, question_id, "question")
        if q.active == bool(active):
            return _view(q)
        if not active and _active_count(w) <= 1:
            raise RuleError("The questionnaire needs at least one question.")
        if active and _active_count(w) >= MAX_QUESTIONS:
            raise RuleError(f"Keep the questionnaire short: at most {MAX_QUESTIONS} questions.")
        q.active = bool(active)
        w.session.flush()
        w.audit("restore" if active else "retire", "experience_question", q.id, None)
        return _view(q)


def reorder_questions(ctx: Ctx, question_ids: list[int]) -> list[QuestionView]:
    """Put the active questions in this order; retired ones keep their place after them."""
    with changing(ctx) as w:
        rows = ensure_questions(w)
        active = {q.id: q for q in rows if q.active}
        if sorted(question_ids) != sorted(active):
            raise ValidationError("Give every question on the questionnaire once, in the new "
                                  "order.", "order")
        ordered = [active[i] for i in question_ids] + [q for q in rows if not q.active]
        for position, q in enumerate(ordered, start=1):
            q.position = position
        w.session.flush()
        w.audit("reorder", "experience_question", None, None, order=list(question_ids))
        return [_view(q) for q in ordered]


def move_question(ctx: Ctx, question_id: int, delta: int) -> list[QuestionView]:
    """Move one question up (delta -1) or down (+1) among the active ones."""
    ids = [q.id for q in questions(ctx)]
    if question_id not in ids:
        raise RuleError("Only a question on the questionnaire can be moved.")
    i = ids.index(question_id)
    j = min(max(i + delta, 0), len(ids) - 1)
    ids.insert(j, ids.pop(i))
    return reorder_questions(ctx, ids)


# ---- answers ----------------------------------------------------------------------------


def parse_score(value: int | str) -> int:
    """0–4, as a number or as its words ('Completely')."""
    text = str(value if value is not None else "").strip()
    lowered = [label.lower() for label in ANSWER_LABELS]
    if text.lower() in lowered:
        return lowered.index(text.lower())
    if text.isascii() and text.isdigit() and int(text) < len(ANSWER_LABELS):
        return int(text)
    raise ValidationError("An answer is from 0 (not at all) to 4 (completely).", "score")


def record_answers(ctx: Ctx, person_id: int, plan_id: int, answers: Mapping[int, int | str],
                   on: dt.date | str | None = None) -> ReviewAnswers:
    """Record the person's answers at the review of `plan_id` ({question_id: score}).

    A question left out is simply not answered. Answering again at the same review changes
    the earlier answer (the audit trail keeps both).
    """
    try:
        scores = {int(q): parse_score(s) for q, s in answers.items()}
    except (TypeError, ValueError):
        raise ValidationError("Those answers do not match the questions.", "question") from None
    if not scores:
        raise ValidationError("Answer at least one question.", "score")
    day = (on if isinstance(on, dt.date) else parse_date(on, "answered_on")) or ctx.today()
    if day > ctx.today():
        raise ValidationError("Answers cannot be dated in the future.", "answered_on")
    with changing(ctx) as w:
        w.get(Person, person_id, "person")
        plan = w.get(CarePlan, plan_id, "plan")
        if plan.person_id != person_id:
            raise RuleError("That plan belongs to someone else.")
        by_id = {q.id: q for q in ensure_questions(w)}
        existing = {a.question_id: a for a in w.session.scalars(select(ExperienceAnswer).where(
            ExperienceAnswer.person_id == person_id, ExperienceAnswer.plan_id == plan_id))}
        changes = {}
        for qid, score in scores.items():
            q = by_id.get(qid)
            if q is None:
                raise ValidationError("That question no longer exists.", "question")
            a = existing.get(qid)
            if a is None:
                if not q.active:
                    raise RuleError(f"'{q.text}' is no longer asked.")
                w.session.add(ExperienceAnswer(person_id=person_id, plan_id=plan_id,
                                               question_id=qid, answered_on=day, score=score))
                changes[qid] = [None, score]
            elif a.score != score or a.answered_on != day:
                changes[qid] = [a.score, score]
                a.score, a.answered_on = score, day
        w.session.flush()
        if changes:
            w.audit("answer", "experience", plan_id, person_id, plan=plan.number, on=day,
                    scores={str(k): v for k, v in changes.items()})
        return _review_answers(w, person_id, plan)


def _review_answers(w: Work, person_id: int, plan: CarePlan) -> ReviewAnswers:
    rows = w.session.execute(
        select(ExperienceAnswer, ExperienceQuestion.text)
        .join(ExperienceQuestion, ExperienceQuestion.id == ExperienceAnswer.question_id)
        .where(ExperienceAnswer.person_id == person_id, ExperienceAnswer.plan_id == plan.id)
        .order_by(ExperienceQuestion.position, ExperienceQuestion.id)).all()
    day = max((a.answered_on for a, _ in rows), default=None)
    return ReviewAnswers(person_id, plan.id, plan.number, day,
                         tuple(AnswerView(a.question_id, text, a.score) for a, text in rows))


def answers_for(ctx: Ctx, person_id: int) -> list[ReviewAnswers]:
    """The person's answers at each review, newest review first."""
    with viewing(ctx) as w:
        w.get(Person, person_id, "person")
        plan_ids = w.session.scalars(select(ExperienceAnswer.plan_id).distinct().where(
            ExperienceAnswer.person_id == person_id, ExperienceAnswer.plan_id.is_not(None)))
        plans_ = sorted((w.session.get(CarePlan, i) for i in plan_ids),
                        key=lambda p: p.number, reverse=True)
        w.audit("view", "experience", None, person_id, reviews=len(plans_))
        return [_review_answers(w, person_id, p) for p in plans_]


# ---- the dashboard ----------------------------------------------------------------------


def _month_starts(today: dt.date, months: int) -> tuple[dt.date, ...]:
    first = today.replace(day=1)
    return tuple(add_months(first, -i) for i in range(months - 1, -1, -1))


def team_results(ctx: Ctx, lead_professional_id: int | None = None, months: int = 12,
                 today: dt.date | None = None) -> TeamResults:
    """Per question, per calendar month, the average answer and how many answered, over the
    last `months` months including this one. With a lead, only the people whose current lead
    they are. One grouped query; months with no answers are shown with a count of 0."""
    if not 1 <= int(months) <= 120:
        raise ValidationError("Show between 1 and 120 months.", "months")
    today = today or ctx.today()
    starts = _month_starts(today, int(months))
    year = extract("year", ExperienceAnswer.answered_on)
    month = extract("month", ExperienceAnswer.answered_on)
    stmt = (select(ExperienceAnswer.question_id, year, month, func.count(),
                   func.sum(ExperienceAnswer.score))
            .where(ExperienceAnswer.answered_on >= starts[0],
                   ExperienceAnswer.answered_on <= today)
            .group_by(ExperienceAnswer.question_id, year, month))
    if lead_professional_id is not None:
        stmt = stmt.join(LeadAssignment, and_(
            LeadAssignment.person_id == ExperienceAnswer.person_id,
            LeadAssignment.ended_on.is_(None),
            LeadAssignment.professional_id == lead_professional_id))
    with reading(ctx) as w:
        cells = {(qid, int(y), int(m)): (int(n), int(total))
                 for qid, y, m, n, total in w.session.execute(stmt)}
        rows = _rows(w)
    answered = {qid for qid, _, _ in cells}
    results = []
    for q in rows:
        if not q.active and q.id not in answered:
            continue
        points = []
        for start in starts:
            n, total = cells.get((q.id, start.year, start.month), (0, 0))
            points.append(MonthPoint(start, n, total))
        results.append(QuestionResult(q.id, q.text, q.active, tuple(points)))
    return TeamResults(starts, tuple(results))
