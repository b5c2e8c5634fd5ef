"""SIGKILL at random moments during a burst of writes: every reported commit survives, the
store passes its check, and it opens. Set CARECOORD_CRASH_KILLS to run more by hand."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time

import pytest
from sqlalchemy import select

from carecoord.domain.enums import Role
from carecoord.services import backups, setup
from carecoord.services.integrity import run_check
from carecoord.services.setup import FirstUser, initialise
from carecoord.store import backup as store_backup
from carecoord.store.models import Condition, Person
from tests.reliability import crash_child
from tests.reliability.conftest import CRASH_COUNTS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")

KILLS = int(os.environ.get("CARECOORD_CRASH_KILLS", "60"))


def _committed(report_path) -> tuple[set[str], set[str], int]:
    people, conditions, lines = set(), set(), 0
    if not report_path.exists():
        return people, conditions, 0
    text = report_path.read_text()
    for line in text.split("\n")[:-1]:  # a line cut by the kill has no newline: not reported
        kind, _, value = line.partition(" ")
        lines += kind in ("person", "condition")
        if kind == "person":
            people.add(value)
        elif kind == "condition":
            conditions.add(value)
    return people, conditions, lines


def _wait_for_first_commit(report, child, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.is_alive():
        if report.exists() and "\n" in report.read_text():
            return
        time.sleep(0.01)


def test_sigkill_during_a_burst_of_writes_loses_no_committed_change(tmp_path, memory_keyring):
    data_dir = tmp_path / "store"
    made = initialise(data_dir, FirstUser("jo", "Jo Bloggs", Role.CLINICIAN,
                                          crash_child.PASSWORD),
                      passphrase=crash_child.PASSPHRASE)
    made.store.close()
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload(["tests.reliability.crash_child"])
    seed = int(os.environ.get("CARECOORD_CRASH_SEED", time.time_ns() % 10**6))
    rnd = random.Random(seed)
    all_people: set[str] = set()
    all_conditions: set[str] = set()
    commits = 0
    started = time.perf_counter()
    for kill in range(KILLS):
        report = tmp_path / f"report-{kill}.txt"
        child = mp.Process(target=crash_child.burst,
                           args=(str(data_dir), str(report), kill, rnd.randrange(10**9)))
        child.start()
        # Kill during the burst, not before it: on a slow or busy machine the child may
        # take a while to start, so wait for its first reported commit, then a random time.
        _wait_for_first_commit(report, child, timeout=60)
        time.sleep(rnd.uniform(0.0, 0.35))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL, f"kill {kill}: the child ended by itself"
        people, conditions, lines = _committed(report)
        all_people |= people
        all_conditions |= conditions
        commits += lines
        store = setup.unlock(data_dir)  # the lock was freed by the kill; the WAL is recovered
        try:
            assert store.warnings == (), f"kill {kill} (seed {seed})"
            report_ok = run_check(store)
            assert report_ok.ok, f"kill {kill} (seed {seed}): {report_ok.lines()}"
            with store.session_factory() as s:
                present = set(s.scalars(select(Person.nhs_number)))
                named = set(s.scalars(select(Condition.name)))
            assert all_people <= present, f"kill {kill} (seed {seed}): lost people"
            assert all_conditions <= named, f"kill {kill} (seed {seed}): lost conditions"
            for info in backups.list_backups(store):
                assert info.kind in ("close", "daily"), info
        finally:
            store.close()
    store = setup.unlock(data_dir)
    try:
        newest = backups.list_backups(store)
        if newest:
            store_backup.verify_backup(newest[0].path, store.key)
    finally:
        store.close()
    CRASH_COUNTS["SIGKILLs survived"] += KILLS
    CRASH_COUNTS["reported commits checked"] += commits
    print(f"\n{KILLS} kills survived, {commits} reported commits all present "
          f"({len(all_people)} people, {len(all_conditions)} conditions), seed {seed}, "
          f"{time.perf_counter() - started:.1f} s")
    assert commits >= KILLS, "the kills should land during a burst of writes, not before it"
