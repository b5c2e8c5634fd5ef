"""The child of the crash test: a burst of committed writes through the services, each one
reported to the parent only after the service call has returned (that is, after commit)."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from carecoord.domain.nhs_number import check_digit
from carecoord.security.users import login
from carecoord.services import backups, setup
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, add_condition, create_person

PASSPHRASE = "a long store passphrase"
PASSWORD = "correct horse battery"
TODAY = dt.date(2026, 11, 22)


def nhs_for(tag: int, n: int) -> str | None:
    nine = f"{400_000_000 + tag * 10_000 + n:09d}"
    digit = check_digit(nine)
    return None if digit is None else nine + str(digit)


def _open(data_dir: Path) -> Ctx:
    store = setup.unlock(data_dir, passphrase=PASSPHRASE)
    return Ctx(store, login(store, "jo", PASSWORD), today=lambda: TODAY)


def burst(data_dir: str, report_path: str, tag: int, seed: int) -> None:
    fd = os.open(report_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def report(line: str) -> None:
        os.write(fd, (line + "\n").encode())  # unbuffered: in the kernel before the next write

    rnd = random.Random(seed)
    ctx = _open(Path(data_dir))
    report("opened")
    people: list[int] = []
    for n in range(1, 5000):
        roll = rnd.random()
        if roll < 0.5 or not people:
            nhs = nhs_for(tag, n)
            if nhs is None:
                continue
            view = create_person(ctx, PersonInput(nhs, "Crash", f"Test {tag}-{n}", "01/01/1950",
                                                  about_interests="x" * rnd.randint(0, 3000),
                                                  cohorts=("Housebound",)))
            people.append(view.id)
            report(f"person {nhs}")
        elif roll < 0.9:
            name = f"condition {tag}-{n}"
            add_condition(ctx, rnd.choice(people), name)
            report(f"condition {name}")
        elif roll < 0.96:
            ctx.store.close()  # a checkpoint, the WAL removed, the lock released and retaken
            ctx = _open(Path(data_dir))
            report("reopened")
        else:
            path = backups.backup_on_close(ctx.store)
            report(f"backup {path.name}")
