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

    p = kinds.add_parser("fhir", help="a FHIR R4 Bundle (JSON) for one person, or everyone")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--nhs", help="the person's NHS number")
    who.add_argument("--all", action="store_true",
                     help="everyone on the caseload, in bundles of up to 500 people in --out DIR")
    p.add_argument("--recipient", help="the organisation or person it is sent to (checks consent)")
    p.add_argument("--out", required=True, help="a .json file (or a folder with --all)")
    p.set_defaults(handler=cmd_fhir)

    p = kinds.add_parser("ics", help="a person's appointments as an iCalendar (.ics) file")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    p.add_argument("--nhs", help="the person's NHS number")
    p.add_argument("--my-week", metavar="DATE",
                   help="instead, my appointments for the week containing DATE")
    p.add_argument("--recipient", help="the organisation or person it is sent to (checks consent)")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_ics)

    p = kinds.add_parser("record", help="the full record for a subject access request (.zip)")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    p.add_argument("--nhs", required=True, help="the person's NHS number")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_record)

    imp = sub.add_parser("import", help="import a FHIR Bundle made by CareCoord elsewhere")
    ikinds = imp.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    p = ikinds.add_parser("fhir", help="a FHIR Bundle (JSON) exported by CareCoord")
    p.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
    p.add_argument("file")
    choice = p.add_mutually_exclusive_group()
    choice.add_argument("--keep-mine", action="store_true",
                        help="where the file differs from this store, keep this store's values")
    choice.add_argument("--take-theirs", action="store_true",
                        help="where the file differs from this store, take the file's values")
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
    p.set_defaults(handler=cmd_import_fhir)

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


def _report(result) -> None:
    if result.warning:
        print("Warning: " + result.warning, file=sys.stderr)
    to = f" for {result.recipient}" if result.recipient else ""
    print(f"Wrote {result.path}{to} ({result.size:,} bytes, SHA-256 {result.sha256[:16]}…).")


def cmd_fhir(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services import caseload, sharing

    ctx = open_session(data_dir, args.user)
    try:
        if args.nhs:
            _report(sharing.export_fhir(ctx, [person_id_for(ctx, args.nhs)], Path(args.out),
                                        recipient=args.recipient))
            return EXIT_OK
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise UsageError("With --all, --out must be a folder.")
        out.mkdir(parents=True, exist_ok=True)
        ids = [r.person_id for r in caseload.load(ctx)]
        for n, start in enumerate(range(0, len(ids), 500), start=1):
            _report(sharing.export_fhir(ctx, ids[start:start + 500],
                                        out / f"carecoord-fhir-{n:04d}.json",
                                        recipient=args.recipient))
    finally:
        ctx.store.close()
    return EXIT_OK


def cmd_ics(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services import sharing

    if bool(args.nhs) == bool(args.my_week):
        raise UsageError("Give either --nhs NHS or --my-week DATE.")
    ctx = open_session(data_dir, args.user)
    try:
        if args.nhs:
            result = sharing.export_ics_person(ctx, person_id_for(ctx, args.nhs),
                                               Path(args.out), recipient=args.recipient)
        else:
            if ctx.actor.professional_id is None:
                raise UsageError("Your account is not linked to a professional, so it has no "
                                 "appointments of its own.")
            result = sharing.export_ics_week(ctx, ctx.actor.professional_id, args.my_week,
                                             Path(args.out))
        _report(result)
    finally:
        ctx.store.close()
    return EXIT_OK


def cmd_record(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services import sharing

    ctx = open_session(data_dir, args.user)
    try:
        _report(sharing.export_record(ctx, person_id_for(ctx, args.nhs), Path(args.out)))
    finally:
        ctx.store.close()
    return EXIT_OK


def cmd_import_fhir(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services import sharing

    ctx = open_session(data_dir, args.user)
    try:
        preview = sharing.preview_import(ctx, Path(args.file))
        for line in _describe_preview(preview):
            print(line)
        if args.dry_run:
            return EXIT_OK
        decisions = None
        if args.keep_mine:
            decisions = {"*": sharing.KEEP_MINE}
        elif args.take_theirs:
            decisions = {"*": sharing.TAKE_THEIRS}
        elif preview.conflicts:
            from carecoord.domain.errors import RuleError

            raise RuleError(f"{len(preview.conflicts)} differences need a decision; nothing was "
                            "imported. Run again with --keep-mine or --take-theirs, or import "
                            "in the app to decide one by one.")
        result = sharing.import_fhir(ctx, Path(args.file), decisions)
    finally:
        ctx.store.close()
    print(f"Imported {result.file_name}: {result.people_added} new people, "
          f"{result.people_matched} matched, {result.records_added} records added, "
          f"{result.took_theirs} differences taken from the file, {result.kept_mine} kept.")
    return EXIT_OK


def _describe_preview(preview) -> list[str]:
    lines = [f"{preview.file_name}:"]
    if preview.people_new:
        lines.append(f"  new people: {', '.join(preview.people_new[:10])}"
                     + (" …" if len(preview.people_new) > 10 else ""))
    if preview.people_matched:
        lines.append(f"  already here (matched by NHS number): "
                     f"{', '.join(preview.people_matched[:10])}")
    for c in preview.conflicts[:50]:
        who = f"{c.person}: " if c.person else ""
        lines.append(f"  differs: {who}{c.what}: this store has '{c.mine}', the file has "
                     f"'{c.theirs}'")
    if preview.nothing_to_change:
        lines.append("  nothing new to import.")
    return lines
