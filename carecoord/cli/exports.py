"""export and import subcommands. Each lands with its capability."""

from __future__ import annotations


def register(sub) -> None:
    exp = sub.add_parser("export", help="export a plan, a record or the caseload")
    exp.add_subparsers(dest="export_kind", required=True, metavar="KIND")
