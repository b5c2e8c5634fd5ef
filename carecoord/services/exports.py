"""Writing an export file safely and logging it: what, for whom, by whom, when, and a hash."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from carecoord.domain.enums import ExportKind
from carecoord.domain.errors import StoreError
from carecoord.services.base import Ctx, changing, viewing
from carecoord.store.models import ExportRecord


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    sha256: str
    size: int


def refuse_missing_folder(path: Path) -> None:
    """A mistyped folder must not quietly become a new folder holding someone's record."""
    path = Path(path)
    folder = path.parent
    if folder.is_dir():
        return
    why = "is a file, not a folder" if folder.exists() else "does not exist"
    raise StoreError(f"{path.name} could not be written: the folder {folder} {why}. Check the "
                     "path, or make the folder first. Nothing was saved.")


def write_atomically(path: Path, data: bytes) -> WrittenFile:
    """Write beside the target and rename, so a full disk never leaves half a file."""
    path = Path(path)
    if path.is_dir() or (path.exists() and not path.is_file()):
        # Renaming over a device or a folder would replace it (as root, even /dev/null).
        raise StoreError(f"{path} is not an ordinary file, so nothing was written there. "
                         "Choose a file name.")
    refuse_missing_folder(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except OSError as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc))
        raise StoreError(f"{path.name} could not be written: {reason}. Nothing was saved.") \
            from exc
    return WrittenFile(path, hashlib.sha256(data).hexdigest(), len(data))


def log_export(ctx: Ctx, kind: ExportKind, written: WrittenFile, *, person_id: int | None,
               people_count: int = 1, recipient: str | None = None, detail: str = "") -> None:
    """Every export and print is recorded, even by a read-only user (printing is not a change)."""
    scope = viewing if not ctx.actor.can_change else changing
    with scope(ctx) as w:
        w.session.add(ExportRecord(kind=ExportKind(kind), person_id=person_id,
                                   people_count=people_count, recipient=recipient,
                                   user_id=ctx.actor.user_id, username=ctx.actor.username,
                                   file_name=written.path.name, sha256=written.sha256,
                                   detail=detail))
        w.audit("export", kind.value if hasattr(kind, "value") else str(kind), None, person_id,
                file=written.path.name, sha256=written.sha256, recipient=recipient,
                people=people_count)


UNENCRYPTED_WARNING = ("This file holds {n} people's details and is NOT encrypted. Keep it on "
                       "an encrypted drive and delete it when it has been used.")


def export_caseload_csv(ctx: Ctx, rows, out: Path, columns=None, progress=None,
                        cancelled=lambda: False) -> WrittenFile:
    """The current caseload view as CSV. The caller warns about the unencrypted file first."""
    from carecoord.interop.caseload_csv import write_caseload_csv

    data = write_caseload_csv(rows, columns=columns, progress=progress, cancelled=cancelled)
    written = write_atomically(Path(out), data)
    log_export(ctx, ExportKind.CSV, written, person_id=None, people_count=len(rows),
               detail="caseload view")
    return written
