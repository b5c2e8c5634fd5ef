"""One cold start, measured from process start to the first painted caseload with rows.

Run by bench.py as `python -m tests.perf.cold_start STORE STARTED_EPOCH`; prints
`first_paint_ms=… everyone_ms=… peak_mb=… rows=…`. The first paint shows the signed-in lead's
own people; everyone_ms is when the rest of the store has arrived too. It goes through the
real start-up path (the demo flow of CareCoordApp: unlock, sign in, main window, background
caseload load).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time


def _own_peak_mb() -> float:
    """This process's own high-water mark. ru_maxrss is not used: on Linux it carries the
    parent's peak across fork and exec, so a big benchmark parent would inflate it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    store_path, started = sys.argv[1], float(sys.argv[2])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pathlib import Path

    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import CareCoordApp, configure

    app = QApplication(sys.argv[:1])
    configure(app)
    scratch = tempfile.mkdtemp()
    settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
    controller = CareCoordApp(Path(store_path), demo=True, settings=settings)
    result: dict[str, float] = {}

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and "ms" not in result:
                model = controller.window.caseload.model
                if model.rowCount() > 0:
                    result["ms"] = (time.time() - started) * 1000
                    result["rows"] = model.rowCount()
                    QTimer.singleShot(0, wait_for_everyone)
            return False

    watch = PaintWatch()

    def wait_for_everyone():
        """Peak memory counts once everyone is loaded and the work done ahead has finished
        (sort orders, first keystrokes, goals off track), not at the first paint."""
        if not controller.window.caseload.model.loaded:
            QTimer.singleShot(10, wait_for_everyone)
            return
        result.setdefault("everyone_ms", (time.time() - started) * 1000)
        if not controller.runner.idle:
            QTimer.singleShot(10, wait_for_everyone)
            return
        app.quit()

    def attach():
        window = controller.window
        if window is None:
            QTimer.singleShot(5, attach)
            return
        window.caseload.table.viewport().installEventFilter(watch)
        window.caseload.model.modelReset.connect(window.caseload.table.viewport().update)
        window.caseload.model.rowsInserted.connect(window.caseload.table.viewport().update)

    QTimer.singleShot(0, attach)
    QTimer.singleShot(120_000, app.quit)
    controller.start()
    app.exec()
    controller.shutdown()
    if "ms" not in result:
        print("the caseload never painted with rows", file=sys.stderr)
        return 1
    peak = _own_peak_mb()
    print(f"first_paint_ms={result['ms']:.1f} everyone_ms={result.get('everyone_ms', 0):.1f} "
          f"peak_mb={peak:.1f} rows={int(result['rows'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
