"""A real reference intake in a subprocess on 127.0.0.1, for any test that needs one.

Fixtures (registered by ``tests/intake/conftest.py``; other folders can reuse them
by importing them into their own conftest)::

    import sys; sys.path.insert(0, str(Path(__file__).parents[1] / "intake"))
    from intake_harness import intake_factory, intake_server, shared_intake  # noqa: F401

``intake_server`` yields an :class:`IntakeServer`: ``.url`` (``http://127.0.0.1:PORT/``),
``.endpoint`` (the tus creation URL), ``.tokens`` (``customer_a``, ``customer_b``,
``engineer``; customer IDs ``CUSTOMER_A``/``CUSTOMER_B``), ``.storage`` (folder),
``.kill()`` (SIGKILL), ``.restart()`` (same port, same storage) and
``.destination(token)`` (a core ``Destination``). ``intake_factory(**options)``
starts more servers (``max_size``, ``tls=(cert, key)``); ``shared_intake`` is one
server per test module for tests that never kill it.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "desktop"
CUSTOMER_A = "CUST-A"
CUSTOMER_B = "CUST-B"


@dataclass(frozen=True)
class IntakeTokens:
    customer_a: str
    customer_b: str
    engineer: str


def make_tokens(path: Path) -> IntakeTokens:
    """A tokens file with customers A and B and one engineer; returns the tokens."""
    from support_assistant.intake.tokens import add_token
    return IntakeTokens(customer_a=add_token(path, customer=CUSTOMER_A, name="A"),
                        customer_b=add_token(path, customer=CUSTOMER_B, name="B"),
                        engineer=add_token(path, engineer=True, name="engineer"))


class IntakeServer:
    """One ``support-assistant-intake`` process; see module docstring."""

    def __init__(self, storage: Path, tokens_file: Path, tokens: IntakeTokens, *,
                 max_size: str = "1G", tls: tuple[Path, Path] | None = None) -> None:
        self.storage = storage
        self.tokens_file = tokens_file
        self.tokens = tokens
        self.max_size = max_size
        self.tls = tls
        self.port = 0
        self.url = ""
        self.process: subprocess.Popen[str] | None = None
        self.log_path = storage.parent / f"{storage.name}-server.log"
        self.start()

    @property
    def endpoint(self) -> str:
        return self.url + "files/"

    def destination(self, token: str | None = None, customer: str = CUSTOMER_A, **extra: str):
        from support_assistant.core.upload import Destination
        return Destination(endpoint=self.endpoint, organisation=customer,
                           token=self.tokens.customer_a if token is None else token, **extra)

    def start(self) -> None:
        command = [sys.executable, "-m", "support_assistant.intake.server", "serve",
                   "--host", "127.0.0.1", "--port", str(self.port),
                   "--storage", str(self.storage), "--tokens", str(self.tokens_file),
                   "--max-size", self.max_size]
        if self.tls:
            command += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        env = dict(os.environ)
        env["PYTHONPATH"] = str(DESKTOP) + os.pathsep + env.get("PYTHONPATH", "")
        env["PYTHONUNBUFFERED"] = "1"
        log = self.log_path.open("a")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True,
                                        env=env)
        log.close()
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline() if ready else ""
        if "listening on " not in line:
            self.process.kill()
            raise RuntimeError(f"intake did not start: {line!r} "
                               f"{self.log_path.read_text(errors='replace')[-2000:]}")
        self.url = line.split("listening on ", 1)[1].split(" ", 1)[0]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])
        self._wait_until_answering()

    def _wait_until_answering(self) -> None:
        import requests
        import urllib3
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
                    requests.get(self.url, timeout=2, verify=False,
                                 proxies={"http": None, "https": None})
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("intake does not answer")

    def kill(self) -> None:
        """SIGKILL: no clean-up, as in a crash or power cut of the process."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process and self.process.stdout:
            self.process.stdout.close()


class IntakeFactory:
    """Starts intakes under one folder and stops them all at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[IntakeServer] = []

    def __call__(self, *, max_size: str = "1G", tls: tuple[Path, Path] | None = None,
                 name: str = "") -> IntakeServer:
        folder = self.folder / (name or f"intake{len(self.started)}")
        folder.mkdir(parents=True, exist_ok=True)
        tokens_file = folder / "tokens.toml"
        tokens = make_tokens(tokens_file)
        server = IntakeServer(folder / "storage", tokens_file, tokens, max_size=max_size, tls=tls)
        self.started.append(server)
        return server

    def stop_all(self) -> None:
        for server in self.started:
            server.stop()


@pytest.fixture
def intake_factory(tmp_path: Path) -> Iterator[Callable[..., IntakeServer]]:
    """Start intakes with options (``max_size="1M"``, ``tls=(cert, key)``); stopped after."""
    factory = IntakeFactory(tmp_path)
    yield factory
    factory.stop_all()


@pytest.fixture
def intake_server(intake_factory: Callable[..., IntakeServer]) -> IntakeServer:
    """A fresh reference intake on 127.0.0.1 (ephemeral port) with tokens for A, B, engineer.

    Function-scoped: kill and restart it freely. Tests that leave the process alone
    can use ``shared_intake`` (one per test module) to save the start-up second.
    """
    return intake_factory()


@pytest.fixture(scope="module")
def shared_intake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    """One intake for a whole test module (do not kill it; uploads accumulate)."""
    factory = IntakeFactory(tmp_path_factory.mktemp("shared-intake"))
    yield factory()
    factory.stop_all()
