"""Start-up cost of languages and accessibility: the review window in English vs Chinese.

Each run is a fresh subprocess (offscreen) that creates the application (translators,
CJK font fallbacks, contrast-repaired palette), builds the review window with a
Chinese log, shows it and reports how long that took.
Qt's own application (no translators, fallbacks or palette repair) is the
reference; ``en`` and ``zh_CN`` add ours (timed step by step, in ms). Medians of
``--runs`` runs, and the ratio to the reference.

    .venv/bin/python benchmarks/bench_i18n.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, tempfile, time
from pathlib import Path
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[2] + "/desktop"); sys.path.insert(0, sys.argv[2] + "/tests")
from PIL import Image
steps = {}
if sys.argv[1] == "plain":  # the reference: Qt's own application, no translators/fonts/palette
    from PySide6.QtWidgets import QApplication
    app = QApplication(["bench"])
    app.setStyle("Fusion")
else:
    from PySide6.QtWidgets import QApplication
    from support_assistant.app import application, fonts, theme
    app = QApplication(["bench"])
    app.setStyle("Fusion")
    for name, step in (("palette", lambda: theme.install(app)),
                       ("translators", lambda: application.install_translators(app, sys.argv[1])),
                       ("fonts", lambda: fonts.install_cjk_fallbacks(app))):
        s0 = time.perf_counter(); step(); steps[name] = time.perf_counter() - s0
t1 = time.perf_counter()
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy
from support_assistant.core.items import Item, ItemKind
from support_assistant.core.report import Report
report = Report.create(product="Demo", root=Path(tempfile.mkdtemp()))
log = report.payload_path(report.new_item_id("log"), ".log")
log.write_text("2026-11-25 登录 zhang.wei@example.cn\n" * 2000, encoding="utf-8")
report.add(Item.from_file(id=log.stem, kind=ItemKind.LOG, title="app.log", source="logs",
                          payload=log, media_type="text/plain"))
window = ReviewWindow(report, policy.load())
window.show()
app.processEvents()
t2 = time.perf_counter()
print(json.dumps({"application": t1 - t0, "window": t2 - t1, "total": t2 - t0, **steps}))
"""


def run(language: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
           "XDG_CONFIG_HOME": "/tmp/bench-i18n-config", "SUPPORT_ASSISTANT_POLICY": "/nonexistent"}
    out = subprocess.run([sys.executable, "-c", CHILD, language, str(ROOT)], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_translations import build

    build(only_stale=True)
    results: dict[str, dict[str, float]] = {}
    for language in ("plain", "en", "zh_CN"):
        samples = [run(language) for _ in range(runs)]
        results[language] = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    reference = results["plain"]
    print(f"{'run':<6} {'app ms':>7} {'window ms':>10} {'total ms':>9} {'ratio':>6} "
          f"{'palette':>8} {'translators':>12} {'fonts':>6}")
    for language, f in results.items():
        parts = " ".join(f"{f.get(k, 0) * 1000:>{w}.1f}" for k, w in
                         (("palette", 8), ("translators", 12), ("fonts", 6)))
        print(f"{language:<6} {f['application'] * 1000:>7.1f} {f['window'] * 1000:>10.1f} "
              f"{f['total'] * 1000:>9.1f} {f['total'] / reference['total']:>6.2f} {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
