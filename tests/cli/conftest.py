"""Fixtures for the command-line tests."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest


@pytest.fixture
def quiet_intake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A policy whose intake endpoint is a closed 127.0.0.1 port (the check stays local and
    fast); returns the policy file, which a test may extend."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = tmp_path / "policy.toml"
    path.write_text(f'[intake]\nendpoint = "http://127.0.0.1:{port}/files/"\n')
    monkeypatch.setenv("SUPPORT_ASSISTANT_POLICY", str(path))
    return path
