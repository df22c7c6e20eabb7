"""Compile resources/translations/*.ts into .qm files with pyside6-lrelease.

Run by the setup scripts (``scripts/build-translations``), the test run (when a
.qm is missing or older than its .ts) and importable by ``build_spec.py``
(``from build_translations import build``). The .qm files are build output and
are never committed (``.gitignore``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"


def lrelease() -> str:
    """The lrelease program of the PySide6 in this interpreter's environment."""
    bin_dir = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (bin_dir / name).exists():
            return str(bin_dir / name)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return found
    raise FileNotFoundError("pyside6-lrelease was not found: install PySide6 into this environment")


def stale(folder: Path = TRANSLATIONS) -> list[Path]:
    """The .ts files whose .qm is missing or older."""
    result = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            result.append(ts)
    return result


def build(folder: Path = TRANSLATIONS, *, only_stale: bool = False) -> list[Path]:
    """Compile each .ts in ``folder`` to a .qm beside it; returns the .qm paths."""
    sources = stale(folder) if only_stale else sorted(folder.glob("*.ts"))
    program = lrelease() if sources else ""
    built = []
    for ts in sources:
        qm = ts.with_suffix(".qm")
        subprocess.run([program, "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


if __name__ == "__main__":
    for path in build(only_stale="--if-stale" in sys.argv[1:]):
        print(path.relative_to(ROOT))
