"""export and import subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carecoord.cli.session import UsageError, open_session

EXIT_OK = 0


def register(sub) -> None:
    exp = sub.add_parser("export", help="export a plan, a record or the caseload")
    kinds = exp.add_subparsers(dest="export_kind", required=True, metavar="KIND")

    p = kinds.add_parser("caseload-csv", help="the caseload as a CSV spreadsheet")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    p.add_argument("--lead", help="only people whose lead professional is this user")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_caseload_csv)


def cmd_caseload_csv(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services import caseload
    from carecoord.services.exports import UNENCRYPTED_WARNING, export_caseload_csv

    ctx = open_session(data_dir, args.user)
    try:
        lead_id = None
        if args.lead:
            lead_id = caseload.professional_for_username(ctx, args.lead)
            if lead_id is None:
                raise UsageError(f"There is no user called {args.lead}.")
        rows = caseload.sort_rows(
            caseload.load(ctx, caseload.CaseloadQuery(lead_professional_id=lead_id)),
            "family_name")
        print("Warning: " + UNENCRYPTED_WARNING.format(n=f"{len(rows):,}"), file=sys.stderr)
        written = export_caseload_csv(ctx, rows, Path(args.out))
    finally:
        ctx.store.close()
    print(f"Wrote {len(rows):,} people to {written.path} (SHA-256 {written.sha256[:16]}…).")
    return EXIT_OK
