"""One database worker thread: work runs off the UI thread, results come back by signal.

Every long operation takes this one path. It is queued here and runs on the single worker
(SQLite has one writer, and the audit chain must stay linear). It can report progress and
notice a cancel, and it hands its result or its error back to the UI thread, where the
callbacks run. A progress dialog appears only if the work is still running after
SHOW_AFTER_MS, so quick work never flashes a dialog at the user.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from carecoord.domain.errors import CareCoordError

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 600
# Progress reports closer together than this are dropped: the bar cannot show them anyway.
_REPORT_EVERY_S = 0.05


class Cancelled(Exception):  # noqa: N818 - it reads as what happened, like StopIteration
    """Raised by work that noticed it was cancelled."""


class Job:
    """One piece of queued work. The work itself sees only `cancelled` and `progress`."""

    def __init__(self, runner: TaskRunner, ident: int, work: Callable, *, controls: bool,
                 on_done, on_error, on_cancelled, label, parent, cancellable):
        self.runner = runner
        self.ident = ident
        self.work = work
        self.controls = controls
        self.on_done = on_done
        self.on_error = on_error
        self.on_cancelled = on_cancelled
        self.label = label
        self.parent = parent
        self.cancellable = cancellable
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._last_report = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        """Called from the worker thread; throttled, then passed to the UI thread."""
        now = time.monotonic()
        if done < total and now - self._last_report < _REPORT_EVERY_S:
            return
        self._last_report = now
        self.runner._progressed.emit(self.ident, int(done), int(total))

    def run(self) -> Any:
        if self.controls:
            return self.work(self.cancelled, self.progress)
        return self.work()


class TaskRunner(QObject):
    """Owns the worker thread. Create one for the application and shut it down at exit."""

    # Only the job's number crosses threads. PySide6 6.12 drops a reference to None, True and
    # False passed through queued object arguments, and Python 3.11 aborts once the count
    # runs out (after a few thousand jobs); the result and error stay on the Job instead.
    _finished = Signal(int)
    _progressed = Signal(int, int, int)
    idle_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._closed = False
        # Queued connections: the worker emits, the UI thread runs the slot.
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._loop, name="carecoord-db", daemon=True)
        self._thread.start()

    # ---- public -------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        return not self._jobs

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None, *, label: str | None = None,
            parent: QWidget | None = None) -> Job:
        """Run work() on the worker. With a label, a busy dialog shows if it takes a while."""
        return self._submit(work, False, on_done, on_error, None, label, parent, False)

    def run_with_progress(self, work: Callable[[Callable[[], bool], Callable[[int, int], None]],
                                               Any],
                          on_done: Callable[[Any], None] | None = None,
                          on_error: Callable[[Exception], None] | None = None, *,
                          label: str, parent: QWidget | None = None, cancellable: bool = True,
                          on_cancelled: Callable[[], None] | None = None) -> Job:
        """Run work(cancelled, progress). The work checks cancelled() and raises Cancelled."""
        return self._submit(work, True, on_done, on_error, on_cancelled, label, parent,
                            cancellable)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop taking work, let the running job finish, and join the thread."""
        if self._closed:
            return
        self._closed = True
        for job in list(self._jobs.values()):
            job.cancel()
        self._queue.put(None)
        self._thread.join(timeout)
        for job in list(self._jobs.values()):
            self._close_dialog(job)
        self._jobs.clear()

    # ---- worker thread ------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if self._closed:
                continue
            result = error = None
            try:
                if job.cancelled() and job.cancellable:
                    raise Cancelled()
                result = job.run()
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
                error = exc
            job.result, job.error = result, error
            if not self._closed:
                self._finished.emit(job.ident)

    # ---- UI thread ----------------------------------------------------------------------

    def _submit(self, work, controls, on_done, on_error, on_cancelled, label, parent,
                cancellable) -> Job:
        if self._closed:
            raise RuntimeError("The task runner has been shut down.")
        job = Job(self, next(self._ids), work, controls=controls, on_done=on_done,
                  on_error=on_error, on_cancelled=on_cancelled, label=label, parent=parent,
                  cancellable=cancellable)
        was_idle = self.idle
        self._jobs[job.ident] = job
        if label:
            QTimer.singleShot(SHOW_AFTER_MS, self, lambda: self._show_dialog(job))
        self._queue.put(job)
        if was_idle:
            self.idle_changed.emit(False)
        return job

    def _show_dialog(self, job: Job) -> None:
        if job.finished or job.dialog is not None or self._closed:
            return
        parent = job.parent if _alive(job.parent) else None
        dialog = QProgressDialog(job.label, "Cancel" if job.cancellable else "", 0, 0, parent)
        dialog.setObjectName("taskProgress")
        dialog.setWindowTitle("CareCoord")
        dialog.setAccessibleName(job.label)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.WindowModal if parent
                                 else Qt.WindowModality.ApplicationModal)
        if not job.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(lambda: self._cancel_from_dialog(job))
        job.dialog = dialog
        dialog.show()

    def _cancel_from_dialog(self, job: Job) -> None:
        if job.finished or not job.cancellable:
            return
        job.cancel()
        if job.dialog is not None:
            job.dialog.setLabelText("Stopping…")

    def _on_progress(self, ident: int, done: int, total: int) -> None:
        job = self._jobs.get(ident)
        if job is None or job.dialog is None:
            return
        job.dialog.setMaximum(max(total, 1))
        job.dialog.setValue(min(done, total))

    def _on_finished(self, ident: int) -> None:
        job = self._jobs.pop(ident, None)
        if job is None:
            return
        result, error = job.result, job.error
        job.result = job.error = None  # don't keep big results alive with the job
        job.finished = True
        self._close_dialog(job)
        if self.idle:
            self.idle_changed.emit(True)
        if job.parent is not None and not _alive(job.parent):
            return  # the window that asked has gone; nobody is waiting for the answer
        if isinstance(error, Cancelled):
            if job.on_cancelled:
                job.on_cancelled()
        elif error is not None:
            if not isinstance(error, Exception):
                raise error
            if not isinstance(error, CareCoordError):
                log.error("Background work failed", exc_info=error)
            if job.on_error:
                job.on_error(error)
            else:
                show_error(job.parent, error)
        elif job.on_done:
            job.on_done(result)

    @staticmethod
    def _close_dialog(job: Job) -> None:
        if job.dialog is not None and _alive(job.dialog):
            job.dialog.hide()
            job.dialog.deleteLater()
        job.dialog = None


def _alive(widget: QObject | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def message_for(error: BaseException) -> str:
    """A sentence for the user. Our own errors already are one; others get a plain frame."""
    if isinstance(error, CareCoordError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        return f"CareCoord could not use a file: {error.strerror}."
    return f"Something went wrong and nothing was changed: {error}"


# Message boxes with no window to belong to; held here until closed, or Python would
# collect them (and Qt delete them) before anyone saw them.
_ORPHANS: set[QMessageBox] = set()


def show_error(parent: QWidget | None, error: BaseException | str) -> QMessageBox:
    """A plain warning that does not block the event loop (tests can find and close it)."""
    text = error if isinstance(error, str) else message_for(error)
    if not _alive(parent):
        parent = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Warning, "CareCoord", text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("errorMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _ORPHANS.add(box)
        box.finished.connect(lambda _r: _ORPHANS.discard(box))
    box.open()
    return box
