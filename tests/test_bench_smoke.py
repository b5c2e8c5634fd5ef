"""The benchmark harness itself runs end to end on tiny stores (the real run is `make bench`)."""

import os

import pytest


@pytest.mark.slow
def test_bench_harness_runs_on_a_tiny_store(tmp_path, monkeypatch):
    from tests.perf import bench

    monkeypatch.setattr(bench, "STORES", tmp_path / "stores")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    results = tmp_path / "RESULTS.md"
    assert bench.main(["--sizes", "12,24", "--quick", "--results", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    assert "| figure | budget |" in text
    for figure in ("caseload filter keystroke", "open one record", "render one printed plan",
                   "FHIR export of one person", "encryption overhead",
                   "cold start to interactive caseload", "cold start to everyone loaded",
                   "peak memory"):
        assert figure in text
    # The caseload's own query plans, caught from the queries it really sends.
    assert "## Caseload query plans" in text and "USING INDEX" in text, text
    assert "n/a" not in text, text
