"""The PyInstaller onedir app (build_spec.py): it starts, collects, inspects, and its
keyring backend (SecretStorage), mss and age (pyrage) work inside the frozen build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyrage
import pytest

from support_assistant import __version__

pytestmark = [pytest.mark.display, pytest.mark.keyring, pytest.mark.slow]

SIZE_LIMIT_MB = 120  # the target; see benchmarks/RESULTS-deploy.md
ICU_CHECK = """
from PySide6.QtCore import QCollator, QLocale, QTimeZone
words = ["张", "阿", "中", "北京", "apple", "Zebra"]
print(sorted(words, key=QCollator(QLocale("zh_CN")).sortKey))
print(QLocale("de_DE").toUpper("straße"), QLocale("tr_TR").toUpper("i"))
print(QTimeZone(b"Asia/Shanghai").displayName(QTimeZone.TimeType.StandardTime,
      QTimeZone.NameType.LongName, QLocale("zh_CN")))
"""


def test_onedir_leaves_out_unused_qt_and_stays_small(onedir: Path):
    files = [p for p in onedir.rglob("*") if p.is_file() and not p.is_symlink()]
    names = {p.name for p in files}
    assert not {n for n in names if n.startswith(("libQt6Quick", "libQt6Qml", "libQt6Pdf",
                                                  "libQt6Network", "libqwayland", "libqgtk3"))}
    assert "libqxcb.so" in names and "libqoffscreen.so" in names
    assert not any("intake" in p.parts for p in files)  # the server stays out of the app
    size = sum(p.stat().st_size for p in files) / 1e6
    assert size < SIZE_LIMIT_MB, f"{size:.0f} MB"


def test_trimmed_icu_gives_qt_the_same_answers_for_our_languages(onedir: Path):
    """Qt from the venv, once with its own ICU data, once with the app's trimmed copy."""
    trimmed = onedir / "_internal" / "PySide6" / "Qt" / "lib"
    assert (trimmed / "libicudata.so.73").stat().st_size < 12_000_000  # from 32 MB

    def run(**env: str) -> str:
        result = subprocess.run([sys.executable, "-c", ICU_CHECK], capture_output=True,
                                text=True, env={**os.environ, **env}, timeout=60)
        assert result.returncode == 0 and not result.stderr, result.stderr
        return result.stdout

    full = run()
    assert "['阿', '北京', '张', '中', 'apple', 'Zebra']" in full  # pinyin order
    assert run(LD_LIBRARY_PATH=str(trimmed)) == full  # RUNPATH yields to LD_LIBRARY_PATH


def test_version_and_offscreen_start(frozen):
    assert frozen("--version").stdout.strip() == f"support-assistant {__version__}"
    result = frozen("selfcheck", env={"QT_QPA_PLATFORM": "offscreen"})
    qt_row = next(line for line in result.stdout.splitlines() if line.startswith("Qt platform"))
    assert "offscreen" in qt_row and "Qt 6." in qt_row, result.stdout + result.stderr
    scan_row = next(line for line in result.stdout.splitlines() if line.startswith("Text scan"))
    assert "compiled locates" in scan_row  # core/scan/_native's .so is in the onedir
    headless = {"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ""}
    made = frozen("collect", "--approve", "all", "--accept-leaks", "--out", "h.zip", env=headless)
    assert made.returncode == 0, made.stderr
    assert "Verification: OK" in frozen("inspect", "h.zip", env=headless).stdout


def test_collect_with_screenshot_encrypt_then_inspect(frozen, tmp_path, x_display):
    identity = pyrage.x25519.Identity.generate()
    (tmp_path / "id.txt").write_text(str(identity))
    (tmp_path / "app.log").write_text("started\nmail alice@example.com failed\n")
    made = frozen("collect", "--screenshot", "--log", "app.log", "--approve", "all",
                  "--accept-leaks", "--encrypt-to", str(identity.to_public()),
                  "--out", "r.zip.age", env={"QT_QPA_PLATFORM": "xcb"})
    assert made.returncode == 0, made.stderr
    shown = frozen("inspect", "r.zip.age", "--identity", "id.txt")
    assert shown.returncode == 0, shown.stderr
    assert "(age-encrypted)" in shown.stdout and "Verification: OK" in shown.stdout
    assert "screenshot-1" in shown.stdout and "log-1" in shown.stdout
    assert "redactions: 1 email" in shown.stdout
    wrong = frozen("inspect", "r.zip.age")  # no identity: the frozen app's own error path
    assert wrong.returncode == 6, wrong.stderr


def test_secret_service_keyring_inside_the_frozen_app(frozen):
    stored = frozen("credentials", "set", "--organisation", "ACME-001", input="tok-123456789\n")
    assert stored.returncode == 0, stored.stderr
    assert "SecretService" in stored.stdout
    shown = frozen("credentials", "show")
    assert "ACME-001" in shown.stdout and "tok-123456789" not in shown.stdout
    assert frozen("credentials", "clear").returncode == 0
