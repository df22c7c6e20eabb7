"""Shared fixtures: every test gets fresh user folders, no IT policy and an in-memory keyring."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = ROOT / "desktop"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in this process only (unit tests never touch a real store)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def no_leftover_operations() -> Iterator[None]:
    """A test's background operations end with it: a worker still scanning for a closed
    window must not run into the next test (or into interpreter shutdown)."""
    yield
    operations = sys.modules.get("support_assistant.app.operations")
    if operations is None:
        return
    assert operations.wait_all(60000, cancel=True), "a background operation never ended"
    from PySide6.QtCore import QCoreApplication
    if QCoreApplication.instance() is not None:
        QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every platformdirs folder and the IT policy path into tmp_path."""
    home = tmp_path / "user"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("SUPPORT_ASSISTANT_POLICY", str(tmp_path / "no-policy.toml"))
    # A keyring entry of its own per test, so a real Secret Service is never shared or clobbered.
    monkeypatch.setenv("SUPPORT_ASSISTANT_KEYRING_SERVICE",
                       f"support-assistant-test-{uuid.uuid4().hex}")
    return home


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> MemoryKeyring | None:
    """In-memory keyring unless the test is marked ``keyring`` (real Secret Service)."""
    if request.node.get_closest_marker("keyring"):
        yield None
        from support_assistant.core import credentials
        with contextlib.suppress(Exception):  # the real keyring outlives the test session
            credentials.clear()
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``support-assistant ARGS`` in a subprocess with this test's isolated folders."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        full_env = dict(os.environ)
        full_env["PYTHONPATH"] = str(DESKTOP) + os.pathsep + full_env.get("PYTHONPATH", "")
        full_env.update(env or {})
        return subprocess.run([sys.executable, "-m", "support_assistant", *args], input=input,
                              capture_output=True, text=True, env=full_env, timeout=timeout,
                              cwd=tmp_path)

    return run


@pytest.fixture
def x_display() -> str:
    """The real X server of the display pass (scripts/run-tests starts Xvfb 3840x2160)."""
    display = os.environ.get("DISPLAY")
    if not display:
        pytest.fail("this test needs a real X server: run it through scripts/run-tests "
                    "(the display pass starts Xvfb)")
    return display


@pytest.fixture
def instance_lock(isolated_user_dirs: Path) -> Iterator[None]:
    """Stands in for a running assistant (holds its lock, listens nowhere): ``report`` only
    spools its request, nothing gets started."""
    from support_assistant.core import triggers
    from support_assistant.core.locking import FileLock

    lock = FileLock(triggers.lock_path())
    lock.acquire()
    yield
    lock.release()
