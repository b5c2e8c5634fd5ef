"""One copy of CareCoord per store: an OS file lock beside the database.

The operating system drops the lock when the process ends, however it ends (a crash, a
SIGKILL, a flat battery), so a stale lock never keeps anyone out. The file also says whether
the last session closed cleanly, which is how a lost write-ahead log is noticed on open.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
import sys
from pathlib import Path

from carecoord.domain.errors import StoreError

LOCK_FILE = "carecoord.lock"
_OPEN, _CLOSING, _CLOSED = "open", "closing", "closed"


class StoreInUseError(StoreError):
    """Another copy of CareCoord (another window, or another user) has this store open."""


def _try_lock(fh) -> bool:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not worth failing an open for
        user = "?"
    return f"pid={os.getpid()} user={user} host={socket.gethostname()}"


def _holder(fh) -> str:
    """', opened by jo at 14:03' from what the holder wrote, when the OS lets us read it."""
    try:
        fh.seek(0)
        fields = dict(part.split("=", 1) for part in fh.read().split() if "=" in part)
        since = dt.datetime.fromisoformat(fields["since"])
        return f", opened by {fields['user']} at {since:%H:%M}"
    except (OSError, ValueError, KeyError):
        return ""


class StoreLock:
    """Held from open to close. `previous_unclean` is True when the last session crashed."""

    def __init__(self, data_dir: Path, fh, previous: str):
        self.data_dir = data_dir
        self._fh = fh
        self._previous = previous
        self._marked = False
        self.previous_unclean = previous.startswith(_OPEN)

    @classmethod
    def acquire(cls, data_dir: Path) -> StoreLock:
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / LOCK_FILE
        # "a+" creates the file without truncating it: the last session's state is still there.
        fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        if not _try_lock(fh):
            holder = _holder(fh)
            fh.close()
            raise StoreInUseError(
                "CareCoord is already open on this store (in another window or by another "
                f"user{holder}). Close it there first; nothing has been changed.")
        fh.seek(0)
        return cls(data_dir, fh, fh.read().strip())

    def mark_open(self) -> None:
        """Said once the database is connected, which is when its WAL exists. Until then the
        file keeps the last session's state, so a crash while opening hides nothing."""
        self._write(f"{_OPEN} {_who()} since={dt.datetime.now().isoformat(timespec='seconds')}")
        self._marked = True

    @property
    def held(self) -> bool:
        return self._fh is not None

    def _write(self, text: str) -> None:
        fh = self._fh
        # On Windows the locked byte is byte 0; writing through the locking handle is allowed.
        fh.seek(0)
        fh.truncate()
        fh.write(text + "\n")
        fh.flush()
        os.fsync(fh.fileno())

    def closing(self) -> None:
        """Said just before the connections close. Closing checkpoints the WAL and only then
        deletes it, so a crash after this point cannot have lost a commit with the WAL."""
        if self._fh is not None:
            try:
                self._write(f"{_CLOSING} {_who()}")
            except OSError:
                pass

    def release(self, clean: bool = True) -> None:
        """Let the next copy in. clean=True records a clean close; clean=False (a store that
        never opened) puts back what the file said before, so an earlier crash is still
        noticed next time. Safe to repeat."""
        if self._fh is None:
            return
        try:
            if clean:
                self._write(_CLOSED)
            elif self._marked:
                self._write(self._previous or _CLOSED)
        except OSError:
            pass  # a full disk must not stop the store from closing
        finally:
            fh, self._fh = self._fh, None
            _unlock(fh)
            fh.close()
