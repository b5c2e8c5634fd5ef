"""The caseload as CSV: UTF-8 with a BOM (so spreadsheets read accents), formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from carecoord.services.caseload import PLAN_STATUS_LABELS, CaseloadRow

# A cell starting with one of these runs as a formula in Excel, LibreOffice or Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

COLUMNS: tuple[tuple[str, str, Callable[[CaseloadRow], object]], ...] = (
    ("nhs_number", "NHS number", lambda r: r.nhs_formatted),
    ("family_name", "Family name", lambda r: r.family_name),
    ("given_name", "Given name", lambda r: r.given_name),
    ("preferred_name", "Preferred name", lambda r: r.preferred_name or ""),
    ("date_of_birth", "Date of birth", lambda r: r.date_of_birth.isoformat()),
    ("team", "Team", lambda r: r.team or ""),
    ("lead_name", "Lead professional", lambda r: r.lead_name or ""),
    ("priority", "Priority", lambda r: (r.priority or "").capitalize()),
    ("frailty", "Frailty", lambda r: (r.frailty or "").capitalize()),
    ("plan_status", "Plan", lambda r: PLAN_STATUS_LABELS.get(r.plan_status, r.plan_status)),
    ("review_date", "Review due", lambda r: r.review_date.isoformat() if r.review_date else ""),
    ("next_appointment", "Next appointment",
     lambda r: r.next_appointment.strftime("%Y-%m-%d %H:%M") if r.next_appointment else ""),
)


def neutralise(value: object) -> str:
    """Prefix a quote so a spreadsheet shows the text instead of running it."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def write_caseload_csv(rows: Sequence[CaseloadRow], out: io.TextIOBase | None = None,
                       columns: Iterable[str] | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] = lambda: False) -> bytes:
    """Return the CSV as UTF-8 bytes with a BOM. Raises InterruptedError if cancelled."""
    chosen = [c for c in COLUMNS if columns is None or c[0] in set(columns)]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for _, title, _ in chosen])
    total = len(rows)
    step = max(1, total // 100)
    for i, row in enumerate(rows, start=1):
        writer.writerow([neutralise(get(row)) for _, _, get in chosen])
        if i % step == 0:
            if cancelled():
                raise InterruptedError("The export was cancelled; no file was written.")
            if progress:
                progress(i, total)
    if progress:
        progress(total, total)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
