"""Review window speed: opening a 100 MB log in the text preview, jumping to its end, scrolling.

Target: a 100 MB log opens in under a second. The log has a finding (e-mail
pseudonym) on every 20th line, about 65 000 in all, like a scanned log. Figures
are medians of ``--runs`` runs, offscreen, each step also printed as a ratio of
a reference step that reads the first window's bytes with plain ``open/read``.

    .venv/bin/python benchmarks/bench_review_window.py [--mb 100] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def make_item(folder: Path, megabytes: int):  # noqa: ANN201 - an Item
    from support_assistant.core.items import Finding, Item, ItemKind
    from support_assistant.core.report import Report

    report = Report.create(root=folder)
    line = b"2026-11-25 10:00:02 worker 7 handled request for bob@example.org in 12 ms\n"
    count = megabytes * 1_000_000 // len(line)
    path = report.payload_path("log-1", ".log")
    with open(path, "wb") as handle:
        for _ in range(count // 1000):
            handle.write(line * 1000)
    at = line.index(b"bob@")
    findings = [Finding(f"f{n}", "email", "email-1", start=n * len(line) + at,
                        end=n * len(line) + at + 15, value="bob@example.org")
                for n in range(0, count, 20)]
    item = Item.from_file(id="log-1", kind=ItemKind.LOG, title="app.log", source="logs",
                          payload=path, media_type="text/plain")
    item.set_findings(findings)
    return report.add(item)


def timed(step) -> float:  # noqa: ANN001
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from support_assistant.app.text_preview import TextPreview
    from support_assistant.app.text_view import WINDOW_BYTES

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        item = make_item(Path(tmp), args.mb)
        size = item.payload.stat().st_size
        results: dict[str, list[float]] = {"reference: read one window": [],
                                           "open (show_item)": [], "Ctrl+End": [],
                                           "scroll 10 pages": [], "release a finding": []}
        for _ in range(args.runs):
            def read_window() -> None:
                with open(item.payload, "rb") as handle:
                    handle.read(WINDOW_BYTES)

            results["reference: read one window"].append(timed(read_window))
            preview = TextPreview()
            preview.resize(1000, 700)
            preview.show()
            app.processEvents()
            results["open (show_item)"].append(timed(lambda p=preview: (p.show_item(item),
                                                                        app.processEvents())))
            editor = preview.sent_view.editor
            results["Ctrl+End"].append(timed(lambda e=editor: (
                QTest.keyClick(e, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier),
                app.processEvents())))
            QTest.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)

            def pages(e=editor) -> None:
                for _ in range(10):
                    QTest.keyClick(e, Qt.Key.Key_PageDown)
                    app.processEvents()

            results["scroll 10 pages"].append(timed(pages))
            results["release a finding"].append(timed(lambda p=preview: p.findings.setData(
                p.findings.index(0, 0), Qt.CheckState.Unchecked.value,
                Qt.ItemDataRole.CheckStateRole)))
            item.keep("f0")
            preview.close()
            preview.deleteLater()
            app.processEvents()
        reference = statistics.median(results["reference: read one window"])
        print(f"log: {size / 1e6:.0f} MB, {len(item.findings)} findings, "
              f"{args.runs} runs, window {WINDOW_BYTES >> 10} KiB")
        for name, values in results.items():
            median = statistics.median(values)
            print(f"{name:28s} median {median * 1000:8.1f} ms   "
                  f"(x{median / reference:,.0f} of reference)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
