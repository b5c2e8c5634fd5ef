"""Between reviews: appointments, referrals, tasks, contacts, lifestyle checks, readings
and consent to share, consistent with the day the store is built."""

from __future__ import annotations

import datetime as dt

from carecoord.demo import phrases
from carecoord.demo.dice import Dice, Weighted
from carecoord.demo.directory import Directory
from carecoord.demo.person import Someone
from carecoord.demo.writer import Bulk
from carecoord.domain.enums import (
    ActivityLevel,
    AppointmentMode,
    AppointmentStatus,
    ConsentMethod,
    ContactKind,
    Frailty,
    InterventionTopic,
    LifestyleService,
    RecipientKind,
    ReferralOffer,
    ReferralStatus,
    ReferralUrgency,
    SmokingStatus,
    TaskSource,
    TaskStatus,
)
from carecoord.store.models import (
    Appointment,
    AppointmentChange,
    BriefIntervention,
    ConsentToShare,
    ContactEvent,
    LifestyleCheck,
    Reading,
    Referral,
    Task,
)

DAY = dt.timedelta(days=1)
A, S = AppointmentMode, AppointmentStatus
MODES = {
    "lead": Weighted([(A.HOME_VISIT, 60), (A.PHONE, 30), (A.VIDEO, 10)]),
    "nurse": Weighted([(A.HOME_VISIT, 70), (A.CLINIC, 25), (A.PHONE, 5)]),
    "gp": Weighted([(A.CLINIC, 55), (A.PHONE, 35), (A.HOME_VISIT, 5), (A.VIDEO, 5)]),
    "specialist": Weighted([(A.CLINIC, 75), (A.VIDEO, 15), (A.PHONE, 10)]),
    "other": Weighted([(A.HOME_VISIT, 55), (A.PHONE, 35), (A.CLINIC, 10)]),
}
MINUTES = {A.HOME_VISIT: (30, 45, 60), A.CLINIC: (15, 20, 30), A.PHONE: (10, 15, 20),
           A.VIDEO: (20, 30)}
PAST = Weighted([(S.ATTENDED, 82), (S.DID_NOT_ATTEND, 7), (S.CANCELLED_BY_PERSON, 6),
                 (S.CANCELLED_BY_SERVICE, 5)])
FUTURE = Weighted([(S.BOOKED, 95), (S.CANCELLED_BY_PERSON, 3), (S.CANCELLED_BY_SERVICE, 2)])
REASONS = {S.CANCELLED_BY_PERSON: phrases.CANCELLED_BY_PERSON,
           S.CANCELLED_BY_SERVICE: phrases.CANCELLED_BY_SERVICE,
           S.DID_NOT_ATTEND: phrases.DID_NOT_ATTEND}
WHO = Weighted([("lead", 35), ("gp", 18), ("nurse", 17), ("specialist", 18), ("other", 12)])
SMOKING = Weighted([(SmokingStatus.NEVER, 45), (SmokingStatus.EX_SMOKER, 40),
                    (SmokingStatus.CURRENT, 13), (SmokingStatus.NOT_ASKED, 2)])
ACTIVITY = Weighted([(ActivityLevel.INACTIVE, 40), (ActivityLevel.MODERATELY_INACTIVE, 30),
                     (ActivityLevel.MODERATELY_ACTIVE, 20), (ActivityLevel.ACTIVE, 10)])
FRAIL = (Frailty.MODERATE, Frailty.SEVERE)
CONSENT_SCOPES = ("My care plan and appointments.", "My care plan only.",
                  "Everything in my record that helps my care.")


def _slot(dice: Dice, day: dt.date, step: dt.timedelta) -> dt.datetime:
    """A quarter-hour between 9am and 4:30pm on a weekday, moving off weekends by `step`."""
    while day.weekday() >= 5:
        day += step
    return dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=15 * dice.between(0, 30))


def _with(dice: Dice, p: Someone) -> tuple[str, object]:
    who = dice.draw(WHO)
    if who == "other":
        others = [m for m in p.team if m.key in ("social", "mh", "pharmacy", "voluntary",
                                                 "housing")]
        if not others:
            return "lead", p.lead
        m = dice.pick(others)
        return m.key, m.pro
    if who == "specialist":
        specialists = [m for m in p.team if m.key.startswith("specialist:")]
        if not specialists:
            return "lead", p.lead
        m = dice.pick(specialists)
        return m.key, m.pro
    return who, p.member(who)


def _free_slot(dice: Dice, pro_id: int | None, day: dt.date, step: dt.timedelta,
               minutes: int) -> dt.datetime:
    """A slot that does not overlap the professional's other demo appointments, as a real
    diary would be booked. The diary lives on this build's Dice, so builds stay independent."""
    diary: dict = dice.__dict__.setdefault("diary", {})
    starts = _slot(dice, day, step)
    for _ in range(24):
        taken = diary.setdefault((pro_id, starts.date()), [])
        begin = starts.hour * 60 + starts.minute
        if pro_id is None or all(begin + minutes <= b or e <= begin for b, e in taken):
            taken.append((begin, begin + minutes))
            return starts
        if dice.chance(0.5):
            starts = _slot(dice, starts.date(), step)
        else:
            starts = _slot(dice, starts.date() + step, step)
    return starts


def appointments(bulk: Bulk, dice: Dice, p: Someone, today: dt.date,
                 user_id: int | None) -> None:
    past, future = dice.between(1, 3), dice.between(1, 3) if p.active else 0
    for n in range(past + future):
        upcoming = n >= past
        key, pro = _with(dice, p)
        group = key.split(":")[0] if key.split(":")[0] in MODES else "other"
        mode = dice.draw(MODES[group])
        purpose_key = key.split(":")[-1] if key.startswith("specialist:") else None
        purpose = (phrases.SPECIALIST_PURPOSES[purpose_key] if purpose_key
                   else dice.pick(phrases.PURPOSES.get(key, phrases.PURPOSES["lead"])))
        if purpose in phrases.IN_PERSON and mode in (A.PHONE, A.VIDEO):
            mode = A.HOME_VISIT if group in ("lead", "nurse", "other") else A.CLINIC
        place = {A.HOME_VISIT: "Home", A.PHONE: None,
                 A.VIDEO: "Video call: the link comes by text"}.get(mode, pro.organisation)
        with_name = None
        if dice.chance(0.08):  # a service outside the directory
            pro, (with_name, purpose, place) = None, dice.pick(phrases.OTHER_SERVICES)
            mode = A.CLINIC
        minutes = dice.pick(MINUTES[mode])
        if upcoming:
            starts = _free_slot(dice, pro.id if pro else None,
                                today + dice.between(1, 56) * DAY, DAY, minutes)
        else:
            starts = _free_slot(dice, pro.id if pro else None,
                                max(p.last_day - dice.between(1, 120) * DAY, p.joined), -DAY,
                                minutes)
        status = dice.draw(FUTURE if starts.date() > today else PAST)
        booked = min(starts.date() - dice.between(3, 40) * DAY, today)
        moved = dice.chance(0.06)
        aid = bulk.add(
            Appointment, person_id=p.id, starts_at=starts, minutes=minutes,
            mode=mode, place=place, professional_id=pro.id if pro else None, with_name=with_name,
            purpose=purpose, status=status, sequence=1 if moved else 0,
            status_reason=dice.pick(REASONS[status]) if status in REASONS
            and dice.chance(0.8) else None,
            transport_needs=dice.pick(phrases.TRANSPORT)
            if mode == A.CLINIC and p.frailty in FRAIL and dice.chance(0.4)
            else None,
            access_needs=(f"Interpreter ({p.language}) booked" if p.language and mode != A.PHONE
                          and dice.chance(0.7) else dice.pick(phrases.ACCESS)
                          if mode == A.CLINIC and dice.chance(0.1) else None),
            created_at=dt.datetime.combine(booked, dt.time(9, 30)))
        if moved:
            bulk.add(AppointmentChange, appointment_id=aid,
                     old_starts_at=starts - dice.between(1, 10) * DAY, new_starts_at=starts,
                     reason=dice.pick(("The person asked for a later date.",
                                       "Clinic rearranged by the hospital.")),
                     changed_by=user_id, created_at=dt.datetime.combine(booked, dt.time(10)))


def referrals(bulk: Bulk, dice: Dice, p: Someone, today: dt.date) -> None:
    count = 0 if dice.chance(0.6) else 1 if dice.chance(0.75) else 2
    keys = {c.key for c in p.conditions}
    suited = [r for r in phrases.REFERRALS if not r[2] or keys & set(r[2])]
    for _ in range(count):
        referred = p.last_day - int(dice.triangular(0, 240, 20)) * DAY
        if dice.chance(0.07):
            service, reason = dice.pick(phrases.TWO_WEEK_WAIT)
            urgency, service = ReferralUrgency.TWO_WEEK_WAIT, f"Two-week wait: {service}"
            typical = 12
        else:
            service, reason, _ = dice.pick(suited)
            urgency = ReferralUrgency.URGENT if dice.chance(0.22) else ReferralUrgency.ROUTINE
            typical = 21 if urgency == ReferralUrgency.URGENT else 50
        waited = (p.last_day - referred).days
        seen_on, r = None, dice.random()
        if waited > typical and r < 0.78:
            status = ReferralStatus.SEEN
            seen_on = referred + dice.between(3, min(waited, typical + 30)) * DAY
        elif 0.78 <= r < 0.88 or (waited <= typical and r < 0.1):
            status = ReferralStatus.DECLINED if r < 0.84 else ReferralStatus.CANCELLED
        else:  # still waiting, some of them for too long
            status = ReferralStatus.ACCEPTED if dice.chance(0.5) else ReferralStatus.AWAITING
        bulk.add(Referral, person_id=p.id, service=service, reason=reason, urgency=urgency,
                 referred_on=referred, seen_on=seen_on, status=status,
                 referred_by=p.member(dice.pick(("lead", "gp"))).id,
                 created_at=dt.datetime.combine(referred, dt.time(14)))


def _event_day(dice: Dice, p: Someone, first_agreed: dt.date | None, start: dt.date) -> dt.date:
    """Unplanned care is about a third less common once a plan is agreed (seed 003:320)."""
    if first_agreed and start < first_agreed < p.last_day:
        before, after = (first_agreed - start).days, (p.last_day - first_agreed).days * 0.65
        if dice.random() * (before + after) < before:
            return dice.day_between(start, first_agreed - DAY)
        return dice.day_between(first_agreed, p.last_day)
    return dice.day_between(start, p.last_day)


def _follow_up(bulk: Bulk, dice: Dice, p: Someone, event_id: int, discharged: dt.date,
               today: dt.date) -> None:
    """As services/activity.py does for a discharge: a task for the lead, due in two days."""
    due = discharged + 2 * DAY
    status, done_on = TaskStatus.OPEN, None
    if due < today - 3 * DAY or (discharged < today and dice.chance(0.3)):
        status = TaskStatus.DONE if dice.chance(0.93) else TaskStatus.CANCELLED
    if status == TaskStatus.DONE:
        done_on = dice.day_between(discharged, min(due + DAY, today))
    bulk.add(Task, person_id=p.id, owner_professional_id=p.lead_on(discharged).id,
             description=f"Follow up after discharge from hospital on "
                         f"{discharged.day} {discharged:%B %Y}",
             due_from=discharged, due_to=due, source=TaskSource.DISCHARGE_FOLLOW_UP,
             contact_event_id=event_id, status=status, completed_on=done_on,
             created_at=dt.datetime.combine(discharged, dt.time(17, 5)))


def contacts(bulk: Bulk, dice: Dice, p: Someone, first_agreed: dt.date | None,
             today: dt.date, user_id: int | None) -> None:
    start = max(p.joined - 365 * DAY, today - 730 * DAY)
    frail = 2.0 if p.frailty == Frailty.SEVERE else 1.4 if p.frailty == Frailty.MODERATE else 1
    events = []
    for kind, rate, notes in ((ContactKind.GP_CONTACT, 0.8, phrases.GP_CONTACTS),
                              (ContactKind.HOME_VISIT, 0.35 * frail, phrases.HOME_VISITS),
                              (ContactKind.AE_ATTENDANCE, 0.2 * frail, phrases.AE),
                              (ContactKind.UNPLANNED_ADMISSION, 0.25 * frail,
                               phrases.ADMISSIONS),
                              (ContactKind.CALL_999, 0.08 * frail, phrases.CALLS_999)):
        count = int(rate) + (1 if dice.random() < rate - int(rate) else 0)
        if count and dice.chance(0.3):
            count += 1 if rate > 0.5 else 0
        events += [(kind, dice.pick(notes)) for _ in range(count)]
    for kind, note in events:
        day = _event_day(dice, p, first_agreed, start)
        discharged = None
        if kind == ContactKind.UNPLANNED_ADMISSION:
            if day == p.last_day or (p.active and day > today - 4 * DAY and dice.chance(0.5)):
                discharged = None  # still in hospital
            else:
                discharged = min(p.last_day, day + int(dice.triangular(1, 21, 3)) * DAY)
            if dice.chance(0.4):
                bulk.add(ContactEvent, person_id=p.id, kind=ContactKind.CALL_999,
                         occurred_on=day, note="Ambulance called; taken to hospital.",
                         recorded_by=user_id, created_at=dt.datetime.combine(day, dt.time(18)))
        eid = bulk.add(ContactEvent, person_id=p.id, kind=kind, occurred_on=day,
                       discharged_on=discharged, note=note, recorded_by=user_id,
                       created_at=dt.datetime.combine(discharged or day, dt.time(17)))
        if discharged is not None:
            _follow_up(bulk, dice, p, eid, discharged, today)
    if p.active and dice.chance(0.25):
        due_from = today + dice.between(-21, 21) * DAY
        due_to = due_from + dice.between(0, 14) * DAY
        done = due_to < today and dice.chance(0.6)
        bulk.add(Task, person_id=p.id, owner_professional_id=p.lead.id,
                 description=dice.pick(phrases.TASKS),
                 due_from=due_from if dice.chance(0.5) else None, due_to=due_to,
                 status=TaskStatus.DONE if done else TaskStatus.OPEN,
                 completed_on=dice.day_between(due_from, today) if done else None,
                 created_at=dt.datetime.combine(min(due_from, today), dt.time(9)))


def lifestyle(bulk: Bulk, dice: Dice, p: Someone, today: dt.date,
              user_id: int | None) -> None:
    if not dice.chance(0.12):
        return
    day = p.last_day - dice.between(0, 400) * DAY
    smoking = dice.draw(SMOKING)
    activity = dice.draw(ACTIVITY)
    height = round(dice.gauss(166, 9), 1)
    weight = round(max(38.0, dice.gauss(78, 16)), 1)
    bmi = round(weight / (height / 100) ** 2, 1)
    units = float(dice.pick((0, 0, 2, 4, 6, 10, 14, 18, 28)))
    wellbeing = dice.between(3, 10)
    cid = bulk.add(LifestyleCheck, person_id=p.id, checked_on=day, smoking=smoking,
                   alcohol_units_week=units, activity=activity, height_cm=height,
                   weight_kg=weight, bmi=bmi, wellbeing_score=wellbeing, recorded_by=user_id,
                   diet_note=dice.pick(("Cooks most days.", "Lives on ready meals.",
                                        "Poor appetite lately.", None)),
                   created_at=dt.datetime.combine(day, dt.time(12)))
    offers = []
    if smoking == SmokingStatus.CURRENT:
        offers.append((InterventionTopic.SMOKING, LifestyleService.STOP_SMOKING,
                       "Talked about stopping; nicotine patches explained."))
    if units > 14:
        offers.append((InterventionTopic.ALCOHOL, LifestyleService.ALCOHOL,
                       "Advised to keep to 14 units a week, spread over three or more days."))
    if bmi >= 30:
        offers.append((InterventionTopic.DIET_WEIGHT, LifestyleService.WEIGHT_MANAGEMENT,
                       "Talked about small changes to meals and snacks."))
    if activity == ActivityLevel.INACTIVE and dice.chance(0.5):
        offers.append((InterventionTopic.ACTIVITY, LifestyleService.EXERCISE,
                       "Chair-based exercise class suggested."))
    if wellbeing <= 4:
        offers.append((InterventionTopic.WELLBEING, LifestyleService.TALKING_THERAPIES,
                       "Talked about how things have been; self-referral explained."))
    for topic, service, advice in offers:
        answer = dice.pick((ReferralOffer.ACCEPTED, ReferralOffer.DECLINED,
                            ReferralOffer.NOT_OFFERED))
        bulk.add(BriefIntervention, check_id=cid, topic=topic, advice=advice,
                 leaflet_given=dice.chance(0.6),
                 service=service if answer != ReferralOffer.NOT_OFFERED else None,
                 referral=answer, created_at=dt.datetime.combine(day, dt.time(12, 10)))


def readings(bulk: Bulk, dice: Dice, p: Someone, kinds: dict[str, int],
             user_id: int | None) -> None:
    codes = list(dict.fromkeys(code for c in p.conditions for code in c.readings))
    if not codes or not dice.chance(0.15):
        return
    weight = dice.gauss(76, 14)
    for code in codes[:1 if dice.chance(0.7) else 2]:
        for _ in range(dice.between(3, 6)):
            taken = dt.datetime.combine(p.last_day - dice.between(0, 90) * DAY,
                                        dt.time(dice.between(7, 20), dice.between(0, 59)))
            value2 = None
            if code == "blood_pressure":
                value, value2 = float(dice.between(112, 172)), float(dice.between(62, 98))
            elif code == "blood_glucose":
                value = round(dice.uniform(4.2, 14.5), 1)
            elif code == "oxygen_saturation":
                value = float(dice.between(88, 98) if p.has("copd") else dice.between(94, 99))
            elif code == "weight":
                value = round(weight + dice.uniform(-1.5, 1.5), 1)
            elif code == "peak_flow":
                value = float(dice.between(180, 420))
            else:
                continue
            bulk.add(Reading, person_id=p.id, kind_id=kinds[code], taken_at=taken, value=value,
                     value2=value2, recorded_by=user_id, created_at=taken)


def consents(bulk: Bulk, dice: Dice, directory: Directory, p: Someone,
             user_id: int | None) -> None:
    if not dice.chance(0.35):
        return
    given = dice.day_between(p.joined, p.last_day)
    options = [(p.practice.name, RecipientKind.ORGANISATION, p.practice.organisation_id)]
    social = directory.organisations.get("social")
    if social:
        options.append(("Riverside County Council Adult Social Care",
                        RecipientKind.ORGANISATION, social))
    if p.carers:
        options.append((p.carers[0], RecipientKind.PERSON, None))
    recipient, kind, org = dice.pick(options)
    withdrawn = dice.chance(0.04)
    bulk.add(ConsentToShare, person_id=p.id, recipient=recipient, recipient_kind=kind,
             organisation_id=org, scope=dice.pick(CONSENT_SCOPES), given_on=given,
             method=dice.pick((ConsentMethod.VERBAL, ConsentMethod.WRITTEN)),
             withdrawn_on=dice.day_between(given, p.last_day) if withdrawn else None,
             withdrawn_note="Asked us to stop sharing." if withdrawn else None,
             recorded_by=user_id, created_at=dt.datetime.combine(given, dt.time(15)))
