"""A seeded, realistic synthetic caseload for demonstrations, training and benchmarks.

`build_demo_store` makes a demo store (user demo, password demo; passphrase demo where no
keyring holds the key) and fills it; `populate` fills an open store. The same seed and the
same day give the same data. Everything is written in one transaction, so a failure or a
cancelled build (the progress callback raising) leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carecoord.demo import activity, directory, names, person, plans, reference
from carecoord.demo.dice import Dice
from carecoord.demo.writer import Bulk
from carecoord.domain.enums import Role
from carecoord.domain.nhs_number import check_digit
from carecoord.security import audit, keystore
from carecoord.security.users import SYSTEM
from carecoord.store.lock import LOCK_FILE
from carecoord.store.models import Person
from carecoord.store.paths import db_path
from carecoord.store.store import Store
from carecoord.store.unit_of_work import unit_of_work

__all__ = ["DemoSummary", "build_demo_store", "populate"]

Progress = Callable[[int, int], None]
DAY = dt.timedelta(days=1)
# A bigger page cache for the load only: encrypted pages are costly to evict and reread.
BULK_CACHE = "PRAGMA cache_size = -65536"
TEST_RANGE_START = 999_000_000  # the first nine digits of 999 000 0000
TEST_RANGE_END = 999_999_999


@dataclass(frozen=True)
class DemoSummary:
    people: int
    organisations: int
    professionals: int
    conditions: int
    care_team_members: int
    carers: int
    plans: int
    goals: int
    actions: int
    goal_ratings: int
    appointments: int
    referrals: int
    tasks: int
    contact_events: int
    readings: int
    rows: int
    seconds: float


def build_demo_store(data_dir: Path, people: int, seed: int = 1,
                     progress: Progress | None = None,
                     today: dt.date | None = None) -> Store:
    """Create a demo store in `data_dir` and fill it. On failure nothing is left behind."""
    from carecoord.services.setup import FirstUser, initialise

    data_dir = Path(data_dir)
    made = initialise(data_dir, FirstUser("demo", "Demo User", Role.CLINICIAN, "demo",
                                          job_title="Community matron",
                                          organisation=directory.COMMUNITY_ORG,
                                          phone="01632 960400",
                                          email="demo.user@riversidecommunity.nhs.example"),
                      passphrase="demo", demo=True)
    try:
        populate(made.store, people, seed=seed, progress=progress, today=today)
    except BaseException:
        made.store.close()
        for path in (db_path(data_dir), data_dir / keystore.KEY_FILE, data_dir / LOCK_FILE):
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        raise
    return made.store


def _nhs_numbers(dice: Dice, count: int, taken: set[str]) -> Iterator[str]:
    """Valid numbers from the 999 test range, in sequence from a seeded start, skipping any
    nine digits that no check digit can complete."""
    prefix = TEST_RANGE_START + dice.between(0, max(0, TEST_RANGE_END - TEST_RANGE_START
                                                    - 2 * count - 1000))
    while prefix <= TEST_RANGE_END:
        first = str(prefix)
        digit = check_digit(first)
        prefix += 1
        if digit is not None and first + str(digit) not in taken:
            yield first + str(digit)
    raise ValueError("The NHS number test range is used up.")


def populate(store: Store, people: int, seed: int = 1, progress: Progress | None = None,
             today: dt.date | None = None) -> DemoSummary:
    """Add `people` synthetic people, their plans and everything around them, to a store.

    Meant for a new store: each call also adds its own directory of professionals. The
    store's first user with a directory entry ('demo' in a demo store) leads a caseload.
    `progress(done, total)` is called about every 1%; raising from it cancels the build.
    """
    if people < 1:
        raise ValueError("A demo caseload needs at least one person.")
    started = time.perf_counter()
    today = today or dt.date.today()
    dice = Dice(seed)
    with unit_of_work(store.session_factory, write=True) as uow, _bigger_cache(uow.session):
        session = uow.session
        # The uid clock starts at midnight (UTC) on the day the data describes, and past any
        # earlier build in the same store (which used about 40 uids a person).
        earlier = session.scalar(select(func.max(Person.id))) or 0
        dice.clock_ms = int(dt.datetime.combine(today, dt.time(), dt.UTC).timestamp() * 1000
                            ) + 100 * earlier
        kinds, questions = reference.seed(store, uow, today)
        with Bulk(session, dice, dt.datetime.combine(today, dt.time(8))) as bulk:
            _generate(bulk, dice, people, today, progress, kinds, questions)
        c = bulk.counts
        summary = DemoSummary(
            people=c["person"], organisations=c["organisation"],
            professionals=c["professional"], conditions=c["condition"],
            care_team_members=c["care_team_member"], carers=c["carer"], plans=c["care_plan"],
            goals=c["goal"], actions=c["action"], goal_ratings=c["goal_rating"],
            appointments=c["appointment"], referrals=c["referral"], tasks=c["task"],
            contact_events=c["contact_event"], readings=c["reading"], rows=sum(c.values()),
            seconds=0.0)
        audit.append(session, user_id=SYSTEM.user_id, username=SYSTEM.username,
                     action="demo_data", entity="store", entity_id=store.store_id,
                     detail={"people": people, "seed": seed, "today": today.isoformat(),
                             "rows": dict(sorted(c.items()))})
    _checkpoint(store)
    return replace(summary, seconds=round(time.perf_counter() - started, 2))


def _generate(bulk: Bulk, dice: Dice, people: int, today: dt.date, progress: Progress | None,
              kinds: dict[str, int], questions: list[int]) -> None:
    """Draw and queue every row. The session is used for reads only before the first flush
    starts the writer thread."""
    session = bulk.session
    total = sum(names.LOCALITY_SHARES.values())
    staff = directory.build(bulk, dice, {loc: people * share / total for loc, share
                                         in names.LOCALITY_SHARES.items()})
    user_id = staff.home_user_id
    taken = set(session.scalars(select(Person.nhs_number).where(
        Person.nhs_number.like("999%"))))
    numbers = _nhs_numbers(dice, people, taken)
    step = -(-people // 100)  # about every 1%
    if progress:
        progress(0, people)
    for done in range(1, people + 1):
        p, row = person.new_person(dice, staff, bulk.reserve(Person), next(numbers), today)
        scenario = plans.choose(dice, p.last_day)
        first = scenario.earliest or p.last_day - int(dice.triangular(30, 2000, 300)) * DAY
        p.joined = min(first, p.last_day) - dice.between(7, 300) * DAY
        person.write(bulk, dice, staff, p, row, today)
        plans.write(bulk, dice, p, scenario, questions, user_id)
        activity.appointments(bulk, dice, p, today, user_id)
        activity.referrals(bulk, dice, p, today)
        activity.contacts(bulk, dice, p, scenario.first_agreed, today, user_id)
        activity.lifestyle(bulk, dice, p, today, user_id)
        activity.readings(bulk, dice, p, kinds, user_id)
        activity.consents(bulk, dice, staff, p, user_id)
        if progress and (done % step == 0 or done == people):
            progress(done, people)


@contextmanager
def _bigger_cache(session: Session) -> Iterator[None]:
    """A bigger page cache for the load, given back before the connection returns to the
    pool (the setting belongs to the connection, not to the transaction)."""
    conn = session.connection()
    cache = int(conn.exec_driver_sql("PRAGMA cache_size").scalar())
    conn.exec_driver_sql(BULK_CACHE)
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {cache}")


def _checkpoint(store: Store) -> None:
    """Fold the large write-ahead log back into the database file and shrink it."""
    raw = store.engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
