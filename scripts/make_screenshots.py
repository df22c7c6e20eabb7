"""Draws the README screenshot of the review window with a real report in it.

Run through ``scripts/make-screenshots`` (it starts a private Xvfb and isolated
user folders). The app collects and scans for real; this script only plays the
user: it opens an "error" window for the screenshot, approves two items,
releases one finding and selects the log.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402

from support_assistant.app import dialogs  # noqa: E402
from support_assistant.app.application import create_application  # noqa: E402
from support_assistant.app.review_window import ReviewWindow  # noqa: E402
from support_assistant.core import policy  # noqa: E402
from support_assistant.core.report import ErrorInfo, Report  # noqa: E402
from support_assistant.core.workflow import CollectRequest  # noqa: E402

OUT = ROOT / "resources" / "screenshots"

# What the "user" of each language types and sees: the product's log, its error box, a description.
SCENES = {
    "en": {
        "log": """\
2026-11-25 09:14:02 INFO  starting Acme Ledger 4.2.1 (build 9931)
2026-11-25 09:14:03 INFO  user anna.schmidt@example.com signed in from 192.168.10.42
2026-11-25 09:14:03 INFO  opened /home/anna/Documents/ledger-2026.db
2026-11-25 09:14:07 WARN  sync server ledger.acme-internal.example took 4120 ms
2026-11-25 09:14:09 ERROR failed to write journal: disk quota exceeded
2026-11-25 09:14:09 ERROR   at Journal.flush (journal.c:812)
2026-11-25 09:14:09 INFO  sent crash notice for anna.schmidt@example.com
""",
        "product": "Acme Ledger", "error": "Could not save ledger-2026.db",
        "box": "Could not save ledger-2026.db: disk quota exceeded.",
        "description": "Saving the ledger failed right after signing in.",
    },
    "zh_CN": {
        "log": """\
2026-11-25 09:14:02 INFO  启动 Acme 账本 4.2.1（内部版本 9931）
2026-11-25 09:14:03 INFO  用户 zhang.wei@example.cn 从 192.168.10.42 登录，手机 13812345678
2026-11-25 09:14:03 INFO  打开 /home/zhangwei/文档/账本-2026.db
2026-11-25 09:14:07 WARN  同步服务器 ledger.acme-internal.example 耗时 4120 毫秒
2026-11-25 09:14:09 ERROR 写入日志失败：磁盘配额已满
2026-11-25 09:14:09 ERROR   位于 Journal.flush (journal.c:812)
2026-11-25 09:14:09 INFO  已向 zhang.wei@example.cn 发送崩溃通知
""",
        "product": "Acme 账本", "error": "无法保存 账本-2026.db",
        "box": "无法保存 账本-2026.db：磁盘配额已满。",
        "description": "登录后保存账本时立即失败。",
    },
}

ERROR_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication(sys.argv[:1])
box = QMessageBox(QMessageBox.Icon.Critical, sys.argv[1], sys.argv[2])
box.move(300, 250)
box.show()
print("ready", flush=True)
app.exec()
"""


class Quiet(dialogs.DialogService):
    def confirm(self, *args, **kwargs) -> bool:  # noqa: ANN002, ANN003
        return True

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        print("error:", text, file=sys.stderr)

    def information(self, parent, title, text) -> None:  # noqa: ANN001
        pass


def wait_for(signal, timeout_ms: int = 60000) -> None:  # noqa: ANN001
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", choices=sorted(SCENES), default="en")
    language = parser.parse_args(argv).language
    scene = SCENES[language]
    app = create_application(language=language)
    dialogs.set_service(Quiet())
    folder = Path(tempfile.mkdtemp())
    log = folder / "acme-ledger.log"
    log.write_text(scene["log"], encoding="utf-8")
    error_window = subprocess.Popen([sys.executable, "-c", ERROR_WINDOW, scene["product"],
                                     scene["box"]], stdout=subprocess.PIPE, text=True,
                                    env=dict(os.environ))
    error_window.stdout.readline()
    report = Report.create(product=scene["product"], product_version="4.2.1",
                           error=ErrorInfo(message=scene["error"]))
    config = policy.load()
    window = ReviewWindow(report, config)
    window.resize(1400, 860)
    window.show()
    window.collect(CollectRequest(names=["environment", "logs"], log_paths=[str(log)]))
    wait_for(window.itemsReady)
    window.capture.take("desktop", 0, 0)
    wait_for(window.itemsReady)
    error_window.kill()
    window.description.setPlainText(scene["description"])
    for item in report.items:
        if item.kind.value in ("environment", "screenshot"):
            window.model.set_approved(item.id, True)
    log_item = next(i for i in report.items if i.kind.value == "log")
    window.select(log_item.id)
    settle()
    table = window.preview.text.findings
    for row in range(table.rowCount()):
        if "192.168" in str(table.data(table.index(row, 2))):
            table.setData(table.index(row, 0), Qt.CheckState.Unchecked.value,
                          Qt.ItemDataRole.CheckStateRole)
    window.preview.text.set_side_by_side(True)
    settle(1500)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"review-window-{language}.png"
    window.grab().save(str(target))
    print(target)
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
