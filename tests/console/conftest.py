"""Fixtures of the console tests: dialogs the test answers, real bundles, a real intake."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))

from intake_harness import intake_factory, intake_server  # noqa: E402, F401

from app.review_fixtures import AnsweringDialogs  # noqa: E402
from support_assistant.app import dialogs  # noqa: E402


@pytest.fixture(autouse=True)
def answers() -> AnsweringDialogs:
    """Every console test answers dialogs itself: a real modal box would block the test."""
    service = AnsweringDialogs()
    previous = dialogs.set_service(service)
    yield service
    dialogs.set_service(previous)
