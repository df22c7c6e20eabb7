"""scripts/start-local-intake starts one intake in the background with a development engineer token."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import requests
from intake_harness import ROOT

from support_assistant.intake.tokens import add_token


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / "scripts" / "start-local-intake")], capture_output=True,
                          text=True, env=env, timeout=120)


def test_start_local_intake_starts_once_with_development_tokens(tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"),
               SUPPORT_ASSISTANT_INTAKE_PORT=str(port),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    data = tmp_path / "data" / "support-assistant-intake"
    first = start(env)
    pid = int((data / "intake.pid").read_text()) if (data / "intake.pid").exists() else 0
    try:
        assert first.returncode == 0, first.stderr
        assert "dev-engineer-token" in first.stdout and "credentials set" in first.stdout
        token = (data / "dev-engineer-token").read_text().strip()
        assert stat.S_IMODE((data / "dev-engineer-token").stat().st_mode) == 0o600
        whoami = requests.get(f"http://127.0.0.1:{port}/api/whoami", timeout=10,
                              headers={"Authorization": f"Bearer {token}"})
        assert whoami.json()["role"] == "engineer"
        customer = add_token(data / "tokens.toml", customer="DEV-CUSTOMER")  # as dev-credentials
        whoami = requests.get(f"http://127.0.0.1:{port}/api/whoami", timeout=10,
                              headers={"Authorization": f"Bearer {customer}"})
        assert whoami.json()["customer"] == "DEV-CUSTOMER"

        second = start(env)
        assert second.returncode == 0 and "already answers" in second.stdout
        assert int((data / "intake.pid").read_text()) == pid
    finally:
        if pid:
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
