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

    p = kinds.add_parser("pdf", help="a person's printed care plan as a PDF")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    p.add_argument("--nhs", required=True, help="the person's NHS number")
    layout = p.add_mutually_exclusive_group()
    layout.add_argument("--large-print", action="store_true", help="16 pt and above")
    layout.add_argument("--easy-read", action="store_true", help="short sentences, symbols")
    p.add_argument("--professional", action="store_true",
                   help="the professional copy, with alerts, codes and referral detail")
    p.add_argument("--version-number", type=int, help="an earlier plan version (default: newest)")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_pdf)

    p = kinds.add_parser("caseload-csv", help="the caseload as a CSV spreadsheet")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    p.add_argument("--lead", help="only people whose lead professional is this user")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_caseload_csv)


def person_id_for(ctx, nhs: str) -> int:
    from carecoord.domain.errors import NotFoundError
    from carecoord.domain.nhs_number import format_nhs
    from carecoord.services.people import find_by_nhs

    person = find_by_nhs(ctx, nhs)
    if person is None:
        raise NotFoundError(f"No one with NHS number {format_nhs(''.join(nhs.split()))} is in "
                            "this store.")
    return person.id


def plan_id_for(ctx, person_id: int, number: int | None) -> int | None:
    if number is None:
        return None
    from carecoord.services.plans import versions

    for v in versions(ctx, person_id):
        if v.number == number:
            return v.id
    raise UsageError(f"This person has no plan version {number}.")


def cmd_pdf(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.printing import Layout, render_plan

    layout = (Layout.LARGE_PRINT if args.large_print else
              Layout.EASY_READ if args.easy_read else Layout.STANDARD)
    ctx = open_session(data_dir, args.user)
    try:
        pid = person_id_for(ctx, args.nhs)
        result = render_plan(ctx, pid, Path(args.out), layout, professional=args.professional,
                             plan_id=plan_id_for(ctx, pid, args.version_number))
    finally:
        ctx.store.close()
    kind = "professional copy" if args.professional else "person's copy"
    draft = " (marked DRAFT: not agreed yet)" if result.draft else ""
    print(f"Wrote the {kind} of plan version {result.version}, {result.pages} pages, "
          f"{layout.value.replace('_', ' ')}, to {result.path}{draft}.")
    return EXIT_OK


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
