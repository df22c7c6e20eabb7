"""Fixtures for the packaging tests: one PyInstaller onedir build per test session.

The frozen-app and .deb tests run in the display pass (Xvfb + unlocked gnome-keyring),
so the app is built once (~20 s) and shared; ``frozen`` runs its executable with the
test's isolated user folders and policy path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def onedir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python build_spec.py`` into a temporary dist folder; the onedir app folder."""
    base = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run([sys.executable, str(ROOT / "build_spec.py"), "--distpath",
                             str(base / "dist"), "--workpath", str(base / "work")],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    app = base / "dist" / "support-assistant"
    assert (app / "support-assistant").is_file(), result.stderr[-3000:]
    return app


@pytest.fixture
def frozen(onedir: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the frozen ``support-assistant ARGS`` in tmp_path with this test's environment."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            executable: Path | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        full_env.update(env or {})
        return subprocess.run([str(executable or onedir / "support-assistant"), *args],
                              input=input, capture_output=True, text=True, env=full_env,
                              cwd=tmp_path, timeout=120)

    return run
