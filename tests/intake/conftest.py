"""Fixtures of the intake tests: a real intake subprocess (see intake_harness.py) and a fault proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from faultproxy import FaultProxy
from intake_harness import (  # noqa: F401
    IntakeServer,
    intake_factory,
    intake_server,
    shared_intake,
)


@pytest.fixture
def fault_proxy(shared_intake: IntakeServer) -> Iterator[FaultProxy]:  # noqa: F811
    """A FaultProxy in front of ``shared_intake`` (point the client at ``fault_proxy.url``)."""
    with FaultProxy(upstream=shared_intake.url) as proxy:
        yield proxy
