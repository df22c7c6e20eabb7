"""The engine's findings on a generated log stay exactly those recorded in
benchmarks/scan_findings.json (before the hot-path rewrite): speed work must not change them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize("native", [True, False], ids=["native", "python"])
def test_findings_on_the_generated_log_are_the_recorded_ones(tmp_path, native, findings_check):
    check = findings_check
    path = check.scanlog.generate(tmp_path / "scan.log", 1 << 20, personal_share=0.2)
    data = path.read_bytes()
    recorded = json.loads((BENCHMARKS / "scan_findings.json").read_text())["scan-1MB-0.2.log"]
    engine = check.Engine(check.Identities(**check.IDENTITIES), native=native)
    whole, chunked = check.log_findings(engine, data)
    assert check.hashlib.sha256(data).hexdigest() == recorded["log_sha256"]
    assert whole == chunked == {k: recorded[k] for k in ("count", "detectors", "sha256")}
