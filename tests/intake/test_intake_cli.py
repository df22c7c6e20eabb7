"""``support-assistant intake`` and ``support-assistant-intake``: tokens, start-up, bad input."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from intake_harness import DESKTOP

from support_assistant.intake.tokens import TokenStore, add_token

Run = Callable[..., subprocess.CompletedProcess[str]]


def intake_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(DESKTOP))
    return subprocess.run([sys.executable, "-m", "support_assistant.intake.server", *args],
                          capture_output=True, text=True, env=env, timeout=60)


def test_add_token_prints_the_token_once_and_stores_its_hash(run_cli: Run,
                                                              tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.toml"
    result = run_cli("intake", "add-token", "--tokens", str(tokens), "--customer", "ACME-001")
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert len(result.stdout.splitlines()) == 1 and token.startswith("sa_")
    assert "shown once" in result.stderr
    assert token not in tokens.read_text()
    assert TokenStore(tokens).authenticate(token).customer == "ACME-001"


def test_the_intake_serves_through_the_main_cli(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.toml"
    add_token(tokens, engineer=True)
    env = dict(os.environ, PYTHONPATH=str(DESKTOP))
    process = subprocess.Popen([sys.executable, "-m", "support_assistant", "intake", "serve",
                                "--port", "0", "--storage", str(tmp_path / "storage"),
                                "--tokens", str(tokens)], stdout=subprocess.PIPE, text=True,
                               env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split("listening on ", 1)[1].split()[0]
        assert requests.get(url + "openapi.json", timeout=20).status_code == 200
    finally:
        process.terminate()
        process.wait(20)
        process.stdout.close()
    assert (tmp_path / "storage" / "index.sqlite").exists()


@pytest.mark.parametrize(("args", "code", "sentence"), [
    (["add-token", "--customer", "a b"], 2, "customer ID"),
    (["serve", "--tokens", "{tmp}/missing.toml", "--storage", "{tmp}/s"], 2, "does not exist"),
    (["serve", "--tokens", "{tmp}/bad.toml", "--storage", "{tmp}/s"], 3, "malformed"),
    (["serve", "--tokens", "{tmp}/good.toml", "--tls-cert", "{tmp}/c.pem"], 2, "together"),
    (["serve", "--tokens", "{tmp}/good.toml", "--port", "{busy}"], 2, "Cannot listen"),
    (["serve", "--max-size", "12Q"], 2, "not valid"),
], ids=["bad-customer", "missing-tokens", "malformed-tokens", "half-tls", "port-busy",
        "bad-size"])
def test_bad_intake_arguments_fail_with_one_sentence(tmp_path: Path, args: list[str], code: int,
                                                     sentence: str) -> None:
    (tmp_path / "bad.toml").write_text("[[token]\n")
    add_token(tmp_path / "good.toml", customer="A")
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        full = [a.format(tmp=tmp_path, busy=port) for a in args]
        if "--tokens" not in full:
            full += ["--tokens", str(tmp_path / "good.toml")]
        result = intake_cli(*full)
    assert result.returncode == code, result.stderr
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "s").exists()
