"""The full record for a subject access request: one zip a person can open anywhere.

Contents (the README inside says the same in plain English):
  README.txt             what each file is
  care-plan.pdf          the care plan, professional copy (when a plan has been written)
  record.fhir.json       the record in the FHIR R4 standard
  other-records.json     what the FHIR file does not carry: alerts, referrals, tasks,
                         contacts, lifestyle checks, readings and answers to questionnaires
  record-history.csv     every time the record was opened, changed, printed or exported
  exports.csv            every copy of the record that was sent or printed
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Sequence

from carecoord.domain.dates import format_date

README = """\
Your health and care record from CareCoord
==========================================

This is a copy of the record that {team} keeps about {name}
(NHS number {nhs}). It was made on {made} by {by} because it was asked for.

What is in this folder
----------------------
{pdf_line}
record.fhir.json
    The same record in a standard format (HL7 FHIR R4) that other health and care
    systems can read. You do not need to open it; you can give it to another service.

other-records.json
    Other notes kept about you that are not part of the care plan: alerts for staff,
    referrals, tasks, contacts such as hospital stays, lifestyle checks, readings you
    gave us and your answers to questionnaires.

record-history.csv
    Every time someone opened, changed, printed or sent your record: when, who, and
    what they did. It opens in a spreadsheet program.

exports.csv
    Every copy of your record that was printed or sent, who it was for, and a
    fingerprint (SHA-256) of the file so a copy can be checked later.

If something is wrong
---------------------
If anything in your record is wrong or missing, please tell your lead professional.
You can ask for it to be corrected.
"""

PDF_LINE = """care-plan.pdf
    Your care plan as your care team sees it, including any notes for staff.
"""
NO_PDF_LINE = """(There is no care-plan.pdf because a care plan has not been written yet.)
"""


def neutral(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutral(v) for v in row])
    # A byte order mark so spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def json_bytes(value) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def readme(*, name: str, nhs: str, team: str, made: dt.datetime, by: str,
           has_pdf: bool) -> bytes:
    return README.format(name=name, nhs=nhs, team=team, by=by,
                         made=format_date(made, "%-d %B %Y at %H:%M"),
                         pdf_line=PDF_LINE if has_pdf else NO_PDF_LINE).encode("utf-8")


def zip_bytes(files: dict[str, bytes], when: dt.datetime) -> bytes:
    buf = io.BytesIO()
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()
