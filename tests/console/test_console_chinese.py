"""The console with the real zh_CN translations: every page, menu and accessible name in Chinese."""

from __future__ import annotations

import sys
from pathlib import Path

from console_bundles import console_bundle
from PySide6.QtWidgets import QLabel, QWidget

from support_assistant.console.window import ConnectionDialog, ConsoleWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from i18n_support import CJK, chinese, english_left, seen_and_heard  # noqa: E402


def test_console_shows_no_english_in_chinese(qtbot, qapp, tmp_path):
    _, summary = console_bundle(tmp_path)
    with chinese(qapp):
        window = ConsoleWindow()
        qtbot.addWidget(window)
        window.show()
        view = window.open_path(summary.path)
        qtbot.waitUntil(lambda: view.all_verified, timeout=20000)
        for page in ("log-1", "screenshot-1", "environment-1"):
            with qtbot.waitSignal(view.pageReady, timeout=20000):
                view.show_page(page)
        view.show_page("consent")
        data: set[QWidget] = {view.pages["log-1"].text.editor}
        data |= set(view.summary.values.values())
        consent = view.pages["consent"]
        data |= {w for w in consent.findChildren(QLabel) if w.accessibleName()}
        found = seen_and_heard(window, data)
        for menu in window.menuBar().actions():
            found += [menu.text()] + [a.text() for a in menu.menu().actions()]
        names = (summary.path.name, str(summary.path))  # the bundle's tab: its file name
        assert english_left(s for s in found if s not in names) == []
        pages = [view.page_list.item(i).text() for i in range(view.page_list.count())]
        assert len(pages) == 5 and all(CJK.search(text) for text in pages), pages  # kinds too
        consent = view.pages["consent"]
        shot_row = next(consent.row_texts(r) for r in range(consent.table.rowCount())
                        if "screenshot-1" in consent.row_texts(r)[0])
        assert shot_row[1] == "截图" and shot_row[3] == "1 × 用户名"
        dialog = ConnectionDialog(None, window)
        assert english_left(seen_and_heard(dialog, set())) == []
