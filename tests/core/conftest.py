"""Fixtures shared by the core tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="session")
def findings_check() -> ModuleType:
    """benchmarks/scan_findings_check.py as a module: its engine set-up, identities and logs."""
    spec = importlib.util.spec_from_file_location(
        "scan_findings_check", BENCHMARKS / "scan_findings_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
