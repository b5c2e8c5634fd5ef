"""Helpers shared by the reliability tests, and a count of the junk inputs the fuzzers tried."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pytest

from carecoord.store.paths import db_path

FUZZ_COUNTS: collections.Counter[str] = collections.Counter()
CRASH_COUNTS: collections.Counter[str] = collections.Counter()
# Faults the fuzzers met in code owned elsewhere, tolerated by name until fixed, and printed
# at the end of every run so they are not forgotten.
KNOWN_FAULTS: collections.Counter[str] = collections.Counter()


def pytest_terminal_summary(terminalreporter):
    if FUZZ_COUNTS:
        total = sum(FUZZ_COUNTS.values())
        terminalreporter.write_line(f"fuzz inputs tried: {total:,} "
                                    f"({', '.join(f'{k} {v:,}' for k, v in FUZZ_COUNTS.items())})")
    for fault, times in KNOWN_FAULTS.items():
        terminalreporter.write_line(f"KNOWN FAULT, still there ({times}x): {fault}")
    if CRASH_COUNTS:
        terminalreporter.write_line(
            f"crash safety: {', '.join(f'{k} {v:,}' for k, v in CRASH_COUNTS.items())}")


def crash_image(data_dir: Path, into: Path) -> Path:
    """Copy a store's folder while it is open: exactly what a power cut leaves behind
    (the database, its un-checkpointed WAL, and a lock file saying 'open')."""
    shutil.copytree(data_dir, into)
    return into


def sqlite_parts(data_dir: Path) -> dict[str, Path]:
    live = db_path(data_dir)
    return {"db": live, "wal": Path(str(live) + "-wal"), "shm": Path(str(live) + "-shm")}


@pytest.fixture
def closed_store(new_store, data_dir):
    """A store with one person in it, closed, with one good automatic backup."""
    from carecoord.security.users import login
    from carecoord.services import backups
    from carecoord.services.base import Ctx
    from carecoord.services.people import PersonInput, create_person
    from tests.conftest import PASSWORD

    store = new_store.store
    ctx = Ctx(store, login(store, "jo", PASSWORD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    backup = backups.backup_on_close(store)
    store.close()
    return data_dir, backup
