"""Fixtures for widget tests: a real report, and a dialog service the test answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from support_assistant.app import dialogs
from support_assistant.core.report import Report

from .review_fixtures import AnsweringDialogs


@pytest.fixture(autouse=True)
def answers() -> AnsweringDialogs:
    """Every widget test answers dialogs itself: a real modal box would block the test."""
    service = AnsweringDialogs()
    previous = dialogs.set_service(service)
    yield service
    dialogs.set_service(previous)


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return Report.create(product="Demo", product_version="2.1", root=tmp_path / "reports")
