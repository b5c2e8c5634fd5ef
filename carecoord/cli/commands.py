"""init, demo, list, check, db upgrade, backup and restore."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from carecoord.cli.progress import ProgressBar
from carecoord.cli.session import UsageError, ask_secret, open_session, unlock
from carecoord.domain.dates import format_date
from carecoord.domain.enums import Role
from carecoord.domain.errors import StoreError
from carecoord.security.keystore import safe_keyring

EXIT_OK, EXIT_FAILED = 0, 1


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument("--demo", action="store_true", help="open a synthetic demo store")

    p = sub.add_parser("init", help="create a new encrypted store and its first user")
    p.add_argument("--user", required=True, help="user name for logging in")
    p.add_argument("--name", required=True, help="the user's full name")
    # Only an administrator adds users, so a store made with the defaults must have one.
    p.add_argument("--role", default=Role.ADMIN.value, choices=Role.values(),
                   help="the first user's role (default: admin, who can add other users "
                   "and do all the clinical work)")
    p.add_argument("--job-title", default="Community matron")
    p.add_argument("--organisation")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="create a synthetic demo store (user demo, password demo)")
    p.add_argument("--people", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("list", help="the caseload, one person a line")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    p.add_argument("--lead", help="only people whose lead professional is this user")
    p.add_argument("--overdue", action="store_true", help="only reviews that are overdue")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("check", help="check integrity, links and the audit trail")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = dbsub.add_parser("upgrade", help="back up, then upgrade the store's schema")
    up.set_defaults(handler=cmd_db_upgrade)

    p = sub.add_parser("backup", help="write an encrypted backup")
    p.add_argument("--out", required=True, help="a .zip file, or a folder (e.g. a USB stick)")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="verify a backup, then restore it (the current store is "
                       "kept aside)")
    p.add_argument("file")
    p.set_defaults(handler=cmd_restore)


def cmd_init(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.setup import FirstUser, initialise, store_exists

    if store_exists(data_dir):
        raise StoreError(f"A store already exists in {data_dir}.")
    password = ask_secret(f"Choose a password for {args.user}: ", "CARECOORD_PASSWORD")
    if not password:
        raise UsageError("Set CARECOORD_PASSWORD, or run init in a terminal.")
    passphrase = None
    if safe_keyring() is None:
        passphrase = ask_secret("No safe keyring here; choose a store passphrase: ",
                                "CARECOORD_PASSPHRASE")
        if not passphrase:
            raise StoreError("No safe keyring is available, so the store needs a passphrase: "
                             "set CARECOORD_PASSPHRASE or run init in a terminal.")
    made = initialise(data_dir, FirstUser(args.user, args.name, Role(args.role), password,
                                          job_title=args.job_title,
                                          organisation=args.organisation),
                      passphrase=passphrase)
    made.store.close()
    print(f"Created a CareCoord store in {data_dir} for {args.name} ({args.user}).")
    if args.role == Role.ADMIN.value:
        print(f"{args.user} is an administrator and can add other users with "
              "'carecoord users add'.")
    print()
    print("RECOVERY KEY (shown once; write it down and keep it somewhere safe):")
    print(f"    {made.recovery_key}")
    print("It opens the store on another computer or if this computer's keyring is lost.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, data_dir: Path) -> int:
    if args.people < 1 or args.people > 200_000:
        raise UsageError("--people must be between 1 and 200000.")
    from carecoord.demo import build_demo_store
    from carecoord.services.setup import store_exists

    if store_exists(data_dir):
        raise StoreError(f"A store already exists in {data_dir}. Choose another --data-dir.")
    bar = ProgressBar("Building demo store", sys.stderr)
    started = time.perf_counter()
    store = build_demo_store(data_dir, args.people, seed=args.seed, progress=bar.update)
    store.close()
    bar.finish()
    print(f"Demo store with {args.people:,} people written to {data_dir} in "
          f"{time.perf_counter() - started:.1f} s. User: demo, password: demo.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services import caseload
    from carecoord.services.caseload import PLAN_STATUS_LABELS, CaseloadQuery

    ctx = open_session(data_dir, args.user)
    try:
        lead_id = None
        if args.lead:
            lead_id = caseload.professional_for_username(ctx, args.lead)
            if lead_id is None:
                raise UsageError(f"There is no user called {args.lead}.")
        rows = caseload.load(ctx, CaseloadQuery(lead_professional_id=lead_id))
        today = ctx.today()
        if args.overdue:
            rows = [r for r in rows if caseload.is_overdue(r, today)]
        rows = caseload.sort_rows(rows, "family_name")
        if args.json:
            json.dump([{"nhs_number": r.nhs_number, "name": r.name, "lead": r.lead_name,
                        "plan_status": r.plan_status,
                        "review_due": r.review_date.isoformat() if r.review_date else None,
                        "team": r.team, "date_of_birth": r.date_of_birth.isoformat()}
                       for r in rows], sys.stdout, ensure_ascii=False)
            print()
        else:
            for r in rows:
                review = format_date(r.review_date, "%-d %b %Y") if r.review_date else "-"
                print(f"{r.nhs_formatted}  {r.family_name}, {r.given_name}  "
                      f"lead: {r.lead_name or '-'}  plan: {PLAN_STATUS_LABELS[r.plan_status]}  "
                      f"review: {review}")
            print(f"{len(rows):,} {'person' if len(rows) == 1 else 'people'}",
                  file=sys.stderr)
    finally:
        ctx.store.close()
    return EXIT_OK


def cmd_check(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.integrity import run_check

    store = unlock(data_dir)
    try:
        report = run_check(store)
    finally:
        store.close()
    for line in report.lines():
        print(line)
    if not report.ok:
        print("carecoord: the store failed its check. Restore the newest good backup.",
              file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.store import migrate

    store = unlock(data_dir)  # opening upgrades, after an encrypted backup
    try:
        print(f"The store is at schema {migrate.current_revision(store.engine)} (current).")
    finally:
        store.close()
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.backups import backup_now

    store = unlock(data_dir)
    try:
        started = time.perf_counter()
        path = backup_now(store, Path(args.out))
    finally:
        store.close()
    print(f"Encrypted backup written to {path} in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, data_dir: Path) -> int:
    import os

    from carecoord.security import keystore
    from carecoord.services.backups import restore_from
    from carecoord.store.backup import key_file_in

    # The current store is not opened: a restore must work when it is damaged, and on a
    # computer that has never had one (the backup carries its key file).
    backup = Path(args.file)
    if not backup.exists():
        raise StoreError(f"There is no backup file at {backup}.")
    if not backup.is_file():
        raise StoreError(f"{backup} is not a backup file: choose the .zip file itself.")
    passphrase = recovery = None
    carried = key_file_in(backup)
    if keystore.key_from_keyring(carried) is None:
        passphrase = os.environ.get("CARECOORD_PASSPHRASE")
        recovery = os.environ.get("CARECOORD_RECOVERY_KEY")
        if not passphrase and not recovery and carried.demo:
            passphrase = "demo"
        if not passphrase and not recovery:
            passphrase = ask_secret("Passphrase of the backed-up store: ",
                                    "CARECOORD_PASSPHRASE")
        if not passphrase and not recovery:
            raise StoreError("This backup needs its passphrase or recovery key: set "
                             "CARECOORD_PASSPHRASE or CARECOORD_RECOVERY_KEY, or run the "
                             "command in a terminal.")
    started = time.perf_counter()
    restored = restore_from(data_dir, backup, passphrase=passphrase, recovery_key=recovery)
    took = time.perf_counter() - started
    if restored.aside is not None:
        print(f"Restored {args.file}. The previous store was kept in {restored.aside}.")
    else:
        print(f"Restored {args.file} into {data_dir}.")
    print(f"The backup was taken {restored.info.when}; checked and restored in {took:.1f} s.",
          file=sys.stderr)
    return EXIT_OK
