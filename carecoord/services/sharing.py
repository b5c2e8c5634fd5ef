"""Sharing: FHIR and calendar exports, the subject access zip, FHIR import, the export log.

Every export to a recipient checks consent first (consent.require_consent) and is refused
without it; the person's own copy needs no check. Every export writes the file whole or not
at all, then records what was sent, for whom, by whom, when and the file's SHA-256 in the
export log, with an "export" audit event on each person's record. A file holding more than
one person carries a warning that it is not encrypted; `unencrypted_warning` gives the same
text before anything is written, so a screen can ask first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from carecoord.domain.dates import format_date, parse_date
from carecoord.domain.enums import AppointmentMode, ExportKind, Role
from carecoord.domain.errors import PermissionDenied, RuleError, StoreError, ValidationError
from carecoord.domain.nhs_number import format_nhs
from carecoord.interop import fhir_export, fhir_import, ics, merge, snapshot, subject_access
from carecoord.interop.merge import Conflict
from carecoord.services.base import Ctx, Work, changing, reading, viewing
from carecoord.services.consent import require_consent
from carecoord.services.exports import UNENCRYPTED_WARNING, WrittenFile, write_atomically
from carecoord.store.models import (
    Alert,
    Appointment,
    AuditEvent,
    BriefIntervention,
    ContactEvent,
    ExperienceAnswer,
    ExperienceQuestion,
    ExportRecord,
    HuddleItem,
    LifestyleCheck,
    Person,
    Professional,
    Reading,
    ReadingKind,
    Referral,
    Task,
)

KEEP_MINE = merge.KEEP_MINE
TAKE_THEIRS = merge.TAKE_THEIRS


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: ExportKind
    sha256: str
    size: int
    people_count: int
    recipient: str | None
    export_id: int
    warning: str | None = None  # set when the file holds more than one person

    @property
    def unencrypted_multi_person(self) -> bool:
        return self.warning is not None


@dataclass(frozen=True)
class ExportLogLine:
    id: int
    at: dt.datetime
    kind: ExportKind
    person_id: int | None
    person_name: str | None
    nhs_number: str | None
    people_count: int
    recipient: str | None
    username: str
    file_name: str
    sha256: str
    detail: str

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def for_whom(self) -> str:
        return self.recipient or "Own copy or internal use"


@dataclass(frozen=True)
class ImportPreview:
    file_name: str
    people_new: tuple[str, ...]
    people_matched: tuple[str, ...]
    professionals_new: tuple[str, ...]
    organisations_new: tuple[str, ...]
    additions: tuple[str, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def decisions_needed(self) -> tuple[str, ...]:
        """The keys to put in `decisions`, one per group of conflicts."""
        return tuple(dict.fromkeys(c.key for c in self.conflicts))

    @property
    def nothing_to_change(self) -> bool:
        return not (self.additions or self.conflicts)


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    people_added: int
    people_matched: int
    records_added: int
    kept_mine: int
    took_theirs: int


def unencrypted_warning(people_count: int) -> str | None:
    """The warning to show before writing a file that holds more than one person."""
    return UNENCRYPTED_WARNING.format(n=people_count) if people_count > 1 else None


# ---- the common path of every export -----------------------------------------------------


def _person_ids_exist(w: Work, person_ids: list[int]) -> None:
    found = set()
    for part in snapshot.chunks(person_ids):
        found.update(w.session.scalars(select(Person.id).where(Person.id.in_(part))))
    missing = [p for p in person_ids if p not in found]
    if missing:
        raise ValidationError(f"There is no person with the id {missing[0]} in this store.",
                              "person")


def _export(ctx: Ctx, kind: ExportKind, person_ids: list[int], out: Path,
            recipient: str | None, build: Callable[[Work], bytes], detail: dict,
            people_of: Callable[[Work], list[int]] | None = None) -> ExportResult:
    """Check consent, build, write, log: in one unit of work, so a refused or failed export
    leaves neither a file nor a log entry behind."""
    recipient = " ".join(recipient.split()) if recipient else None
    written = None
    try:
        with viewing(ctx) as w:
            _person_ids_exist(w, person_ids)
            if recipient:
                for pid in person_ids:
                    require_consent(w, pid, recipient)
            data = build(w)
            people = people_of(w) if people_of else person_ids
            written = _write(Path(out), data)
            record = ExportRecord(kind=kind, person_id=people[0] if len(people) == 1 else None,
                                  people_count=len(people), recipient=recipient,
                                  user_id=ctx.actor.user_id, username=ctx.actor.username,
                                  file_name=written.path.name, sha256=written.sha256,
                                  detail=json.dumps(detail, sort_keys=True, default=str))
            w.session.add(record)
            w.session.flush()
            for pid in people:
                w.audit("export", "export_record", record.id, pid, kind=kind.value,
                        file=written.path.name, sha256=written.sha256, recipient=recipient,
                        people=len(people))
            if not people:
                w.audit("export", "export_record", record.id, None, kind=kind.value,
                        file=written.path.name, sha256=written.sha256, people=0)
            export_id = record.id
    except BaseException:
        if written is not None:
            written.path.unlink(missing_ok=True)
        raise
    return ExportResult(written.path, kind, written.sha256, written.size, len(people),
                        recipient, export_id, unencrypted_warning(len(people)))


def _write(out: Path, data: bytes) -> WrittenFile:
    try:
        return write_atomically(out, data)
    except OSError as exc:  # the folder itself cannot be made, for example
        raise StoreError(f"{out.name} could not be written: {exc.strerror or exc}. Nothing "
                         "was saved.") from exc


def _exporter(ctx: Ctx) -> fhir_export.Exporter:
    return fhir_export.Exporter(ctx.actor.username, ctx.actor.full_name)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _target(out: Path, default_name: str) -> Path:
    """A folder given as the destination gets a sensible file name inside it."""
    out = Path(out)
    return out / default_name if out.is_dir() else out


# ---- FHIR --------------------------------------------------------------------------------


def fhir_bundle(w: Work, person_ids: list[int], exporter: fhir_export.Exporter,
                now: dt.datetime | None = None) -> dict:
    """The Bundle as a dict, read inside the caller's unit of work (no log, no audit)."""
    return fhir_export.build_bundle(snapshot.load(w.session, person_ids), exporter, now)


def export_fhir(ctx: Ctx, person_ids: list[int], out: Path,
                recipient: str | None = None) -> ExportResult:
    """One FHIR R4 collection Bundle holding every person named."""
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        raise ValidationError("Choose at least one person to export.", "person")
    now = _now()
    detail: dict = {"format": "FHIR R4 collection Bundle"}

    def build(w: Work) -> bytes:
        bundle = fhir_bundle(w, ids, _exporter(ctx), now)
        detail["resources"] = len(bundle["entry"])
        return fhir_export.to_bytes(bundle)

    if len(ids) == 1:
        name = f"carecoord-{_nhs_of(ctx, ids[0])}-{now:%Y%m%d}.fhir.json"
    else:
        name = f"carecoord-{len(ids)}-people-{now:%Y%m%d}.fhir.json"
    return _export(ctx, ExportKind.FHIR, ids, _target(out, name), recipient, build, detail)


def _nhs_of(ctx: Ctx, person_id: int) -> str:
    with reading(ctx) as w:
        nhs = w.session.scalar(select(Person.nhs_number).where(Person.id == person_id))
    if nhs is None:
        raise ValidationError(f"There is no person with the id {person_id} in this store.",
                              "person")
    return nhs


# ---- iCalendar ---------------------------------------------------------------------------


def _home(p: Person) -> str | None:
    parts = [p.address.replace("\n", ", ") if p.address else None, p.postcode]
    return ", ".join(x for x in parts if x) or None


def _items(w: Work, rows: list[Appointment], for_professional: bool) -> list[ics.CalendarItem]:
    pro_ids = {a.professional_id for a in rows if a.professional_id}
    pros = {p.id: p for p in w.session.scalars(select(Professional)
                                               .where(Professional.id.in_(pro_ids)))}
    people = {p.id: p for p in w.session.scalars(
        select(Person).where(Person.id.in_({a.person_id for a in rows})))}
    out = []
    for a in rows:
        pro = pros.get(a.professional_id)
        person = people[a.person_id]
        location = a.place or (_home(person) if a.mode == AppointmentMode.HOME_VISIT else None)
        out.append(ics.CalendarItem(
            uid=a.uid, starts_at=a.starts_at, minutes=a.minutes, mode=a.mode, status=a.status,
            sequence=a.sequence, sector=pro.sector if pro else None, location=location,
            # Only a directory name: "who with" is typed freely and may name a specialty.
            with_whom=None if for_professional or not pro else pro.name,
            person_name=(f"{person.given_name} {person.family_name}" if for_professional
                         else None)))
    return out


def export_ics_person(ctx: Ctx, person_id: int, out: Path,
                      recipient: str | None = None) -> ExportResult:
    """The person's appointments, for their own calendar or (with consent) a recipient's."""
    now = _now()

    def build(w: Work) -> bytes:
        rows = list(w.session.scalars(select(Appointment).where(
            Appointment.person_id == person_id).order_by(Appointment.starts_at,
                                                         Appointment.uid)))
        return ics.calendar_bytes(_items(w, rows, False), "Appointments", now)

    name = f"appointments-{_nhs_of(ctx, person_id)}.ics"
    return _export(ctx, ExportKind.ICS, [person_id], _target(out, name), recipient, build,
                   {"calendar": "person"})


def iso_week_start(day: dt.date | str) -> dt.date:
    if not isinstance(day, dt.date):
        day = parse_date(day, "week", required=True)
    return day - dt.timedelta(days=day.weekday())


def export_ics_week(ctx: Ctx, professional_id: int, week_start: dt.date | str,
                    out: Path) -> ExportResult:
    """A professional's appointments in the ISO week holding `week_start` (Monday to Sunday)."""
    monday = iso_week_start(week_start)
    start = dt.datetime.combine(monday, dt.time.min)
    end = start + dt.timedelta(days=7)
    now = _now()
    found: dict[str, list[int]] = {}

    def rows(w: Work) -> list[Appointment]:
        w.get(Professional, professional_id, "professional")
        return list(w.session.scalars(select(Appointment).where(
            Appointment.professional_id == professional_id, Appointment.starts_at >= start,
            Appointment.starts_at < end).order_by(Appointment.starts_at, Appointment.uid)))

    def build(w: Work) -> bytes:
        appts = rows(w)
        found["people"] = list(dict.fromkeys(a.person_id for a in appts))
        title = f"My week from {format_date(monday, '%-d %B %Y')}"
        return ics.calendar_bytes(_items(w, appts, True), title, now)

    name = f"my-week-{monday:%G-W%V}.ics"
    return _export(ctx, ExportKind.ICS, [], _target(out, name), None, build,
                   {"calendar": "week", "professional_id": professional_id,
                    "week": f"{monday:%G-W%V}"},
                   people_of=lambda w: found["people"])


# ---- the subject access zip --------------------------------------------------------------


def _plan_pdf(ctx: Ctx, person_id: int) -> bytes | None:
    from carecoord.services.printing import Layout, plan_document, plan_pdf_bytes

    try:
        doc = plan_document(ctx, person_id, professional=True)
    except RuleError:
        return None  # no plan written yet: the README says so
    return plan_pdf_bytes(doc, Layout.STANDARD, professional=True)


def _history_csv(w: Work, person_id: int) -> bytes:
    rows = w.session.execute(select(AuditEvent.at, AuditEvent.username, AuditEvent.action,
                                    AuditEvent.entity, AuditEvent.entity_id,
                                    AuditEvent.detail)
                             .where(AuditEvent.person_id == person_id)
                             .order_by(AuditEvent.id))
    return subject_access.csv_bytes(
        ("when (UTC)", "who", "what they did", "part of the record", "item", "detail"),
        ((f"{r.at:%Y-%m-%d %H:%M:%S}", r.username, r.action, r.entity.replace("_", " "),
          r.entity_id or "", r.detail) for r in rows))


def _exports_csv(lines: list[ExportLogLine]) -> bytes:
    return subject_access.csv_bytes(
        ("when (UTC)", "what", "for whom", "who", "people in the file", "file", "SHA-256"),
        ((f"{x.at:%Y-%m-%d %H:%M:%S}", x.kind_label, x.for_whom, x.username, x.people_count,
          x.file_name, x.sha256) for x in lines))


def _plain(row) -> dict:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def _other_records(w: Work, person_id: int) -> dict:
    s = w.session

    def rows(model, *where, order=None) -> list[dict]:
        q = select(model).where(*where).order_by(order if order is not None else model.id)
        return [_plain(r) for r in s.scalars(q)]

    checks = rows(LifestyleCheck, LifestyleCheck.person_id == person_id)
    for c in checks:
        c["brief_interventions"] = rows(BriefIntervention, BriefIntervention.check_id == c["id"])
    kinds = {k.id: f"{k.name} ({k.unit})" for k in s.scalars(select(ReadingKind))}
    readings = rows(Reading, Reading.person_id == person_id)
    for r in readings:
        r["kind"] = kinds.get(r["kind_id"])
    questions = {q.id: q.text for q in s.scalars(select(ExperienceQuestion))}
    answers = rows(ExperienceAnswer, ExperienceAnswer.person_id == person_id)
    for a in answers:
        a["question"] = questions.get(a["question_id"])
    return {
        "alerts": rows(Alert, Alert.person_id == person_id),
        "referrals": rows(Referral, Referral.person_id == person_id),
        "tasks": rows(Task, Task.person_id == person_id),
        "contacts": rows(ContactEvent, ContactEvent.person_id == person_id),
        "lifestyle_checks": checks,
        "readings": readings,
        "experience_answers": answers,
        "huddle_notes": rows(HuddleItem, HuddleItem.person_id == person_id),
    }


def export_record(ctx: Ctx, person_id: int, out: Path) -> ExportResult:
    """A subject access request: the person's own full record, so no consent check."""
    pdf = _plan_pdf(ctx, person_id)
    now = _now()

    def build(w: Work) -> bytes:
        p = w.get(Person, person_id, "person")
        files: dict[str, bytes] = {}
        files["README.txt"] = subject_access.readme(
            name=f"{p.given_name} {p.family_name}", nhs=format_nhs(p.nhs_number),
            team=p.team or "your care team", made=now, by=ctx.actor.full_name,
            has_pdf=pdf is not None)
        if pdf is not None:
            files["care-plan.pdf"] = pdf
        files["record.fhir.json"] = fhir_export.to_bytes(
            fhir_bundle(w, [person_id], _exporter(ctx), now))
        files["other-records.json"] = subject_access.json_bytes(_other_records(w, person_id))
        files["record-history.csv"] = _history_csv(w, person_id)
        files["exports.csv"] = _exports_csv(_log_lines(w, person_id, 10_000))
        return subject_access.zip_bytes(files, now)

    name = f"subject-access-{_nhs_of(ctx, person_id)}-{now:%Y%m%d}.zip"
    return _export(ctx, ExportKind.RECORD, [person_id], _target(out, name), None, build,
                   {"contents": "plan PDF, FHIR, other records, history, exports",
                    "plan_pdf": pdf is not None})


# ---- the export log ----------------------------------------------------------------------


def _log_lines(w: Work, person_id: int | None, limit: int) -> list[ExportLogLine]:
    q = select(ExportRecord, Person.given_name, Person.family_name, Person.nhs_number) \
        .outerjoin(Person, Person.id == ExportRecord.person_id)
    if person_id is not None:
        # Files holding many people name each of them in an audit event, not in the row.
        in_many = [int(e) for e in w.session.scalars(select(AuditEvent.entity_id).where(
            AuditEvent.person_id == person_id, AuditEvent.action == "export",
            AuditEvent.entity == "export_record")) if e and e.isdigit()]
        q = q.where(or_(ExportRecord.person_id == person_id, ExportRecord.id.in_(in_many)))
    q = q.order_by(ExportRecord.at.desc(), ExportRecord.id.desc()).limit(limit)
    out = []
    for rec, given, family, nhs in w.session.execute(q):
        out.append(ExportLogLine(rec.id, rec.at, rec.kind, rec.person_id,
                                 f"{given} {family}" if given else None,
                                 format_nhs(nhs) if nhs else None, rec.people_count,
                                 rec.recipient, rec.username, rec.file_name, rec.sha256,
                                 rec.detail))
    return out


def export_log(ctx: Ctx, person_id: int | None = None, limit: int = 500) -> list[ExportLogLine]:
    """Newest first: one person's exports and prints (including files that held them among
    others), or every export in the store. The store-wide log is not for a shared screen."""
    if person_id is None and ctx.actor.role == Role.HUDDLE_VIEWER:
        raise PermissionDenied("The export log for the whole store is not shown to the "
                               "huddle viewer role.")
    with reading(ctx) as w:
        if person_id is not None:
            w.get(Person, person_id, "person")
        return _log_lines(w, person_id, limit)


# ---- FHIR import -------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(f"There is no file called {path.name} there.", "file") from None
    except OSError as exc:
        raise ValidationError(f"{path.name} could not be read: {exc.strerror or exc}.",
                              "file") from None


def _parse(ctx: Ctx, path: Path):
    try:
        return fhir_import.parse(_read(path), ctx.today())
    except fhir_import.BundleError as exc:
        raise fhir_import.BundleError(f"{Path(path).name} cannot be imported. {exc}") from None


def preview_import(ctx: Ctx, path: Path) -> ImportPreview:
    """What importing the file would add, and every difference the user must decide."""
    snap = _parse(ctx, path)
    with reading(ctx) as w:
        plan = merge.plan_merge(w.session, snap)
    who = [f"{p.name} ({format_nhs(p.nhs_number)})" for p in plan.new_people]
    matched = [f"{t.name} ({format_nhs(t.nhs_number)})" for t, _m, _id in plan.matched]
    return ImportPreview(
        Path(path).name, tuple(who), tuple(matched),
        tuple(f"{p['name']} ({p['role']})" for p in plan.new_professionals),
        tuple(o["name"] for o in plan.new_organisations), tuple(plan.additions),
        tuple(plan.conflicts))


def import_fhir(ctx: Ctx, path: Path, decisions: dict | None = None) -> ImportResult:
    """Import a Bundle CareCoord made: checked whole first, then written in one transaction.

    `decisions` maps each conflict key (ImportPreview.decisions_needed) to KEEP_MINE or
    TAKE_THEIRS; the key "*" decides every conflict not named. With an undecided conflict
    the import is refused and nothing is written.
    """
    snap = _parse(ctx, path)
    name = Path(path).name
    try:
        with changing(ctx) as w:
            plan = merge.plan_merge(w.session, snap)
            choices = merge.resolve(plan, decisions)
            merge.apply(w.session, plan, choices, ctx.today())
            ids = dict(w.session.execute(select(Person.nhs_number, Person.id).where(
                Person.nhs_number.in_([p.nhs_number for p in snap.people]))).all())
            taken = sorted(k for k, v in choices.items() if v == TAKE_THEIRS)
            new = {p.nhs_number for p in plan.new_people}
            for rec in snap.people:
                w.audit("import", "person", ids[rec.nhs_number], ids[rec.nhs_number],
                        file=name, new=rec.nhs_number in new)
            w.audit("import", "file", None, None, file=name, people=len(snap.people),
                    added=len(plan.new_people), additions=len(plan.additions),
                    kept_mine=len(choices) - len(taken), took_theirs=taken)
    except IntegrityError as exc:
        raise fhir_import.BundleError(f"{name} cannot be imported: it clashes with a record "
                                      f"already in this store ({exc.orig}).") from None
    return ImportResult(name, len(plan.new_people), len(plan.matched), len(plan.additions),
                        len(choices) - len(taken), len(taken))
