"""Printing a person's care plan: assemble it from the store, render it, log the print.

The person's own copy needs no consent check (PRODUCT.md section 9). Every print is logged
as an export (with the file's SHA-256) and as a 'print' audit event against the person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from carecoord import __version__
from carecoord.documents.flowables import Cancelled
from carecoord.documents.plan_data import (
    ActionEntry,
    AlertEntry,
    AppointmentEntry,
    AuditEntry,
    CarerEntry,
    ConditionEntry,
    GoalEntry,
    PlanDocument,
    RecordDetail,
    ReferralEntry,
    TeamEntry,
)
from carecoord.documents.plan_pdf import Rendered, render, render_many
from carecoord.documents.styles import Layout
from carecoord.documents.wording import SEEN_REFERRAL_DAYS
from carecoord.domain.enums import (
    AppointmentStatus,
    ExportKind,
    MemberType,
    PlanStatus,
    ReferralStatus,
    Sector,
)
from carecoord.domain.errors import NotFoundError, RuleError, StoreError, ValidationError
from carecoord.services.base import Ctx, Work, reading, viewing
from carecoord.services.exports import write_atomically
from carecoord.services.plans import plan_view
from carecoord.store.models import (
    Alert,
    Appointment,
    AuditEvent,
    CarePlan,
    Carer,
    CareTeamMember,
    Condition,
    ExportRecord,
    LeadAssignment,
    Organisation,
    Person,
    PersonCohort,
    Professional,
    Referral,
)

__all__ = ["BatchResult", "Layout", "PrintResult", "plan_document", "plan_pdf_bytes",
           "render_batch", "render_plan"]

_AUDIT_ROWS = 15
_MAX_APPOINTMENTS = 20


@dataclass(frozen=True)
class PrintResult:
    path: Path
    sha256: str
    pages: int
    person_id: int
    plan_id: int
    version: int
    layout: Layout
    professional: bool
    draft: bool
    unprintable: frozenset[str]  # characters printed as a marker because no font has them


@dataclass(frozen=True)
class BatchResult:
    paths: tuple[Path, ...]
    printed: tuple[int, ...]  # person ids, in order
    skipped: tuple[tuple[int, str], ...]  # (person id, why), e.g. no plan yet
    cancelled: bool
    pages: int
    unprintable: frozenset[str]


# -- assembling -----------------------------------------------------------------------------

def _plan_row(w: Work, person_id: int, plan_id: int | None) -> CarePlan:
    if plan_id is None:
        p = w.session.scalar(select(CarePlan).where(CarePlan.person_id == person_id)
                             .order_by(CarePlan.number.desc()).limit(1))
        if p is None:
            raise RuleError("This person has no care plan to print yet.")
    else:
        p = w.get(CarePlan, plan_id, "plan")
        if p.person_id != person_id:
            raise NotFoundError("That plan belongs to someone else.")
    if p.status in (PlanStatus.OFFERED, PlanStatus.DECLINED):
        raise RuleError(f"The plan was {p.status.label.lower()} but not written, so there is "
                        "nothing to print yet.")
    return p


def _team(w: Work, person_id: int) -> tuple[TeamEntry, ...]:
    lead_id = w.session.scalar(select(LeadAssignment.professional_id).where(
        LeadAssignment.person_id == person_id, LeadAssignment.ended_on.is_(None)))
    rows = w.session.execute(
        select(CareTeamMember.member_type, Professional, Organisation.name)
        .join(Professional, Professional.id == CareTeamMember.professional_id)
        .outerjoin(Organisation, Organisation.id == Professional.organisation_id)
        .where(CareTeamMember.person_id == person_id, CareTeamMember.ended_on.is_(None))).all()
    order = list(Sector)
    # As team.team_for: the lead first, then core members, then as required, by sector.
    rows.sort(key=lambda r: (r[1].id != lead_id, r[0] != MemberType.CORE,
                             order.index(r[1].sector), r[1].name))
    return tuple(TeamEntry(pro.name, pro.role, org, pro.phone, pro.email, pro.out_of_hours,
                           pro.id == lead_id, kind == MemberType.AS_REQUIRED, pro.sector.label)
                 for kind, pro, org in rows)


def _appointments(w: Work, person_id: int, today: dt.date) -> tuple[AppointmentEntry, ...]:
    rows = w.session.scalars(
        select(Appointment).where(
            Appointment.person_id == person_id,
            Appointment.starts_at >= dt.datetime.combine(today, dt.time()),
            Appointment.status == AppointmentStatus.BOOKED)
        .order_by(Appointment.starts_at).limit(_MAX_APPOINTMENTS))
    return tuple(AppointmentEntry(a.starts_at, a.minutes, a.mode, a.place, a.with_name,
                                  a.purpose, a.transport_needs, a.access_needs) for a in rows)


def _referrals(w: Work, person_id: int, today: dt.date,
               professional: bool) -> tuple[ReferralEntry, ...]:
    rows = w.session.scalars(select(Referral).where(Referral.person_id == person_id)
                             .order_by(Referral.referred_on, Referral.id))
    out = []
    for r in rows:
        recent = r.seen_on is not None and (today - r.seen_on).days <= SEEN_REFERRAL_DAYS
        open_ = r.status in (ReferralStatus.AWAITING, ReferralStatus.ACCEPTED)
        if professional or open_ or (r.status == ReferralStatus.SEEN and recent):
            out.append(ReferralEntry(r.service, r.reason, r.urgency, r.referred_on, r.seen_on,
                                     r.status))
    return tuple(out)


def _carers(w: Work, person_id: int, professional: bool) -> tuple[CarerEntry, ...]:
    rows = w.session.scalars(select(Carer).where(Carer.person_id == person_id,
                                                 Carer.retired_on.is_(None))
                             .order_by(Carer.nominated.desc(), Carer.id))
    return tuple(CarerEntry(c.name, c.relationship, c.phone, c.email, c.nominated,
                            c.consent_to_involve, c.own_needs if professional else None)
                 for c in rows)


def _alerts(w: Work, person_id: int) -> tuple[AlertEntry, ...]:
    rows = w.session.scalars(select(Alert).where(Alert.person_id == person_id,
                                                 Alert.retired_on.is_(None))
                             .order_by(Alert.raised_on, Alert.id))
    return tuple(AlertEntry(a.kind, a.text, a.raised_on) for a in rows)


def _conditions(w: Work, person_id: int) -> tuple[ConditionEntry, ...]:
    rows = w.session.scalars(select(Condition).where(Condition.person_id == person_id,
                                                     Condition.retired_on.is_(None))
                             .order_by(Condition.id))
    return tuple(ConditionEntry(c.name, c.snomed_code, c.onset_date, c.status) for c in rows)


def _record(w: Work, p: Person) -> RecordDetail:
    cohorts = tuple(w.session.scalars(select(PersonCohort.cohort)
                                      .where(PersonCohort.person_id == p.id)
                                      .order_by(PersonCohort.cohort)))
    needs = []
    if p.preferred_language:
        needs.append(f"Language: {p.preferred_language}"
                     + (" (interpreter needed)" if p.interpreter_needed else ""))
    elif p.interpreter_needed:
        needs.append("Interpreter needed")
    needs += [label for flag, label in ((p.large_print, "Large print"),
                                        (p.easy_read, "Easy read")) if flag]
    needs += [f"{label}: {value}" for label, value in (
        ("Hearing", p.hearing_needs), ("Sight", p.sight_needs),
        ("Support with decisions", p.decision_support)) if value]
    return RecordDetail(p.date_of_birth, p.gp_practice, p.frailty.label if p.frailty else None,
                        p.priority.label if p.priority else None, cohorts, tuple(needs))


def _audit(w: Work, person_id: int) -> tuple[AuditEntry, ...]:
    rows = w.session.scalars(select(AuditEvent).where(AuditEvent.person_id == person_id)
                             .order_by(AuditEvent.id.desc()).limit(_AUDIT_ROWS))
    return tuple(AuditEntry(e.at, e.username, e.action, e.entity) for e in rows)


def _assemble(w: Work, person_id: int, plan_id: int | None, professional: bool,
              show_alerts: bool) -> PlanDocument:
    ctx = w.ctx
    today = ctx.today()
    person = w.get(Person, person_id, "person")
    plan = plan_view(w, _plan_row(w, person_id, plan_id))
    goals = tuple(
        GoalEntry(g.person_words, g.domain, g.target.start, g.target.end, g.lifecycle,
                  g.achievement,
                  tuple(ActionEntry(a.side, a.description, a.owner_kind, a.owner_name,
                                    a.due.start, a.due.end, a.status, a.completed_on)
                        for a in g.actions),
                  tuple((r.rated_on, r.score) for r in g.ratings))
        for g in plan.goals)
    content = plan.content
    load_alerts = professional or show_alerts
    return PlanDocument(
        person_id=person.id, name=f"{person.given_name} {person.family_name}",
        preferred_name=(person.preferred_name
                        if person.preferred_name not in (None, person.given_name) else None),
        nhs_number=person.nhs_number, date_of_birth=person.date_of_birth,
        plan_id=plan.id, version=plan.number, status=plan.status, agreed_on=plan.agreed_on,
        person_agreed_by=plan.person_agreed_by, person_agreed_on=plan.person_agreed_on,
        agreement_method=plan.agreement_method, lead_agreed_on=plan.lead_agreed_on,
        lead_professional=plan.lead_professional_name, review_date=plan.review_date,
        superseded_on=plan.superseded_on, content=content, goals=goals,
        team=_team(w, person_id), appointments=_appointments(w, person_id, today),
        referrals=_referrals(w, person_id, today, professional),
        carers=_carers(w, person_id, professional),
        printed_on=today, printed_by=ctx.actor.full_name, app_version=__version__,
        alerts=_alerts(w, person_id) if load_alerts else (),
        alerts_on_patient_copy=bool(show_alerts),
        professional_detail=professional,
        conditions=_conditions(w, person_id) if professional else (),
        record=_record(w, person) if professional else None,
        audit=_audit(w, person_id) if professional else (),
    )


def plan_document(ctx: Ctx, person_id: int, plan_id: int | None = None,
                  professional: bool = False, show_alerts: bool = False) -> PlanDocument:
    """The printable plan (the working plan unless `plan_id` names a version), for a preview.

    Alerts, conditions and the audit summary are only read for a professional copy; alerts
    reach the person's copy only when `show_alerts` is passed explicitly.
    """
    with viewing(ctx) as w:
        doc = _assemble(w, person_id, plan_id, professional, show_alerts)
        w.audit("view", "care_plan", doc.plan_id, person_id, number=doc.version,
                printout=True, professional=professional)
        return doc


def plan_pdf_bytes(doc: PlanDocument, layout: Layout | str = Layout.STANDARD,
                   professional: bool = False) -> bytes:
    """Pure rendering, for previews. Nothing is written or logged."""
    return render(doc, Layout(layout), professional).data


# -- writing and logging --------------------------------------------------------------------

def _write(out: Path, data: bytes) -> None:
    """Write whole or not at all (see write_atomically): a full disk never leaves half a PDF,
    and a mistyped folder is never made."""
    try:
        write_atomically(Path(out), data)
    except StoreError as exc:
        raise ValidationError(f"The plan could not be saved. {exc}", "out") from exc


def _log(w: Work, *, kind_detail: dict, person_id: int | None, people: int, path: Path,
         data: bytes) -> tuple[str, int]:
    digest = hashlib.sha256(data).hexdigest()
    a = w.ctx.actor
    record = ExportRecord(kind=ExportKind.PDF, person_id=person_id, people_count=people,
                          recipient=None, user_id=a.user_id, username=a.username,
                          file_name=path.name, sha256=digest,
                          detail=json.dumps(kind_detail, sort_keys=True, default=str))
    w.session.add(record)
    w.session.flush()
    return digest, record.id


def render_plan(ctx: Ctx, person_id: int, out: Path, layout: Layout | str = Layout.STANDARD,
                professional: bool = False, plan_id: int | None = None,
                show_alerts: bool = False) -> PrintResult:
    """Render the plan to `out`, then log the export and a 'print' audit event."""
    layout = Layout(layout)
    with reading(ctx) as w:
        doc = _assemble(w, person_id, plan_id, professional, show_alerts)
    path, rendered, digest = _print_one(ctx, doc, layout, professional, Path(out))
    return PrintResult(path, digest, rendered.pages, person_id, doc.plan_id, doc.version,
                       layout, professional, doc.watermark == "DRAFT", rendered.unprintable)


def preferred_layout(ctx: Ctx, person_id: int) -> Layout:
    """The layout a person asked for in their communication needs."""
    with reading(ctx) as w:
        p = w.get(Person, person_id, "person")
        return _preferred(p)


def _preferred(p: Person) -> Layout:
    if p.easy_read:
        return Layout.EASY_READ
    if p.large_print:
        return Layout.LARGE_PRINT
    return Layout.STANDARD


def batch_file_name(doc: PlanDocument) -> str:
    """care-plan-943-476-5919-smith.pdf: the NHS number makes it unique, the name findable."""
    ascii_name = unicodedata.normalize("NFKD", doc.name.split()[-1]).encode(
        "ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40]
    return f"care-plan-{doc.nhs_formatted.replace(' ', '-')}" + (f"-{slug}" if slug else "") \
        + ".pdf"


def render_batch(ctx: Ctx, person_ids: Iterable[int], out: Path,
                 layout: Layout | str | None = Layout.STANDARD, one_file: bool = True,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] = lambda: False,
                 professional: bool = False) -> BatchResult:
    """Print many plans: one PDF (`out` is the file) or one PDF each (`out` is a folder).

    `layout=None` prints each person in the layout they asked for. `progress(done, total)`
    counts steps: reading each plan, then printing each; `cancelled()` is checked between
    people. A cancelled single file is not written at all; in a folder, the plans already
    written stay (each was logged as it was written). People with nothing to print are
    skipped and listed.
    """
    ids = list(dict.fromkeys(person_ids))
    total = len(ids) * 2 if one_file else len(ids)
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total)

    out = Path(out)
    skipped: list[tuple[int, str]] = []
    if one_file:
        items: list[tuple[PlanDocument, Layout]] = []
        for pid in ids:
            if cancelled():
                return BatchResult((), (), tuple(skipped), True, 0, frozenset())
            try:
                with reading(ctx) as w:
                    doc = _assemble(w, pid, None, professional, False)
                    chosen = _preferred(w.get(Person, pid)) if layout is None else Layout(
                        layout)
                items.append((doc, chosen))
            except (RuleError, NotFoundError) as exc:
                skipped.append((pid, str(exc)))
                total -= 1  # nothing of theirs to print
            advance()
        if not items:
            return BatchResult((), (), tuple(skipped), False, 0, frozenset())

        def on_each(i: int) -> None:
            if i and cancelled():
                raise Cancelled
            if i:
                advance()

        try:
            rendered = render_many(items, professional, on_each)
        except Cancelled:
            return BatchResult((), (), tuple(skipped), True, 0, frozenset())
        advance()
        _write(out, rendered.data)
        with viewing(ctx) as w:
            detail = {"people": [d.person_id for d, _ in items],
                      "layouts": sorted({lay.value for _, lay in items}),
                      "professional": professional, "pages": rendered.pages}
            digest, record_id = _log(w, kind_detail=detail, person_id=None, people=len(items),
                                     path=out, data=rendered.data)
            for doc, lay in items:
                # Each person's own export log finds a file that holds several people
                # through this event, as it does for the other exports.
                w.audit("export", "export_record", record_id, doc.person_id, kind="pdf",
                        file=out.name, sha256=digest, people=len(items))
                w.audit("print", "care_plan", doc.plan_id, doc.person_id, file=out.name,
                        sha256=digest, version=doc.version, layout=lay.value, batch=len(items),
                        professional=professional)
        return BatchResult((out,), tuple(d.person_id for d, _ in items), tuple(skipped),
                           False, rendered.pages, rendered.unprintable)

    if not out.is_dir():
        if not out.parent.is_dir() or out.exists():
            raise ValidationError(f"{out} is not a folder that can hold the plans. Choose an "
                                  "existing folder, or a new one inside an existing folder.",
                                  "out")
        out.mkdir()  # the one folder asked for, never a chain of mistyped ones
    paths: list[Path] = []
    printed: list[int] = []
    pages = 0
    unprintable: set[str] = set()
    for pid in ids:
        if cancelled():
            return BatchResult(tuple(paths), tuple(printed), tuple(skipped), True, pages,
                               frozenset(unprintable))
        try:
            with reading(ctx) as w:
                doc = _assemble(w, pid, None, professional, False)
                chosen = _preferred(w.get(Person, pid)) if layout is None else Layout(layout)
        except (RuleError, NotFoundError) as exc:
            skipped.append((pid, str(exc)))
            advance()
            continue
        path, rendered, _ = _print_one(ctx, doc, chosen, professional,
                                       out / batch_file_name(doc), batch=True)
        paths.append(path)
        printed.append(pid)
        pages += rendered.pages
        unprintable |= rendered.unprintable
        advance()
    return BatchResult(tuple(paths), tuple(printed), tuple(skipped), False, pages,
                       frozenset(unprintable))


def _print_one(ctx: Ctx, doc: PlanDocument, layout: Layout, professional: bool, path: Path,
               batch: bool = False) -> tuple[Path, Rendered, str]:
    """Render, write, then log: a print that failed to write is not logged."""
    rendered = render(doc, layout, professional)
    _write(path, rendered.data)
    detail = {"plan_id": doc.plan_id, "version": doc.version, "layout": layout.value,
              "professional": professional, "alerts": bool(doc.alerts),
              "pages": rendered.pages, "batch": batch}
    with viewing(ctx) as w:
        digest, _record_id = _log(w, kind_detail=detail, person_id=doc.person_id, people=1,
                                  path=path, data=rendered.data)
        w.audit("print", "care_plan", doc.plan_id, doc.person_id, file=path.name,
                sha256=digest, **{k: v for k, v in detail.items() if k != "plan_id"})
    return path, rendered, digest
