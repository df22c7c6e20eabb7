"""Helpers for the outbox, history and CLI send tests: the intake harness fixtures and its engineer API.

Imported by ``tests/core/conftest.py`` and ``tests/cli/conftest.py``; the intake itself is
the intake tests' harness (``tests/intake/intake_harness.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent / "intake"))

from intake_harness import (  # noqa: E402,F401
    CUSTOMER_A,
    CUSTOMER_B,
    IntakeServer,
    intake_factory,
    intake_server,
    shared_intake,
)


def token_of(server: IntakeServer, who: str = "customer_a") -> str:
    return getattr(server.tokens, who)


def bundles(server: IntakeServer, who: str = "engineer") -> list[dict]:
    """Every bundle the intake holds, as its engineer API lists them."""
    response = requests.get(server.url + "api/bundles", timeout=10,
                            headers={"Authorization": f"Bearer {token_of(server, who)}"})
    response.raise_for_status()
    return response.json()


def download(server: IntakeServer, bundle_id: str, who: str = "engineer") -> bytes:
    response = requests.get(f"{server.url}api/bundles/{bundle_id}/download", timeout=30,
                            headers={"Authorization": f"Bearer {token_of(server, who)}"})
    response.raise_for_status()
    return response.content
