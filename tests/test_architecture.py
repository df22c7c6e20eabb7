"""The core never imports Qt or its front ends (import-linter contracts in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_core_source_has_no_qt_import():
    core = ROOT / "desktop" / "support_assistant" / "core"
    offenders = [p for p in core.rglob("*.py")
                 if any(line.lstrip().startswith(("import PySide6", "from PySide6",
                                                  "import shiboken6", "from shiboken6"))
                        for line in p.read_text(encoding="utf-8").splitlines())]
    assert offenders == []
