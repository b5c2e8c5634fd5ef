"""`make bench`: every budget in DESIGN.md, measured on demo stores of 5,000 and 50,000 people.

Stores are built once into tests/perf/stores/ and reused. Each figure is the median of several
runs with its spread; the table goes to stdout and to tests/perf/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.perf.measure import Figure, time_runs
from tests.perf.query_plans import caseload_plans, markdown

HERE = Path(__file__).resolve().parent
STORES = HERE / "stores"
RESULTS = HERE / "RESULTS.md"
SIZES = (5_000, 50_000)

BUDGETS_MS = {
    "build demo store": 60_000,
    "cold start to interactive caseload": 2_000,
    "caseload filter keystroke": 50,
    "caseload sort": 50,
    "open one record": 100,
    "render one printed plan": 250,
    "render 200 printed plans": None,
    "FHIR export of one person": 50,
    "FHIR export of 1,000 people": None,
    "encryption overhead (ratio)": 1.3,
    "peak memory, caseload loaded (MB)": 400,
}


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Benchmarks never touch a real keyring: demo stores open with their passphrase.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    return env


def store_for(people: int, rebuild: bool = False) -> tuple[Path, float | None]:
    """Build (timed, in a fresh process so memory and imports are honest) or reuse a store."""
    path = STORES / f"demo-{people}"
    if path.exists() and not rebuild:
        return path, None
    if path.exists():
        shutil.rmtree(path)
    STORES.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "carecoord", "--data-dir", str(path), "demo",
                    "--people", str(people), "--seed", "1"], check=True, env=_env())
    return path, (time.perf_counter() - started) * 1000


def _ctx(path: Path):
    from carecoord.security.users import login
    from carecoord.services.base import Ctx
    from carecoord.services.setup import unlock

    store = unlock(path, passphrase="demo")
    return Ctx(store, login(store, "demo", "demo"))


PLANS: list = []  # the caseload's query plans on the largest store measured


def measure_store(path: Path, people: int, quick: bool) -> list[Figure]:
    from carecoord.services import caseload
    from tests.perf.workloads import open_record

    figures: list[Figure] = []
    ctx = _ctx(path)
    runs = 3 if quick else 7
    rows = caseload.load(ctx, audit=False)
    ids = [r.person_id for r in rows]
    sample = ids[len(ids) // 3]

    # Keystrokes: each adds a character, as a user types a surname.
    typed = ["s", "sm", "smi", "smit", "smith"]
    def filter_keystrokes():
        for text in typed:
            caseload.search(rows, text)
    per_key = [t / len(typed) for t in time_runs(filter_keystrokes, runs)]
    figures.append(Figure("caseload filter keystroke", BUDGETS_MS["caseload filter keystroke"],
                          tuple(per_key), note="search over all rows in memory"))
    figures += _model_sort(ctx, rows, runs)
    figures.append(Figure("open one record", BUDGETS_MS["open one record"],
                          time_runs(lambda: open_record(ctx, sample), runs),
                          note="person, lead, plan with goals, versions, team"))
    figures += _documents(ctx, ids, runs, quick)
    figures += _fhir(ctx, ids, runs, quick)
    global PLANS
    PLANS = caseload_plans(ctx)
    ctx.store.close()
    figures.append(_encryption_overhead(path, ids, quick))
    figures += _cold_start(path, quick)
    return figures


def _model_sort(ctx, rows, runs) -> list[Figure]:
    """A header click in the caseload table model, as the user waits for it: the app works
    out every sort order on the worker after loading, so a click re-orders what is ready."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from ui.caseload.model import COLUMNS, CaseloadModel, sort_orders

    QApplication.instance() or QApplication([])
    started = time.perf_counter()
    orders = sort_orders(rows)
    background_ms = (time.perf_counter() - started) * 1000
    model = CaseloadModel(ctx.today)
    model.set_rows(rows, orders)
    view = QTableView()
    view.setModel(model)
    view.resize(1366, 700)
    view.show()
    review = next(i for i, c in enumerate(COLUMNS) if c.field == "review_date")
    flips = iter(range(10_000))

    def click():
        order = Qt.SortOrder.DescendingOrder if next(flips) % 2 else Qt.SortOrder.AscendingOrder
        model.sort(review, order)
        view.viewport().repaint()  # the visible rows redrawn, as the user sees them

    return [Figure("caseload sort", BUDGETS_MS["caseload sort"], time_runs(click, runs),
                   note=f"header click in the table model and the repaint of the visible rows "
                        f"(review date, alternating); every "
                        f"order is worked out on the worker after loading, "
                        f"{background_ms:,.0f} ms in the background")]


def _documents(ctx, ids, runs, quick) -> list[Figure]:
    try:
        from carecoord.services import printing
    except ImportError as exc:
        return [Figure("render one printed plan", 250, (float("nan"),), note=str(exc))]
    out = Path(tempfile.mkdtemp())
    pid = ids[len(ids) // 2]
    one = time_runs(lambda: printing.render_plan(ctx, pid, out / "one.pdf"), runs)
    batch_ids = ids[:200] if not quick else ids[:40]
    started = time.perf_counter()
    printing.render_batch(ctx, batch_ids, out / "batch.pdf", printing.Layout.STANDARD)
    batch_ms = (time.perf_counter() - started) * 1000
    shutil.rmtree(out, ignore_errors=True)
    label = "render 200 printed plans" if not quick else "render 40 printed plans"
    return [Figure("render one printed plan", BUDGETS_MS["render one printed plan"], one,
                   note="standard layout, written to disk and logged"),
            Figure(label, None, (batch_ms,), note="one PDF")]


def _fhir(ctx, ids, runs, quick) -> list[Figure]:
    try:
        from carecoord.services import sharing
    except ImportError as exc:
        return [Figure("FHIR export of one person", 50, (float("nan"),), note=str(exc))]
    out = Path(tempfile.mkdtemp())
    pid = ids[len(ids) // 2]
    one = time_runs(lambda: sharing.export_fhir(ctx, [pid], out / "one.json"), runs)
    many = ids[:1000] if not quick else ids[:100]
    started = time.perf_counter()
    sharing.export_fhir(ctx, many, out / "many.json")
    many_ms = (time.perf_counter() - started) * 1000
    shutil.rmtree(out, ignore_errors=True)
    label = "FHIR export of 1,000 people" if not quick else "FHIR export of 100 people"
    return [Figure("FHIR export of one person", BUDGETS_MS["FHIR export of one person"], one),
            Figure(label, None, (many_ms,))]


def _plain_copy(path: Path, target: Path) -> None:
    """A decrypted copy of the same store, via SQLCipher's own export."""
    from carecoord.security.keystore import read_key_file, unlock_with
    from carecoord.store.engine import open_raw
    from carecoord.store.paths import db_path

    key = unlock_with(read_key_file(path), passphrase="demo")
    target.mkdir(parents=True, exist_ok=True)
    plain = db_path(target)
    conn = open_raw(db_path(path), key)
    conn.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute("DETACH DATABASE plaintext")
    conn.close()


def _encryption_overhead(path: Path, ids, quick) -> Figure:
    from carecoord.security.users import login
    from carecoord.services.base import Ctx
    from carecoord.store.store import open_store
    from tests.perf.workloads import mixed_workload

    tmp = Path(tempfile.mkdtemp())
    _plain_copy(path, tmp / "plain")
    enc = _ctx(path)
    plain_store = open_store(tmp / "plain", None, backup_before_upgrade=False)
    plain = Ctx(plain_store, login(plain_store, "demo", "demo"))
    runs = 3 if quick else 5
    e = time_runs(lambda: mixed_workload(enc, ids), runs)
    p = time_runs(lambda: mixed_workload(plain, ids), runs)
    enc.store.close()
    plain_store.close()
    shutil.rmtree(tmp, ignore_errors=True)
    ratios = tuple(a / b for a, b in zip(sorted(e), sorted(p), strict=True))
    return Figure("encryption overhead (ratio)", BUDGETS_MS["encryption overhead (ratio)"],
                  ratios, unit="×",
                  note=f"caseload load + 40 records: {min(e):.0f} ms encrypted vs "
                       f"{min(p):.0f} ms plain")


def _cold_start(path: Path, quick: bool) -> list[Figure]:
    """Process start to the first painted caseload with rows, offscreen, in a fresh process."""
    times, everyone, peaks = [], [], []
    for _ in range(2 if quick else 5):
        started = time.time()
        proc = subprocess.run([sys.executable, "-m", "tests.perf.cold_start", str(path),
                               repr(started)], capture_output=True, text=True, env=_env(),
                              cwd=HERE.parent.parent, timeout=300)
        if proc.returncode != 0:
            return [Figure("cold start to interactive caseload", 2000, (float("nan"),),
                           note=proc.stderr.strip().splitlines()[-1][:120]
                           if proc.stderr.strip() else "failed")]
        values = dict(line.split("=", 1) for line in proc.stdout.split() if "=" in line)
        times.append(float(values["first_paint_ms"]))
        everyone.append(float(values["everyone_ms"]))
        peaks.append(float(values["peak_mb"]))
    return [Figure("cold start to interactive caseload",
                   BUDGETS_MS["cold start to interactive caseload"], tuple(times),
                   note="process start → first painted caseload with rows (the signed-in "
                        "lead's own people; everyone else follows on the worker)"),
            Figure("cold start to everyone loaded", None, tuple(everyone),
                   note="process start → every row in memory, sortable and searchable"),
            Figure("peak memory, caseload loaded (MB)",
                   BUDGETS_MS["peak memory, caseload loaded (MB)"], tuple(peaks), unit="MB",
                   note="max RSS of the app process")]


def _fmt(value: float, unit: str) -> str:
    if value != value:  # NaN: not measured
        return "n/a"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:,.1f} ms" if value < 10_000 else f"{value / 1000:,.1f} s"


def table(results: dict[int, list[Figure]], builds: dict[int, float | None]) -> str:
    small, big = SIZES
    by_name = {n: {f.name: f for f in figs} for n, figs in results.items()}
    lines = [f"| figure | budget | {small:,} people | {big:,} people (median ± spread) | "
             f"verdict at {big:,} | growth {small:,}→{big:,} |",
             "|---|---|---|---|---|---|"]
    build_row = ["build demo store", "60 s"]
    for n in SIZES:
        b = builds.get(n)
        build_row.append("reused" if b is None else _fmt(b, "ms"))
    verdict = "-" if builds.get(big) is None else ("pass" if builds[big] <= 60_000 else "OVER")
    growth = (f"{builds[big] / builds[small]:.1f}×" if builds.get(big) and builds.get(small)
              else "-")
    lines.append(f"| {build_row[0]} | {build_row[1]} | {build_row[2]} | {build_row[3]} | "
                 f"{verdict} | {growth} |")
    for name, f_big in by_name[big].items():
        f_small = by_name.get(small, {}).get(name)
        budget = "-" if f_big.budget_ms is None else _fmt(f_big.budget_ms, f_big.unit)
        small_txt = _fmt(f_small.median, f_small.unit) if f_small else "-"
        big_txt = f"{_fmt(f_big.median, f_big.unit)} ± {_fmt(f_big.spread, f_big.unit)}"
        growth = (f"{f_big.median / f_small.median:.2f}×"
                  if f_small and f_small.median and f_small.median == f_small.median else "-")
        lines.append(f"| {name} | {budget} | {small_txt} | {big_txt} | {f_big.verdict} | "
                     f"{growth} |")
    notes = [f"- **{f.name}**: {f.note}" for f in results[big] if f.note]
    return "\n".join(lines) + "\n\nNotes:\n" + "\n".join(notes) + "\n"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def main(argv=None) -> int:
    global SIZES
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo stores")
    parser.add_argument("--quick", action="store_true", help="fewer runs (smoke test)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--results", default=str(RESULTS))
    args = parser.parse_args(argv)
    SIZES = tuple(int(s) for s in args.sizes.split(","))
    results, builds = {}, {}
    for n in SIZES:
        path, built = store_for(n, rebuild=args.rebuild)
        builds[n] = built
        print(f"measuring {n:,} people…", file=sys.stderr)
        results[n] = measure_store(path, n, args.quick)
    text = table(results, builds)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    header = (f"# Performance results\n\nMeasured {dt.date.today().isoformat()} on "
              f"{machine()}; load average {load:.1f} when the run finished (figures taken "
              f"on a busy machine are slower than a quiet one).\nRun with `make bench`"
              f"{' --quick (fewer runs)' if args.quick else ''}. Budgets are from "
              f"DESIGN.md.\n\n")
    print(text)
    Path(args.results).write_text(header + text + markdown(PLANS) + _importtime_section(),
                                  encoding="utf-8")
    over = [f.name for f in results[SIZES[-1]] if f.verdict == "OVER"]
    print(f"peak RSS of the bench process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", file=sys.stderr)
    if over:
        print("over budget: " + ", ".join(over), file=sys.stderr)
    return 0


def _importtime_section() -> str:
    """The heaviest imports on the way to the first screen (python -X importtime)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import ui.app"],
                          capture_output=True, text=True, env=_env(), cwd=HERE.parent.parent)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        parts = [p.strip() for p in line.split("|")]
        try:
            rows.append((int(parts[1]), parts[2].strip()))
        except (IndexError, ValueError):
            continue
    top = sorted(rows, reverse=True)[:12]
    lazy = [m for m in ("reportlab", "matplotlib", "fhir", "icalendar")
            if not any(name.strip().startswith(m) for _, name in rows)]
    lines = ["\n## Start-up imports (`python -X importtime -c 'import ui.app'`)\n",
             "| cumulative | module |", "|---|---|"]
    lines += [f"| {us / 1000:.1f} ms | `{name}` |" for us, name in top]
    lines.append(f"\nLoaded only on first use (absent from start-up): {', '.join(lazy) or '-'}.\n")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
